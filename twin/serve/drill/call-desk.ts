/**
 * The support desk's phone: when an affected participant calls, and the ticket its call makes (monitor.ts
 * for broken services, order-tickets.ts for orders in trouble). A participant calls `callDelay` after its
 * trouble began if it is still in trouble then; one ticket open per participant-service and kind of call,
 * resolved when the participant says it works again; a new call may come after that.
 *
 * Gotcha: a ticket's text is said on the call (`text` is asked then), and its id counts the calls of its
 * key — not the order tickets were made, which follows how coarsely the world was advanced.
 */
import type { Ticket } from "../../contract/drill-protocol.ts"
import type { Service } from "../../contract/services.ts"
import { type Micros, seconds } from "../../engine/time.ts"

/** The call comes 60 s + (FNV-1a of the participant and service mod 120) s after the service broke. */
export const callDelay = (participant: string, service: Service): Micros => {
  let h = 0x811c9dc5
  for (const c of `${participant}|${service}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0
  return seconds(60 + (h % 120))
}

interface Call {
  readonly participant: string
  readonly service: Service
  readonly due: Micros
  readonly text: () => string
}

export class CallDesk {
  private readonly tickets: Array<Ticket & { resolved: number | null }> = []
  private readonly open = new Map<string, number>()
  private readonly pending = new Map<string, Call>()
  private readonly calls = new Map<string, number>()
  private readonly idPart: string
  private readonly changed: () => void

  /** `idPart`: what ticket ids say between the service and the call's number (`orders/`, or nothing). */
  constructor(idPart: string, changed: () => void) {
    this.idPart = idPart
    this.changed = changed
  }

  /** `key`'s trouble began at `t`: its participant calls `callDelay` later, unless a call is due or a ticket open. */
  troubleBegan(key: string, participant: string, service: Service, t: Micros, text: () => string): void {
    if (this.open.has(key) || this.pending.has(key)) return
    this.pending.set(key, { participant, service, due: t + callDelay(participant, service), text })
  }

  /** `key` works again at `t`: no call comes, and its open ticket is resolved. */
  worksAgain(key: string, t: Micros): void {
    this.pending.delete(key)
    const open = this.open.get(key)
    if (open === undefined) return
    this.tickets[open]!.resolved = t
    this.open.delete(key)
    this.changed()
  }

  /** When `key`'s call is due, if one is. */
  dueOf(key: string): Micros | undefined {
    return this.pending.get(key)?.due
  }

  /** The earliest call due, if any. */
  next(): { readonly key: string; readonly due: Micros } | undefined {
    let next: { key: string; due: Micros } | undefined
    for (const [key, c] of this.pending) if (next === undefined || c.due < next.due) next = { key, due: c.due }
    return next
  }

  /** `key`'s call comes: the ticket, dated at its due instant. */
  call(key: string): void {
    const c = this.pending.get(key)
    if (c === undefined) return
    this.pending.delete(key)
    const n = (this.calls.get(key) ?? 0) + 1
    this.calls.set(key, n)
    this.open.set(key, this.tickets.length)
    this.tickets.push({ id: `${c.participant}/${c.service}/${this.idPart}${n}`, participant: c.participant, service: c.service, at: c.due, text: c.text(), resolved: null })
    this.changed()
  }

  /** Every call due by `now`. */
  callDue(now: Micros): void {
    for (const [key, c] of this.pending) if (c.due <= now) this.call(key)
  }

  list(): ReadonlyArray<Ticket> {
    return this.tickets.map((t) => ({ ...t }))
  }
}
