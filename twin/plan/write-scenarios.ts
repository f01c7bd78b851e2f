/**
 * The best plan as scenario files `twin run` accepts — one per phase, in the shipped plan's shape
 * (scenarios/library/cutover/): a Saturday-morning window 06:00–07:20, one unit per step every 5 minutes
 * from 06:20, go/no-go pre-check, the PRT at 07:00 (nobody worse off, no dual-line loss on OMD-C and
 * OMD-CC, sessions recovered), rollback on a failed PRT step before the 07:10 cut-off. Each phase starts
 * with every earlier phase's units moved.
 */
import { Effect, FileSystem } from "effect"
import { join, relative, resolve } from "node:path"
import { InputInvalid, issue } from "../../topology/input-issue.ts"
import { defaultEstatePath, displayPath } from "../../topology/load.ts"
import { outputFolder, writeOutput } from "../../topology/output-file.ts"
import type { ScoredPlan } from "./score.ts"
import { STEP_MINUTES } from "./score.ts"

export interface WrittenPlan {
  readonly files: ReadonlyArray<string>
}

const clock = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`

/** Saturdays from `firstDate` (YYYY-MM-DD), one per phase. */
const saturday = (firstDate: string, week: number): string => {
  const d = new Date(`${firstDate}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + 7 * week)
  return d.toISOString().slice(0, 10)
}

/** Each file written under a partial name and renamed when complete (topology/output-file.ts). */
export const writePlanScenarios = Effect.fn("Plan.writeScenarios")(function*(
  plan: ScoredPlan,
  options: {
    readonly outDir: string
    readonly estate: string
    readonly base: ReadonlyArray<string>
    readonly firstDate?: string
    readonly seed?: number
    /** The convergence delay the plan was scored with, as written (`10s`); the engine's default when absent. */
    readonly convergence?: string
  }
) {
  yield* outputFolder(options.outDir)
  const estate = resolve(options.estate) === resolve(defaultEstatePath) ? "default" : relative(resolve(options.outDir), resolve(options.estate))
  const files: Array<string> = []
  const moved = [...options.base]
  const total = plan.phases.length
  for (const [k, phase] of plan.phases.entries()) {
    const id = `planned-phase-${k + 1}`
    const steps = phase.units.map((u, s) => `      - {at: "${clock(6 * 60 + 20 + STEP_MINUTES * s)}", move: [${u}]}`)
    const text = [
      `# Written by twin plan: phase ${k + 1} of ${total} of the best plan found (cost ${plan.cost.toFixed(1)}).`,
      `name: Planned cutover phase ${k + 1} of ${total} — ${phase.units.join(", ")}`,
      `purpose: >`,
      `  Moves ${phase.units.join(", ")}, one unit per step from 06:20; pre-checks decide go/no-go, the PRT steps run at 07:00`,
      `  and a failure before the 07:10 cut-off moves the phase's units back. Exposure while in flight:`,
      `  ${phase.exposureHours.toFixed(2)} (participant-service hours worse off, a down hour counted ten times); worst single fault beyond the start:`,
      `  ${phase.worstN1.participants === 0 ? "none" : `${phase.worstN1.element} (${phase.worstN1.participants} more participants down)`}.`,
      `estate: ${estate}`,
      `seed: ${(options.seed ?? 20270101) + k}`,
      `calendar: {date: "${saturday(options.firstDate ?? "2027-01-09", k)}", day: rehearsal, from: "06:00", to: "07:20"}`,
      ...(options.convergence === undefined ? [] : [`engine: {convergence: ${options.convergence}}`]),
      ...(moved.length > 0 ? [`moved: [${moved.join(", ")}]`] : []),
      `phases:`,
      `  - id: ${id}`,
      `    name: ${phase.units.join(", ")}`,
      `    preChecks:`,
      `      - {id: nobody-degraded-or-down, check: health, service: all, worst: served-without-redundancy}`,
      `    steps:`,
      ...steps,
      `    postChecks:`,
      `      - {id: prt-nobody-worse-off, at: "07:00", check: health, service: all, worst: as-before}`,
      `      - {id: prt-omd-c-lines, at: "07:00", check: omd-dual-line-loss, service: omd-c, max: 0s}`,
      `      - {id: prt-omd-cc-lines, at: "07:00", check: omd-dual-line-loss, service: omd-cc, max: 0s}`,
      `      - {id: prt-sessions, at: "07:00", check: ocg-session-recovery, within: 3m}`,
      `    rollback: {when: post-check-fails, cutoff: "07:10", takes: 5m}`,
      `checks:`,
      `  - {id: no-unrecovered-gaps, check: omd-unrecovered-gaps}`,
      `  - {id: no-execution-lost-or-duplicated, check: executions-exactly-once}`,
      ``
    ].join("\n")
    const file = join(options.outDir, `${id}.yaml`)
    yield* writeOutput(file, text)
    files.push(file)
    moved.push(...phase.units)
  }
  // A folder that held a longer plan would keep that plan's later phases beside this one's, and the runbook
  // built from the folder, `--score` and `--compare` of it would take them for phases of this plan (a
  // one-phase plan written over a two-phase one gained a second window moving its units again).
  const fs = yield* FileSystem.FileSystem
  const names = yield* fs.readDirectory(options.outDir).pipe(Effect.orElseSucceed(() => []))
  for (const name of names) {
    const k = /^planned-phase-(\d+)\.yaml$/.exec(name)
    if (k === null || Number(k[1]) <= total) continue
    const stale = join(options.outDir, name)
    yield* fs.remove(stale).pipe(
      Effect.mapError(() => new InputInvalid({ file: displayPath(stale), issues: [issue("", `a file twin plan may remove (phase ${k[1]} of an earlier plan; this one has ${total})`, "one it cannot remove")] }))
    )
  }
  return { files } satisfies WrittenPlan
})
