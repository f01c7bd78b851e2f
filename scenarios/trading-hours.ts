/**
 * Cutover steps in trading hours: which steps of a scenario's phases, and which rollbacks, fall inside a
 * trading session of the scenario's calendar day (DOMAIN §1, the twin's own timetable:
 * twin/models/trading-day.ts `tradingSessions`, full or half day as `calendar.timetable` says). A
 * maintenance window is meant to be out of them (docs/planner.md, "The phase model"): a unit moved while
 * the market trades takes its sessions and feeds down for its convergence in front of live orders.
 *
 * A `rehearsal` day (a weekend Market Rehearsal) and a Saturday or Sunday `date` have no trading session,
 * whatever the simulated systems follow. Public holidays are not known to the twin: a `trading-day` on one
 * is judged as a trading day.
 *
 * Used by the runbook (runbook/from-scenarios.ts) and by `twin plan --score`/`--compare`
 * (twin/plan/score-plan.ts), which rank a plan with such steps after every plan without.
 */
import { timetableOf, type TradingSession, tradingSessions } from "../twin/models/trading-day.ts"
import type { Micros } from "../twin/engine/time.ts"
import { canRollBack, WATCH_EVERY } from "./phases.ts"
import { clock } from "./report/describe.ts"
import type { Scenario, ScheduledPhase } from "./scenario.ts"

export interface InTradingHours {
  /** `step 10:00:00 move rts-dc1`, `the rollback at 10:45:00` (a rollback's window when its trigger can vary). */
  readonly what: string
  readonly from: Micros
  /** `from` for a step; the last instant a rollback can move its units back. */
  readonly to: Micros
  readonly session: TradingSession
}

const isWeekend = (date: string | undefined): boolean => {
  if (date === undefined) return false
  const day = new Date(`${date}T00:00:00Z`).getUTCDay()
  return day === 0 || day === 6
}

/** The trading sessions of the scenario's day: none on a rehearsal day or a weekend. */
export const sessionsOfDay = (scenario: Pick<Scenario, "day" | "date" | "window">): ReadonlyArray<TradingSession> =>
  scenario.day === "rehearsal" || isWeekend(scenario.date) ? [] : tradingSessions(timetableOf(scenario.window.timetable ?? "full-day"))

/**
 * When a phase's rollback can move its units back (scenarios/phases.ts): a trigger — a PRT step due by the
 * cut-off, a watched check judged every minute from the first step to the cut-off — plus `takes`. Undefined
 * for a rule nothing triggers, or none.
 */
export const rollbackSpan = (phase: ScheduledPhase): { readonly from: Micros; readonly to: Micros } | undefined => {
  const r = phase.rollback
  if (r === undefined || !canRollBack(phase)) return undefined
  const triggers = r.onPostCheck ? phase.postChecks.map((c) => c.window.to).filter((t) => t <= r.cutoff) : []
  if (r.watch.length > 0 && phase.window.from + WATCH_EVERY <= r.cutoff) {
    triggers.push(phase.window.from + WATCH_EVERY, phase.window.from + Math.floor((r.cutoff - phase.window.from) / WATCH_EVERY) * WATCH_EVERY)
  }
  return { from: Math.min(...triggers) + r.takes, to: Math.max(...triggers) + r.takes }
}

/** The steps of `phase` (and its rollback) inside a trading session of `scenario`'s day, in time order. */
export const phaseInTradingHours = (scenario: Pick<Scenario, "day" | "date" | "window">, phase: ScheduledPhase): ReadonlyArray<InTradingHours> => {
  const sessions = sessionsOfDay(scenario)
  if (sessions.length === 0) return []
  const out: Array<InTradingHours> = []
  const during = (from: Micros, to: Micros) => sessions.find((s) => from < s.to && to >= s.from)
  for (const step of phase.steps) {
    const session = during(step.at, step.at)
    const moves = [...(step.move.length > 0 ? [`move ${step.move.join(", ")}`] : []), ...(step.back.length > 0 ? [`back ${step.back.join(", ")}`] : [])]
    if (session !== undefined) out.push({ what: `step ${clock(step.at)} ${moves.join(", ")}`, from: step.at, to: step.at, session })
  }
  const rollback = rollbackSpan(phase)
  const session = rollback === undefined ? undefined : during(rollback.from, rollback.to)
  if (rollback !== undefined && session !== undefined) {
    const when = rollback.from === rollback.to ? `at ${clock(rollback.from)}` : `between ${clock(rollback.from)} and ${clock(rollback.to)}`
    out.push({ what: `the rollback ${when}`, ...rollback, session })
  }
  return out
}

/** One warning line's text: `step 10:00:00 move rts-dc1 is in continuous trading (09:30:00–12:00:00) of 2027-02-22, a trading day`. */
export const inTradingHoursText = (x: InTradingHours, date: string | undefined): string =>
  `${x.what} ${x.what.startsWith("the rollback") ? "falls" : "is"} in ${x.session.name} (${clock(x.session.from)}–${clock(x.session.to)}) of ${date ?? "the day"}, a trading day`
