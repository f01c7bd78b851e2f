/**
 * The parts of a split run (parts.ts) written as one trace: events in time order, and at one instant the
 * first part's before the next part's (each part's own order kept). The parts sample metrics at the same
 * instants: each sample becomes one line where the first part's stands, its event count the sum over the
 * parts and its health the sum of their counts (each part counts only the services it judges).
 */
import { type HealthStatus } from "../world/health.ts"
import type { TraceEvent, TraceSink } from "../engine/trace.ts"

interface MetricsData {
  readonly health: Record<string, Record<HealthStatus, number>>
  readonly events: number
}

const METRICS = "metrics"

/** Adds health counts per service and status (the services and statuses of the first). */
export const addHealthCounts = (
  a: Record<string, Record<HealthStatus, number>>,
  b: Record<string, Record<HealthStatus, number>>
): Record<string, Record<HealthStatus, number>> =>
  Object.fromEntries(
    Object.entries(a).map(([service, counts]) => [
      service,
      Object.fromEntries(Object.entries(counts).map(([status, n]) => [status, n + (b[service]?.[status as HealthStatus] ?? 0)])) as Record<HealthStatus, number>
    ])
  )

/**
 * The merge in pieces: each call writes up to `count` more events and says whether the merge is done
 * (simulate-in-parts.ts pauses between pieces, so that Ctrl-C stops a whole day's merge too). Pieces of
 * any size write the same events in the same order.
 */
export const startMerge = (parts: ReadonlyArray<ReadonlyArray<TraceEvent>>, sink: TraceSink): (count: number) => boolean => {
  // Every part after the first: its metrics samples by instant, folded into the first part's.
  const samples = parts.slice(1).map((events) => new Map(events.filter((e) => e.kind === METRICS).map((e) => [e.t, e.data as unknown as MetricsData])))
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
      if (event.kind !== METRICS) sink.write(event)
      else if (pick === 0) {
        let data = event.data as unknown as MetricsData
        for (const [i, byTime] of samples.entries()) {
          const other = byTime.get(event.t)
          if (other === undefined) throw new Error(`part ${i + 1} has no metrics sample at ${event.t}`)
          data = { health: addHealthCounts(data.health, other.health), events: data.events + other.events }
        }
        sink.write({ ...event, data: data as never })
      }
    }
    return parts.every((events, p) => next[p]! >= events.length)
  }
}
