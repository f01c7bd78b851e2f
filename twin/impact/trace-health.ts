/**
 * Health intervals as the message engine recorded them: the trace's `health` events (participant,
 * service, status) turned into per participant and service intervals over the run's window — the same
 * shape as the impact engine's, so the two can be compared (agreement.ts).
 */
import type { Service } from "../../topology/schema.ts"
import type { Micros } from "../engine/time.ts"
import type { HealthStatus } from "../contract/health.ts"
import { isKind, type TraceEvent } from "../contract/trace-event.ts"
import type { HealthInterval } from "./integrate.ts"

export const traceHealthIntervals = (events: Iterable<TraceEvent>, window: { readonly from: Micros; readonly to: Micros }): ReadonlyArray<HealthInterval> => {
  const open = new Map<string, { participant: string; service: Service; status: HealthStatus; from: Micros }>()
  const out: Array<HealthInterval> = []
  const close = (key: string, at: Micros) => {
    const o = open.get(key)
    if (o !== undefined && at > o.from) out.push({ ...o, to: at })
  }
  for (const e of events) {
    if (!isKind(e, "health")) continue
    const d = e.data
    const key = `${e.subject}|${d.service}`
    const at = Math.max(e.t, window.from)
    close(key, at)
    open.set(key, { participant: e.subject, service: d.service, status: d.status, from: at })
  }
  for (const key of open.keys()) close(key, window.to)
  return out
}
