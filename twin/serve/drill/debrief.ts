/**
 * The debrief (docs/drills.md "Debrief"): from what a drill saved — the trainee's trace and submissions,
 * the ideal response's trace and submissions, the expectations — the timeline of what happened, what the
 * trainee saw (the alarms and calls, refolded from the trace by the same `Monitor` the server used) and
 * did, what the ideal response did, both runs' harm and marks, and the difference. A pure function of
 * the saved files: `twin drill debrief DIR` rebuilds exactly what the server wrote.
 */
import { CauseIndex } from "../../contract/cause-chain.ts"
import type { Alarm, DrillScore, Harm, ScriptFault, Submission, Ticket } from "../../contract/drill-protocol.ts"
import { SERVICES } from "../../contract/services.ts"
import { isKind, type TraceEvent } from "../../contract/trace-event.ts"
import { formatClock, type Micros } from "../../engine/time.ts"
import { harmOf } from "./harm.ts"
import { alarmHeadline, Monitor } from "./monitor.ts"
import { type Expectations, scoreDrill } from "./score.ts"

export const DEBRIEF_FORMAT = 1

/** drill.json: what a debrief needs of the drill, saved beside the runs. */
export interface SavedDrill {
  readonly format: number
  readonly id: string
  readonly name: string
  readonly file: string
  readonly briefing: string
  readonly seed: number
  readonly window: { readonly from: Micros; readonly to: Micros }
  readonly moved: ReadonlyArray<string>
  readonly incident: { readonly fault: string; readonly at: Micros }
  readonly expect: Expectations
  readonly script: ReadonlyArray<ScriptFault>
}

export interface RunInput {
  readonly events: ReadonlyArray<TraceEvent>
  readonly submissions: ReadonlyArray<Submission>
}

export type TimelineSource = "script" | "instructor" | "trainee" | "monitoring" | "calls" | "ideal"
export interface TimelineEntry {
  readonly t: Micros
  readonly source: TimelineSource
  readonly what: string
}

export interface RunSummary {
  readonly run: "trainee" | "ideal"
  readonly harm: Harm
  readonly score: DrillScore
  readonly submissions: ReadonlyArray<Submission>
}

export interface Debrief {
  readonly format: number
  readonly drill: { readonly id: string; readonly name: string; readonly briefing: string; readonly window: SavedDrill["window"]; readonly incident: SavedDrill["incident"] }
  readonly expected: Expectations
  readonly runs: readonly [RunSummary, RunSummary]
  readonly timeline: ReadonlyArray<TimelineEntry>
  readonly seen: { readonly alarms: ReadonlyArray<Alarm>; readonly tickets: number; readonly firstTickets: ReadonlyArray<Ticket> }
  readonly difference: {
    readonly marks: number
    readonly totalDown: number
    /** Per service: participant-minutes down, trainee minus ideal. */
    readonly down: { readonly [service: string]: number }
  }
}

const clock = (t: Micros) => formatClock(t).slice(0, 8)
const round = (x: number) => Math.round(x * 100) / 100
const some = (ids: ReadonlyArray<string>) => (ids.length <= 3 ? ids.join(", ") : `${ids.slice(0, 3).join(", ")}, … (${ids.length})`)

const describeRequest = (r: Submission["request"]): string =>
  r.type === "act"
    ? `action ${r.action} ${r.target}`
    : `diagnosis: ${r.fault} on ${r.element}, services ${r.services.join(", ") || "none"}, ${r.participants.length} participants`

/**
 * The run's story as the debrief tells it (script, instructor, trainee, monitoring, calls), and its entries
 * that changed the world at their instant: an action in force later than taken (a failover declared at
 * 09:32:07 in force at 09:37:07, as cause chains read the trace: cause-chain.ts) is told then too, so the
 * timeline shows what changed just before the alarms it raised.
 */
