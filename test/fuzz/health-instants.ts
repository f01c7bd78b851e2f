/**
 * A run's health told once per instant (parts-agree.ts holds every drawn run to it): a participant's status
 * for a service changes at most once in a microsecond. Two health lines at one instant mean the world was
 * judged half-changed — one step's units, a rollback's, a crash before its sessions were reported down — and
 * a report would show a status that lasted no time, or stretch an interval to it.
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"

/** Up to `max` participant-services with more than one health line at one instant, in the trace `dir` holds. */
export const statusesLastingNoTime = (dir: string, max = 3): Array<string> => {
  const seen = new Map<string, Array<string>>()
  for (const line of readFileSync(join(dir, "trace.ndjson"), "utf8").split("\n")) {
    if (!line.includes('"kind":"health"')) continue
    const e = JSON.parse(line) as { t: number; subject: string; data: { service: string; status: string } }
    const key = `${e.t} ${e.subject} ${e.data.service}`
    seen.set(key, [...(seen.get(key) ?? []), e.data.status])
  }
  const flips = [...seen].filter(([, statuses]) => statuses.length > 1)
  return flips.slice(0, max).map(([key, statuses]) => `trace.ndjson: health at one instant ${key}: ${statuses.join(" → ")} (${flips.length} such)`)
}
