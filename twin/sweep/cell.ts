/**
 * One cell of a sweep's matrix — a fault injected through a column — and how it is folded from the
 * per-state effects: participants (distinct) and participant-service minutes (per service, summed) down or
 * left without redundancy because of the fault, compared with the same column without it. The minutes are
 * called participant-service minutes wherever they are printed: a participant losing five services for
 * 50 minutes counts 250, more than the 50 participant-minutes the words would otherwise promise.
 *
 * Each participant is counted once, in its worst class over the column — down if it lost some service at
 * some point, else without redundancy — and a class's per-service counts and minutes are its own
 * participants' (docs/planner.md): a participant left without redundancy for a minute and then down is
 * down, its minute without redundancy in no figure, so that "0 without redundancy" never comes with minutes.
 */
import { type Service, services } from "../../topology/schema.ts"
import { MICROS_PER_SECOND, type Micros } from "../engine/time.ts"

export interface CellImpact {
  /** Participants with some service down at some point in the column. */
  readonly participantsDown: number
  /** Participants not down but with some service left without redundancy. */
  readonly participantsWeak: number
  /**
   * Per service: participants down in it at some point / of `participantsWeak`, those without redundancy in
   * it (a participant down in one service and without redundancy in another counts only as down).
   */
  readonly services: Readonly<Partial<Record<Service, { readonly down: number; readonly weak: number }>>>
  /** Participant-service minutes (each service counted) down, and without redundancy of `participantsWeak`. */
  readonly minutesDown: number
  readonly minutesWeak: number
  /** Up to five participants down (or, if none, left without redundancy), by id. */
  readonly examples: ReadonlyArray<string>
}

export const noImpact: CellImpact = { participantsDown: 0, participantsWeak: 0, services: {}, minutesDown: 0, minutesWeak: 0, examples: [] }

export const isEmpty = (c: CellImpact): boolean => c.participantsDown === 0 && c.participantsWeak === 0

/** Accumulates slot sets over a column's states. */
export class CellFolder {
  private readonly down = new Set<number>()
  private readonly weak = new Set<number>()
  private minutesDown = 0
  /** Per participant: its participant-service minutes without redundancy, kept only if it is never down. */
  private readonly minutesWeak = new Map<number, number>()

  add(down: ArrayLike<number>, weak: ArrayLike<number>, from: Micros, to: Micros): void {
    const minutes = (to - from) / MICROS_PER_SECOND / 60
    const n = services.length
    for (let i = 0; i < down.length; i++) this.down.add(down[i]!)
    for (let i = 0; i < weak.length; i++) {
      this.weak.add(weak[i]!)
      const p = Math.floor(weak[i]! / n)
      this.minutesWeak.set(p, (this.minutesWeak.get(p) ?? 0) + minutes)
    }
    this.minutesDown += down.length * minutes
  }

  result(participants: ReadonlyArray<{ readonly id: string }>): CellImpact {
    const n = services.length
    const downParticipants = new Set([...this.down].map((s) => Math.floor(s / n)))
    const weakParticipants = new Set([...this.weak].map((s) => Math.floor(s / n)).filter((p) => !downParticipants.has(p)))
    const perService: Partial<Record<Service, { down: number; weak: number }>> = {}
    for (const s of [...this.down].sort((a, b) => a - b)) (perService[services[s % n]!] ??= { down: 0, weak: 0 }).down++
    for (const s of [...this.weak].sort((a, b) => a - b)) if (weakParticipants.has(Math.floor(s / n))) (perService[services[s % n]!] ??= { down: 0, weak: 0 }).weak++
    let minutesWeak = 0
    for (const p of [...weakParticipants].sort((a, b) => a - b)) minutesWeak += this.minutesWeak.get(p)!
    return {
      participantsDown: downParticipants.size,
      participantsWeak: weakParticipants.size,
      services: Object.fromEntries(services.filter((s) => perService[s] !== undefined).map((s) => [s, perService[s]!])),
      minutesDown: round(this.minutesDown),
      minutesWeak: round(minutesWeak),
      examples: [...(downParticipants.size > 0 ? downParticipants : weakParticipants)].sort((a, b) => a - b).slice(0, 5).map((p) => participants[p]!.id)
    }
  }
}

const round = (x: number) => Math.round(x * 100) / 100
