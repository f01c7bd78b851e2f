/**
 * The worst of each interval between two health samples (report.json `health[].worst`), folded from every
 * `health` event: per service, the most participants down, degraded or worse, and not served at any instant
 * of [previous sample, this sample). An instant counts once all its events are in (a status that changed and
 * changed back within one microsecond never held), and belongs to the interval that starts at or before it:
 * a change at exactly a sample's time is the next interval's, whether its events come before the `metrics`
 * event of that instant or after it.
 */
import { type HealthStatus, healthRank } from "../../twin/contract/health.ts"

export type Worst = { down: number; degradedOrWorse: number; notServed: number }

const zero = (): Worst => ({ down: 0, degradedOrWorse: 0, notServed: 0 })
const levels = (status: HealthStatus): Worst =>
  ({ down: status === "down" ? 1 : 0, degradedOrWorse: healthRank[status] >= healthRank.degraded ? 1 : 0, notServed: status === "served" ? 0 : 1 })
const max = (a: Worst, b: Worst): Worst =>
  ({ down: Math.max(a.down, b.down), degradedOrWorse: Math.max(a.degradedOrWorse, b.degradedOrWorse), notServed: Math.max(a.notServed, b.notServed) })

export class IntervalWorst {
  /** Per service, now (every change applied) and as of the last settled instant. */
  private readonly now = new Map<string, Worst>()
  private readonly held = new Map<string, Worst>()
  /** The instant being read and the services that changed at it. */
  private instant = -1
  private readonly changed = new Set<string>()
  /** The open interval: its start, the states held into it from before, and the settled states within it. */
  private start = -1
  private heldIn = new Map<string, Worst>()
  private readonly changedAtStart = new Set<string>()
  private readonly peak = new Map<string, Worst>()

  /** A participant's status for `service` went from `before` (undefined: its first) to `after` at `t`. */
  change(t: number, service: string, before: HealthStatus | undefined, after: HealthStatus): void {
    this.at(t)
    const n = this.now.get(service) ?? zero()
    const was = before === undefined ? zero() : levels(before)
    const is = levels(after)
    this.now.set(service, { down: n.down + is.down - was.down, degradedOrWorse: n.degradedOrWorse + is.degradedOrWorse - was.degradedOrWorse, notServed: n.notServed + is.notServed - was.notServed })
    this.changed.add(service)
  }

  /** A sample at `t`: the worst per service of the interval it closes, and a new interval from `t`. */
  sample(t: number, services: ReadonlyArray<string>): Record<string, Worst> {
    this.at(t)
    const out: Record<string, Worst> = {}
    for (const service of services) {
      const held = this.changedAtStart.has(service) ? undefined : this.heldIn.get(service)
      const peak = this.peak.get(service)
      out[service] = held === undefined ? peak ?? zero() : peak === undefined ? held : max(held, peak)
    }
    this.start = t
    this.heldIn = new Map(this.held)
    this.changedAtStart.clear()
    this.peak.clear()
    // Changes already read at this instant are the new interval's (folded when the instant is settled).
    for (const service of this.changed) this.changedAtStart.add(service)
    return out
  }

  /** Settles the instant being read once a later one begins. */
  private at(t: number): void {
    if (t <= this.instant) return
    for (const service of this.changed) {
      const n = this.now.get(service)!
      this.peak.set(service, this.peak.has(service) ? max(this.peak.get(service)!, n) : { ...n })
      this.held.set(service, { ...n })
      if (this.instant === this.start) this.changedAtStart.add(service)
    }
    this.changed.clear()
    this.instant = t
  }
}
