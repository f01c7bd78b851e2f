/**
 * Comparing the impact engine's health intervals with the message engine's (a trace's `health` events).
 *
 * Tolerance: the two agree everywhere except in the `settle` time after each change of the physical state
 * (default 5 minutes). The impact engine judges health the instant the network changes; the protocols take
 * time to notice and to recover — an OCG-C session whose gateway dies is down from that instant until it
 * has logged on at its secondary (heartbeat timeout, Logon timeout at the dead primary: about 4 minutes,
 * while the impact engine says without redundancy), a feed handler notices a silent
 * line after its timeout, a session comes back only once it has logged on again. Every disagreement must
 * end within `settle` of the last physical change before it began; anything else is reported.
 */
import type { Micros } from "../engine/time.ts"
import { MICROS_PER_SECOND } from "../engine/time.ts"
import type { HealthStatus } from "../contract/health.ts"
import type { HealthInterval } from "./integrate.ts"

export const DEFAULT_SETTLE: Micros = 300 * MICROS_PER_SECOND

export interface Disagreement {
  readonly participant: string
  readonly service: string
  readonly from: Micros
  readonly to: Micros
  readonly impact: HealthStatus
  readonly message: HealthStatus
  /** The physical change this disagreement follows (the latest at or before `from`). */
  readonly afterChange: Micros
  /** Within the tolerance: it ends no later than `afterChange + settle`. */
  readonly explained: boolean
}

interface Segment {
  readonly status: HealthStatus
  readonly from: Micros
  readonly to: Micros
}

const grouped = (intervals: ReadonlyArray<HealthInterval>): Map<string, Array<Segment>> => {
  const out = new Map<string, Array<Segment>>()
  for (const i of intervals) {
    const key = `${i.participant}|${i.service}`
    let list = out.get(key)
    if (list === undefined) out.set(key, (list = []))
    list.push(i)
  }
  return out
}

const statusAt = (segments: ReadonlyArray<Segment> | undefined, t: Micros): HealthStatus =>
  segments?.find((s) => s.from <= t && t < s.to)?.status ?? "served"

export const compareHealth = (
  impact: ReadonlyArray<HealthInterval>,
  message: ReadonlyArray<HealthInterval>,
  window: { readonly from: Micros; readonly to: Micros },
  changes: ReadonlyArray<Micros>,
  settle: Micros = DEFAULT_SETTLE
): ReadonlyArray<Disagreement> => {
  const a = grouped(impact)
  const b = grouped(message)
  const sortedChanges = [...changes].sort((x, y) => x - y)
  const lastChange = (t: Micros) => {
    let found = window.from
    for (const c of sortedChanges) if (c <= t) found = c
    return found
  }
  const out: Array<Disagreement> = []
  for (const key of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const [participant, service] = key.split("|") as [string, string]
    const sa = a.get(key)
    const sb = b.get(key)
    const points = [...new Set([window.from, ...[...(sa ?? []), ...(sb ?? [])].flatMap((s) => [s.from, s.to])])]
      .filter((t) => t >= window.from && t < window.to)
      .sort((x, y) => x - y)
    let open: { from: Micros; impact: HealthStatus; message: HealthStatus } | undefined
    const flush = (to: Micros) => {
      if (open === undefined) return
      const afterChange = lastChange(open.from)
      out.push({ participant, service, ...open, to, afterChange, explained: to <= afterChange + settle })
      open = undefined
    }
    for (const t of points) {
      const x = statusAt(sa, t)
      const y = statusAt(sb, t)
      if (open !== undefined && (open.impact !== x || open.message !== y)) flush(t)
      if (x !== y && open === undefined) open = { from: t, impact: x, message: y }
    }
    flush(window.to)
  }
  return out
}
