/**
 * The parts of a split run (parts.ts) written as one trace: events in time order, and at one instant the
 * first part's before the next part's (each part's own order kept). What the world writes (`WORLD_LEVEL`),
 * every part wrote: the first part's lines are kept, the others' dropped. The parts sample metrics at the same
 * instants: each sample becomes one line where the first part's stands, its event count the sum over the
 * parts and its health the sum of their counts (each part counts only the services it judges).
 */
import type { HealthCounts } from "../contract/health.ts"
import type { MetricsData } from "../contract/kinds-world.ts"
import { isKind, type TraceEvent } from "../contract/trace-event.ts"
import { METRICS, type TraceKind } from "../contract/trace-kinds.ts"
import type { TraceSink } from "../engine/trace.ts"

/**
 * What the world writes rather than a system: every part of a world that changes (faults, cutover moves,
 * instructor controls) writes it, and the merged trace keeps the first part's (whose order of these lines and
 * its own systems' is the one world's).
 */
export const WORLD_LEVEL: ReadonlySet<string> = new Set<TraceKind>(["world.change", "world.converged", "live.control", "scenario.fault"])

/** Counts per status added, in the order the health tracker writes them (the order of HEALTH_STATUSES). */
const addCounts = (a: HealthCounts, b: HealthCounts | undefined): HealthCounts => ({
  served: a.served + (b?.served ?? 0),
  "served-without-redundancy": a["served-without-redundancy"] + (b?.["served-without-redundancy"] ?? 0),
  degraded: a.degraded + (b?.degraded ?? 0),
  down: a.down + (b?.down ?? 0)
})

/** Adds health counts per service and status (the services of the first, in its order). */
export const addHealthCounts = (
  a: { readonly [service: string]: HealthCounts },
  b: { readonly [service: string]: HealthCounts }
): { readonly [service: string]: HealthCounts } =>
  Object.fromEntries(Object.entries(a).map(([service, counts]) => [service, addCounts(counts, b[service])]))

/**
 * The merge in pieces: each call writes up to `count` more events and says whether the merge is done
 * (simulate-in-parts.ts pauses between pieces, so that Ctrl-C stops a whole day's merge too). Pieces of
 * any size write the same events in the same order.
 */
export const startMerge = (parts: ReadonlyArray<ReadonlyArray<TraceEvent>>, sink: TraceSink): (count: number) => boolean => {
  // Every part after the first: its metrics samples by instant, folded into the first part's.
  const samples = parts.slice(1).map((events) => new Map(events.filter((e) => isKind(e, METRICS)).map((e) => [e.t, e.data])))
  const next = parts.map(() => 0)
  return (count) => {
    for (let n = 0; n < count; n++) {
      let pick = -1
      for (let p = 0; p < parts.length; p++) {
        const e = parts[p]![next[p]!]
        if (e !== undefined && (pick < 0 || e.t < parts[pick]![next[pick]!]!.t)) pick = p
      }
      if (pick < 0) return true
      const event = parts[pick]![next[pick]!++]!
      if (pick > 0 && WORLD_LEVEL.has(event.kind)) continue
      if (!isKind(event, METRICS)) sink.write(event)
      else if (pick === 0) {
        let data: MetricsData = event.data
        for (const [i, byTime] of samples.entries()) {
          const other = byTime.get(event.t)
          if (other === undefined) throw new Error(`part ${i + 1} has no metrics sample at ${event.t}`)
          data = { health: addHealthCounts(data.health, other.health), events: data.events + other.events }
        }
        sink.write({ ...event, data })
      }
    }
    return parts.every((events, p) => next[p]! >= events.length)
  }
}
