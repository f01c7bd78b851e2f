/**
 * The sentences both runbook renderers write (markdown.ts, html.ts), so runbook.md and runbook.html say
 * the same thing: the gate, the go/no-go window, the rollback rule and its cut-off, who is at risk.
 */
import { seconds } from "../../twin/engine/time.ts"
import { formatDuration } from "../format/duration.ts"
import { plural } from "../format/plural.ts"
import { clock } from "../report/describe.ts"
import { phaseAtRisk, type Runbook, type RunbookPhase, type RunbookStep } from "./runbook.ts"

export const intro = (runbook: Runbook): string =>
  `${runbook.source}. ${plural(runbook.phases.length, "phase")}; times are on each window's date. A moved unit is out of service ` +
  `while routing converges (${formatDuration(runbook.convergence)} assumed): whoever depends on it alone loses service for that long.` +
  (runbook.faults.length === 0 ? "" : ` ${faultsNote(runbook)}`) +
  tradingNote(runbook)

/** The intro's warning when steps fall inside a trading session (each is named in its phase). */
const tradingNote = (runbook: Runbook): string => {
  const phases = runbook.phases.flatMap((p, i) => (p.tradingHours.length > 0 ? [i + 1] : []))
  const n = runbook.phases.reduce((s, p) => s + p.tradingHours.length, 0)
  return n === 0 ? "" : ` WARNING: ${n} ${n === 1 ? "step or rollback falls" : "steps or rollbacks fall"} inside a trading session (phase ${phases.join(", ")}): see the phase.`
}

/** A phase's warning heading when its steps or rollback fall inside a trading session. */
export const TRADING_HEADING = "Warning — in trading hours: a maintenance window belongs outside the market's sessions."

/** A drill's faults, named where the runbook says who is at risk: its steps' judgement leaves them out. */
export const faultsNote = (runbook: Runbook): string => {
  const n = runbook.faults.length
  if (n === 0) return ""
  const shown = runbook.faults.slice(0, 3).map((f) => `${f.id} (${f.kind}) at ${f.date === undefined ? "" : `${f.date} `}${clock(f.at)}`)
  return `It also injects ${plural(n, "fault")} no step plans for: ${shown.join(", ")}${n > 3 ? ` and ${n - 3} more` : ""}. ` +
    `"At risk" counts the plan's steps alone; whom the ${n === 1 ? "fault" : "faults"} harmed is in the run's report and affected.csv.`
}

/** The notification section's sentence when no step puts anyone at risk. */
export const nobodyToNotify = (runbook: Runbook): string =>
  `Nobody is at risk in any step: no participant to notify${runbook.faults.length === 0 ? "" : " for the plan (the injected faults' harm is in the run's affected.csv)"}.`

export const gate = (phase: RunbookPhase): string =>
  phase.requires === "default"
    ? "Starts unless an earlier phase was rolled back or did not start."
    : phase.requires.length === 0
    ? "Starts whatever the earlier phases did."
    : `Starts only if ${phase.requires.join(", ")} passed (started, every PRT step passed, not rolled back).`

const firstStep = (phase: RunbookPhase) => phase.steps[0]?.at ?? phase.window.from

export const goNoGoHeading = (phase: RunbookPhase): string =>
  phase.goNoGo.length === 0
    ? "Go / no-go: no pre-check — the phase starts at its first step."
    : `Go / no-go at ${clock(firstStep(phase))}, judged over ${clock(firstStep(phase) - seconds(60))}–${clock(firstStep(phase))}: go only if every one holds; one failing is a no-go (the phase and the phases after it do not start).`

export const prtHeading = (phase: RunbookPhase): string => {
  const times = [...new Set(phase.prt.map((c) => c.at!))].sort((a, b) => a - b)
  return phase.prt.length === 0
    ? "PRT: no post-check."
    : `PRT at ${times.map(clock).join(", ")}, each judged from the first step: every step must pass.`
}

export const rollbackLines = (runbook: Runbook, phase: RunbookPhase, letter: (list: ReadonlyArray<string> | undefined) => string | undefined): ReadonlyArray<string> => {
  const r = phase.rollback
  // The phase's outcome stays `completed` (phases.ts): the failed PRT check is what fails the run.
  if (r === undefined) return ["No rollback rule: a failed PRT step leaves the phase as it is — reported completed, beside its PRT step's FAIL, which fails the run."]
  // A rule nothing can trigger is no rollback: naming its units and who loses service would tell the
  // change team to prepare for a move back that never comes.
  if (!r.canTrigger) {
    const why = !r.onPostCheck
      ? `its rule has no trigger (when: never${r.watch.length === 0 ? ", no watched check" : `, its watched checks first judged after the cut-off ${clock(r.cutoff)}`})`
      : `nothing triggers its rule before the cut-off ${clock(r.cutoff)} (${phase.prt.length === 0 ? "no PRT step" : "every PRT step after it"}${r.watch.length === 0 ? ", no watched check" : ", its watched checks first judged after it"})`
    return [`No rollback: ${why} — a failed PRT step leaves the phase as it is and fails the run.`]
  }
  const triggers = [r.onPostCheck ? "a PRT step fails" : "", r.watch.length > 0 ? `a watched check fails (re-judged every minute from the first step): ${r.watch.map((w) => `${w.id} — ${w.text}`).join("; ")}` : ""].filter((x) => x !== "")
  const who = r.atRisk === undefined
    ? ""
    : r.atRisk.length === 0
    ? " Nobody loses service while they converge together."
    : ` They converge together: ${plural(r.atRisk.length, "participant")} ${r.atRisk.length === 1 ? "loses" : "lose"} service for about ${formatDuration(runbook.convergence)} — see list ${letter(r.atRisk)}.`
  // Planned fall-backs may have moved every unit of the phase back already: nothing left to roll back.
  const action = r.units.length === 0
    ? "nothing to move back — every unit the phase moved is back on the old backbone after its steps (planned fall-back)."
    : `move ${r.units.join(", ")} back (in that order, all at once) ${formatDuration(r.takes)} after the failure.${who}`
  return [
    `Roll back if ${triggers.join(", or ")} before the cut-off ${clock(r.cutoff)}: ${action}`,
    `Cut-off ${clock(r.cutoff)}: after it a failure no longer rolls back — the phase stands and is reported failed; escalate instead.`
  ]
}

export const atRiskText = (step: RunbookStep): string =>
  step.atRisk === undefined ? "not judged" : step.atRisk.length === 0 ? "nobody" : plural(step.atRisk.length, "participant")

/** A list of ids in a runbook: every id, comma-separated; with names when the list is short. */
export const listText = (runbook: Runbook, participants: ReadonlyArray<string>): string =>
  participants.length <= 40 ? participants.map((p) => `${p} (${runbook.names.get(p) ?? p})`).join(", ") : participants.join(", ")

/** The overview table both renderers open with: its header and one row of text cells per phase. */
export const OVERVIEW_HEADER: ReadonlyArray<string> = ["#", "phase", "date", "window", "steps", "at risk", "cut-off"]

export const overviewRows = (runbook: Runbook): ReadonlyArray<ReadonlyArray<string>> =>
  runbook.phases.map((p, i) => [
    String(i + 1),
    p.name,
    p.date ?? "—",
    `${clock(p.window.from)}–${clock(p.window.to)}`,
    p.steps.map((s) => `${clock(s.at)} ${s.action} ${s.units.join(", ")}`).join("; "),
    phaseAtRisk(p).length === 0 ? "nobody" : plural(phaseAtRisk(p).length, "participant"),
    p.rollback === undefined ? "—" : clock(p.rollback.cutoff)
  ])