const timelineOf = (saved: SavedDrill, trainee: RunInput, monitor: Monitor): { entries: Array<TimelineEntry>; changes: ReadonlySet<TimelineEntry> } => {
  const out: Array<TimelineEntry> = []
  const changes = new Set<TimelineEntry>()
  const scripted = new Set(saved.script.map((f) => f.id))
  const causes = new CauseIndex()
  for (const e of trainee.events) {
    causes.observe(e)
    if (isKind(e, "scenario.fault")) {
      const who = scripted.has(e.subject) ? "script" : "instructor"
      out.push({ t: e.t, source: who, what: `fault ${e.subject} (${e.data.kind} on ${some(e.data.targets)}) ${e.data.status === "start" ? "starts" : "ends"}` })
    } else if (isKind(e, "live.control") && e.subject === "instructor") {
      const c = e.data
      if (c.control === "hint") out.push({ t: e.t, source: "instructor", what: `hint: ${c.text}` })
      else if (c.control === "end-fault") out.push({ t: e.t, source: "instructor", what: `ends fault ${c.id}` })
    } else if (isKind(e, "scenario.step")) {
      out.push({ t: e.t, source: "script", what: `cut-over step: moved ${e.data.move.join(", ") || "nothing"}${e.data.back.length > 0 ? `, back ${e.data.back.join(", ")}` : ""}` })
    }
  }
  for (const s of trainee.submissions) out.push({ t: s.at, source: "trainee", what: describeRequest(s.request) })
  for (const a of causes.actions()) {
    if (a.id !== "trainee" || a.taken === undefined || a.taken === a.at) continue
    const entry: TimelineEntry = { t: a.at, source: "trainee", what: `action ${a.what} in force (taken ${clock(a.taken)})` }
    out.push(entry)
    changes.add(entry)
  }
  for (const a of monitor.alarms()) {
    const most = `at most ${a.peak} participant${a.peak === 1 ? "" : "s"}`
    out.push({ t: a.since, source: "monitoring", what: `${a.severity} alarm raised: ${alarmHeadline(a)}${a.cleared === null ? `: ${a.count} now, ${most}` : ""}` })
    if (a.cleared !== null) out.push({ t: a.cleared, source: "monitoring", what: `alarm cleared: ${alarmHeadline(a)} (${most})` })
  }
  // Calls grouped per minute: a hundred calls are one line, not a hundred.
  const perMinute = new Map<number, Array<Ticket>>()
  for (const t of monitor.ticketList()) {
    const minute = Math.floor(t.at / 60_000_000)
    perMinute.set(minute, [...(perMinute.get(minute) ?? []), t])
  }
  for (const [, tickets] of perMinute) {
    out.push({ t: tickets[0]!.at, source: "calls", what: tickets.length === 1 ? `call: ${tickets[0]!.text}` : `${tickets.length} calls, e.g. ${tickets[0]!.text}` })
  }
  return { entries: out, changes }
}

/** Every alarm of the run in the order raised (the live panel's order is for a desk watching it now). */
const seenAlarms = (monitor: Monitor): ReadonlyArray<Alarm> =>
  [...monitor.alarms()].sort((a, b) => a.since - b.since || (a.cleared ?? Infinity) - (b.cleared ?? Infinity) || a.id.localeCompare(b.id))

export const buildDebrief = (saved: SavedDrill, trainee: RunInput, ideal: RunInput): Debrief => {
  const window = saved.window
  const idealHarm = harmOf(ideal.events, window)
  const traineeHarm = harmOf(trainee.events, window)
  const traineeScore = scoreDrill({ expect: saved.expect, submissions: trainee.submissions, harm: traineeHarm, idealHarm })
  const idealScore = scoreDrill({ expect: saved.expect, submissions: ideal.submissions, harm: idealHarm, idealHarm })
  // Every alarm, not the live panel's latest cleared ones: the debrief tells the whole run from its start.
  const monitor = new Monitor(saved.moved, { clearedKept: Infinity })
  for (const e of trainee.events) monitor.observe(e)
  monitor.tick(window.to)
  const { entries: timeline, changes } = timelineOf(saved, trainee, monitor)
  for (const s of ideal.submissions) timeline.push({ t: s.at, source: "ideal", what: describeRequest(s.request) })
  // At one instant, the world's changes before what they made monitoring see.
  const order: Record<TimelineSource, number> = { script: 0, instructor: 1, monitoring: 2, calls: 3, trainee: 4, ideal: 5 }
  const rank = (e: TimelineEntry) => (changes.has(e) ? order.instructor : order[e.source])
  timeline.sort((a, b) => a.t - b.t || rank(a) - rank(b))
  const tickets = monitor.ticketList()
  const down: Record<string, number> = {}
  for (const s of SERVICES) {
    const a = traineeHarm.down[s] ?? 0
    const b = idealHarm.down[s] ?? 0
    if (a !== 0 || b !== 0) down[s] = round(a - b)
  }
  return {
    format: DEBRIEF_FORMAT,
    drill: { id: saved.id, name: saved.name, briefing: saved.briefing, window, incident: saved.incident },
    expected: saved.expect,
    runs: [
      { run: "trainee", harm: traineeHarm, score: traineeScore, submissions: trainee.submissions },
      { run: "ideal", harm: idealHarm, score: idealScore, submissions: ideal.submissions }
    ],
    timeline,
    seen: { alarms: seenAlarms(monitor), tickets: tickets.length, firstTickets: tickets.slice(0, 50) },
    difference: {
      marks: round(traineeScore.marks.total - idealScore.marks.total),
      totalDown: round(traineeHarm.totalDown - idealHarm.totalDown),
      down
    }
  }
}

export const clockText = clock
