/**
 * Harm: participant-minutes of outage per service, folded from a trace's `health` events — how long each
 * participant-service was `down` (and, apart, `degraded`) inside a window. The score compares the trainee's
 * run with the ideal response's on the same seed by both together (docs/drills.md "Scoring").
 */
import type { Harm } from "../../contract/drill-protocol.ts"
import { baselineOf, healthRank, type HealthStatus } from "../../contract/health.ts"
import type { Service } from "../../contract/services.ts"
import { isKind, type TraceEvent } from "../../contract/trace-event.ts"
import type { Micros } from "../../engine/time.ts"

const MINUTE = 60_000_000

/** Rounded to a hundredth of a participant-minute (0.6 s), so the JSON reads the same on every machine. */
const round = (x: number) => Math.round(x * 100) / 100

export const harmOf = (events: Iterable<TraceEvent>, window: { readonly from: Micros; readonly to: Micros }): Harm => {
  const down: Partial<Record<Service, number>> = {}
  const degraded: Partial<Record<Service, number>> = {}
  const since = new Map<string, { status: HealthStatus; t: Micros; service: Service }>()
  const close = (s: { status: HealthStatus; t: Micros; service: Service }, until: Micros) => {
    const from = Math.max(s.t, window.from)
    const to = Math.min(until, window.to)
    if (to <= from) return
    const table = s.status === "down" ? down : s.status === "degraded" ? degraded : undefined
    if (table !== undefined) table[s.service] = (table[s.service] ?? 0) + (to - from) / MINUTE
  }
  for (const e of events) {
    if (!isKind(e, "health")) continue
    const key = `${e.subject}|${e.data.service}`
    const before = since.get(key)
    if (before !== undefined) close(before, e.t)
    since.set(key, { status: e.data.status, t: e.t, service: e.data.service })
  }
  for (const s of since.values()) close(s, window.to)
  const rounded = (t: Partial<Record<Service, number>>) => Object.fromEntries(Object.entries(t).map(([k, v]) => [k, round(v)]))
  const total = (t: Partial<Record<Service, number>>) => round(Object.values(t).reduce((a, b) => a + b, 0))
  return { down: rounded(down), degraded: rounded(degraded), totalDown: total(down), totalDegraded: total(degraded) }
}

/** A participant-service broken for less than this is not affected (a blip no one calls about). */
export const AFFECTED_AFTER: Micros = 60_000_000

/**
 * Participants whose service (one of `services`) was worse than working — `degraded` or `down` after a
 * better status, or from its first status when better by design (an incident from the window's opening:
 * twin/contract/health.ts `baselineOf`) — for at least AFFECTED_AFTER without a break, starting in [from,
 * to] (a spell still on at `to` counts to `to`): the affected participants a diagnosis should name, those
 * who would call.
 */
export const affectedParticipants = (
  events: Iterable<TraceEvent>,
  services: ReadonlyArray<Service>,
  window: { readonly from: Micros; readonly to: Micros }
): ReadonlyArray<string> => {
  const wanted = new Set(services)
  const out = new Set<string>()
  const broke = new Map<string, Micros>()
  for (const e of events) {
    if (!isKind(e, "health") || !wanted.has(e.data.service)) continue
    const key = `${e.subject}|${e.data.service}`
    const since = broke.get(key)
    const bad = healthRank[e.data.status] >= 2
    if (since !== undefined && !bad) {
      broke.delete(key)
      if (e.t - since >= AFFECTED_AFTER) out.add(e.subject)
    } else if (since === undefined && bad && healthRank[e.data.previous ?? baselineOf(e.data)] < 2 && e.t >= window.from && e.t <= window.to) {
      broke.set(key, e.t)
    }
  }
  for (const [key, since] of broke) if (window.to - since >= AFFECTED_AFTER) out.add(key.slice(0, key.indexOf("|")))
  return [...out].sort()
}
