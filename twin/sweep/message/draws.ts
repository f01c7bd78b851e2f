/**
 * The random faults of a Monte Carlo sweep through the message engine (`twin sweep --engine message
 * --faults random:K`): K draws, each one fault of the scenario's own fault list (its catalogue: the faults
 * it names, those it draws with `draw:` drawn at the base seed) re-timed within bounds:
 * - its length uniform in whole seconds in [min(1 min, L), L], where L is the part of the fault as written
 *   before the window's end — written start to written end, or to the window's end when it has none or ends
 *   later — at least 1 s and at most the window's length (09:10 for 30m in 09:00–09:20: L = 10 min);
 * - its start uniform in whole seconds in [window start, window end − length], so it ends inside the window.
 * Draw k takes its numbers from `keyedRandom(seed, "message-draw|k")`: the same seed always draws the same
 * K faults, and draw k does not depend on K.
 */
import { keyedRandom } from "../../engine/random.ts"
import { MICROS_PER_SECOND, type Micros } from "../../engine/time.ts"

export interface CatalogueFault {
  readonly id: string
  readonly kind: string
  readonly start: Micros
  readonly end: Micros | undefined
}

export interface FaultDraw {
  /** `draw-<k+1>`: the draw's number, from 1. */
  readonly id: string
  /** Index of the fault in the scenario's fault list. */
  readonly fault: number
  readonly faultId: string
  readonly kind: string
  readonly start: Micros
  readonly end: Micros
}

const MINUTE: Micros = 60 * MICROS_PER_SECOND

export const drawFaults = (catalogue: ReadonlyArray<CatalogueFault>, window: { readonly from: Micros; readonly to: Micros }, count: number, seed: number): ReadonlyArray<FaultDraw> =>
  Array.from({ length: count }, (_, k) => {
    const draws = keyedRandom(seed, `message-draw|${k}`)
    const index = Math.floor(draws.next() * catalogue.length)
    const f = catalogue[index]!
    const written = Math.max(MICROS_PER_SECOND, Math.min(f.end ?? window.to, window.to) - f.start)
    const longest = Math.floor(Math.min(written, window.to - window.from) / MICROS_PER_SECOND)
    const shortest = Math.min(MINUTE / MICROS_PER_SECOND, longest)
    const length = (shortest + Math.floor(draws.next() * (longest - shortest + 1))) * MICROS_PER_SECOND
    const slots = Math.floor((window.to - window.from - length) / MICROS_PER_SECOND) + 1
    const start = window.from + Math.floor(draws.next() * slots) * MICROS_PER_SECOND
    return { id: `draw-${k + 1}`, fault: index, faultId: f.id, kind: f.kind, start, end: start + length }
  })
