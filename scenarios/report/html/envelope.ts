/**
 * The worst of each interval, for charts that must never hide an outage (issue 15): a report's health
 * samples are instants a minute apart, and a 4-second loss of both lines between two of them is in no sample.
 * Each sample also carries the worst of the interval it closes (report.json `health[].worst`, from every
 * `health` event); `healthSpans` turns those into spans, and `envelope` buckets spans into at most one per
 * pixel column, keeping in each the most participants down, degraded or worse, and not served seen in any
 * span it touches — Grafana's min/max envelope, for the counts that matter: how bad it got.
 */
import type { Micros } from "../../../twin/engine/time.ts"
import type { Report } from "../report.ts"

/** Participants at a status or worse: `notServed` ≥ `degradedOrWorse` ≥ `down`; `total` the service's participants. */
export interface Levels {
  readonly down: number
  readonly degradedOrWorse: number
  readonly notServed: number
  readonly total: number
}

export interface Span {
  readonly from: Micros
  readonly to: Micros
  readonly levels: Levels
}

const none: Levels = { down: 0, degradedOrWorse: 0, notServed: 0, total: 0 }

const levelsOf = (c: Report["health"][number]["services"][string] | undefined): Levels =>
  c === undefined
    ? none
    : { down: c.down, degradedOrWorse: c.down + c.degraded, notServed: c.down + c.degraded + c["served-without-redundancy"], total: c.served + c["served-without-redundancy"] + c.degraded + c.down }

const max = (a: Levels, b: Levels): Levels => ({
  down: Math.max(a.down, b.down),
  degradedOrWorse: Math.max(a.degradedOrWorse, b.degradedOrWorse),
  notServed: Math.max(a.notServed, b.notServed),
  total: Math.max(a.total, b.total)
})

/**
 * One service's spans over the window: sample i's `worst` covers [t(i−1), t(i)); after the last sample its
 * counts hold to the window's end (a trace samples at the window's end too, so only in a report written before
 * that). A report without `worst` (written before it) holds each sample's counts to the next, as charts did then.
 */
export const healthSpans = (report: Report, service: string): ReadonlyArray<Span> => {
  const samples = report.health
  const out: Array<Span> = []
  for (let i = 0; i < samples.length; i++) {
    const sample = samples[i]!
    const previous = samples[i - 1]
    const worst = sample.worst?.[service]
    if (previous !== undefined && worst !== undefined) {
      const total = Math.max(levelsOf(previous.services[service]).total, levelsOf(sample.services[service]).total)
      out.push({ from: previous.t, to: sample.t, levels: { ...worst, total } })
    } else if (previous !== undefined) {
      out.push({ from: previous.t, to: sample.t, levels: levelsOf(previous.services[service]) })
    }
  }
  const last = samples[samples.length - 1]
  if (last !== undefined && last.t < report.window.to) out.push({ from: last.t, to: report.window.to, levels: levelsOf(last.services[service]) })
  return out
}

/**
 * `buckets` equal buckets over [from, to); each keeps the worst of every span that overlaps it (a span of no
 * length counts in the bucket holding its instant); buckets no span touches are left out, and neighbours with
 * the same levels are merged into one span.
 */
export const envelope = (spans: ReadonlyArray<Span>, from: Micros, to: Micros, buckets: number): ReadonlyArray<Span> => {
  const width = (to - from) / buckets
  const out: Array<{ from: Micros; to: Micros; levels: Levels }> = []
  let j = 0
  for (let k = 0; k < buckets; k++) {
    const b0 = from + k * width
    const b1 = k === buckets - 1 ? to : from + (k + 1) * width
    while (j < spans.length && (spans[j]!.to < b0 || (spans[j]!.to === b0 && spans[j]!.to > spans[j]!.from))) j++
    let levels: Levels | undefined
    for (let i = j; i < spans.length && spans[i]!.from < b1; i++) {
      const s = spans[i]!
      const touches = s.to > s.from ? s.to > b0 : s.from >= b0
      if (touches) levels = levels === undefined ? s.levels : max(levels, s.levels)
    }
    if (levels === undefined) continue
    const last = out[out.length - 1]
    const same = last !== undefined && last.to === b0 && last.levels.down === levels.down && last.levels.degradedOrWorse === levels.degradedOrWorse &&
      last.levels.notServed === levels.notServed && last.levels.total === levels.total
    if (same) last.to = b1
    else out.push({ from: b0, to: b1, levels })
  }
  return out
}
