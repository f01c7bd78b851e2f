/**
 * Answers read straight off a trace file, independently of the viewer's reducer, for browser tests to
 * compare the DOM with: the units moved at a time, and who is worse off than by design.
 */
import { readFileSync } from "node:fs"

interface Event {
  t: number
  kind: string
  subject: string
  data: Record<string, unknown>
}

export const readTrace = (file: string): Array<Event> =>
  readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Event)

export const movedAt = (events: ReadonlyArray<Event>, t: number): Array<string> => {
  const moved = new Set<string>()
  for (const e of events) {
    if (e.t > t) break
    if (e.kind === "trace.start") for (const u of e.data.moved as Array<string>) moved.add(u)
    if (e.kind === "world.change" && e.data.what === "unit") {
      if (e.data.moved === true) moved.add(e.subject)
      else moved.delete(e.subject)
    }
  }
  return [...moved].sort()
}

const rank = ["served", "served-without-redundancy", "degraded", "down"]

/** Participants with some service worse than by design (its first event's `design`, else its first status), or degraded/down, at t. */
export const affectedAt = (events: ReadonlyArray<Event>, t: number): Array<string> => {
  const first = new Map<string, string>()
  const now = new Map<string, string>()
  for (const e of events) {
    if (e.t > t) break
    if (e.kind !== "health") continue
    const key = `${e.subject}|${String(e.data.service)}`
    if (!first.has(key)) first.set(key, String(e.data.design ?? e.data.status))
    now.set(key, String(e.data.status))
  }
  const out = new Set<string>()
  for (const [key, status] of now) {
    const r = rank.indexOf(status)
    if (r > rank.indexOf(first.get(key)!) || r >= 2) out.add(key.split("|")[0]!)
  }
  return [...out].sort()
}

/** Participants with `service` down at t. */
export const downAt = (events: ReadonlyArray<Event>, t: number, service: string): Array<string> => {
  const now = new Map<string, string>()
  for (const e of events) {
    if (e.t > t) break
    if (e.kind === "health" && e.data.service === service) now.set(e.subject, String(e.data.status))
  }
  return [...now].filter(([, s]) => s === "down").map(([p]) => p).sort()
}
