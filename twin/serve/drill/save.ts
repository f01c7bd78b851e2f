/**
 * Saving a drill (docs/drills.md "What is saved"): out/drills/<drill>-<UTC time>/ holds the trainee's run
 * (trace.ndjson), the ideal response's (ideal-trace.ndjson), the faults (the script and what the
 * instructor injected or ended, from the trace), both runs' submissions, drill.json (the expectations), the
 * score, and the debrief (debrief.json, debrief.html). Written into a hidden folder first and renamed, so a
 * folder that exists is whole. `rebuildDebrief` reads it back (`twin drill debrief DIR`).
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises"
import { join } from "node:path"
import { Result, Schema } from "effect"
import { parseTraceText } from "../../../scenarios/participant-timeline.ts"
import { fromSchemaIssue, type InputIssue, InputInvalid, issue } from "../../../topology/input-issue.ts"
import { parseJsonText } from "../../../topology/json-text.ts"
import { isKind, type TraceEvent } from "../../contract/trace-event.ts"
import { buildDebrief, type Debrief, DEBRIEF_FORMAT, type SavedDrill } from "./debrief.ts"
import { debriefHtml } from "./debrief-html.ts"
import { Act, Diagnose } from "./drill-decode.ts"
import type { DrillOutcome } from "./drill-hub.ts"

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`
const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z").replace("T", "-")

/** The faults of a run as its trace tells them: who started each, when, on what, and when it ended. */
export const faultsOf = (events: ReadonlyArray<TraceEvent>, scripted: ReadonlySet<string>) => {
  const out: Array<{ id: string; source: "script" | "instructor"; kind: string; targets: ReadonlyArray<string>; from: number; to: number | null; entry?: unknown }> = []
  const injected = new Map<string, unknown>()
  for (const e of events) {
    if (isKind(e, "live.control") && e.data.control === "inject") injected.set(e.data.id, e.data.fault)
    if (!isKind(e, "scenario.fault")) continue
    if (e.data.status === "start") {
      const entry = injected.get(e.subject)
      out.push({ id: e.subject, source: scripted.has(e.subject) ? "script" : "instructor", kind: e.data.kind, targets: e.data.targets, from: e.t, to: null, ...(entry === undefined ? {} : { entry }) })
    } else {
      const open = out.findLast((f) => f.id === e.subject && f.to === null)
      if (open !== undefined) open.to = e.t
    }
  }
  return out
}

const writeDebrief = async (dir: string, debrief: Debrief) => {
  await writeFile(join(dir, "score.json"), json(debrief.runs[0].score))
  await writeFile(join(dir, "debrief.json"), json(debrief))
  await writeFile(join(dir, "debrief.html"), debriefHtml(debrief))
}

export const saveDrillRun = async (root: string, outcome: DrillOutcome, at: Date): Promise<string> => {
  const { world, ideal, submissions } = outcome
  const drill = world.drill
  const name = `${drill.id}-${stamp(at)}`
  const dir = join(root, name)
  const partial = join(root, `.${name}.partial`)
  await mkdir(partial, { recursive: true })
  const saved: SavedDrill = {
    format: DEBRIEF_FORMAT,
    id: drill.id,
    name: drill.name,
    file: drill.file,
    briefing: drill.briefing,
    seed: drill.scenario.seed,
    window: drill.scenario.window,
    moved: drill.scenario.moved,
    incident: drill.incident,
    expect: ideal.expect,
    script: world.script
  }
  await writeFile(join(partial, "drill.json"), json(saved))
  await writeFile(join(partial, "trace.ndjson"), world.lines.length === 0 ? "" : `${world.lines.join("\n")}\n`)
  await writeFile(join(partial, "ideal-trace.ndjson"), ideal.lines.length === 0 ? "" : `${ideal.lines.join("\n")}\n`)
  await writeFile(join(partial, "faults.json"), json(faultsOf(world.log, new Set(world.script.map((f) => f.id)))))
  await writeFile(join(partial, "submissions.json"), json(submissions))
  await writeFile(join(partial, "ideal-submissions.json"), json(ideal.submissions))
  await writeDebrief(partial, buildDebrief(saved, { events: world.log, submissions }, { events: parseLines(ideal.lines), submissions: ideal.submissions }))
  await rename(partial, dir)
  return dir
}

const parseLines = (lines: ReadonlyArray<string>): ReadonlyArray<TraceEvent> => {
  const parsed = parseTraceText("ideal", lines.join("\n"))
  if (parsed instanceof InputInvalid) throw new Error("the ideal run's trace does not parse")
  return parsed
}

// ---------------------------------------------------------------------------------------------------------
// Reading a saved drill back (every file decoded: a hand-edited folder is untrusted input).

const Micros = Schema.Number
const SavedDrillSchema = Schema.Struct({
  format: Schema.Literal(DEBRIEF_FORMAT),
  id: Schema.String,
  name: Schema.String,
  file: Schema.String,
  briefing: Schema.String,
  seed: Schema.Number,
  window: Schema.Struct({ from: Micros, to: Micros }),
  moved: Schema.Array(Schema.String),
  incident: Schema.Struct({ fault: Schema.String, at: Micros }),
  expect: Schema.Struct({
    incidentAt: Micros,
    diagnosis: Schema.Struct({
      elements: Schema.Array(Schema.String),
      fault: Schema.String,
      services: Diagnose.fields.services,
      participants: Schema.Array(Schema.String),
      within: Micros
    }),
    actions: Schema.Array(Schema.Struct({ action: Act.fields.action, target: Schema.String, within: Micros }))
  }),
  script: Schema.Array(Schema.Struct({
    id: Schema.String,
    kind: Schema.String,
    at: Micros,
    lasts: Schema.NullOr(Micros),
    targets: Schema.Array(Schema.String),
    params: Schema.Record(Schema.String, Schema.Unknown)
  }))
})

const Request = Schema.Union([Diagnose.mapFields(({ ref: _ref, ...rest }) => rest), Act.mapFields(({ ref: _ref, ...rest }) => rest)])
const SubmissionsSchema = Schema.Array(Schema.Struct({ n: Schema.Int, at: Micros, request: Request, verdict: Schema.optionalKey(Schema.String) }))

const decodeFile = <A>(schema: Schema.Decoder<A>, file: string, text: string): Result.Result<A, InputInvalid> => {
  const parsed = parseJsonText(text)
  if (Result.isFailure(parsed)) return Result.fail(new InputInvalid({ file, issues: parsed.failure }))
  const value = parsed.success
  const decoded = Schema.decodeUnknownResult(schema)(value, { errors: "all", onExcessProperty: "ignore" })
  return Result.isFailure(decoded) ? Result.fail(new InputInvalid({ file, issues: fromSchemaIssue(decoded.failure.issue, value) as Array<InputIssue> })) : Result.succeed(decoded.success)
}

const readText = async (dir: string, name: string): Promise<Result.Result<string, InputInvalid>> => {
  try {
    return Result.succeed(await readFile(join(dir, name), "utf8"))
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    return Result.fail(new InputInvalid({ file: join(dir, name), issues: [issue("", `a file of a saved drill (out/drills/NAME-TIME/${name})`, code === "ENOENT" ? "no such file" : String(code))] }))
  }
}

/** Reads a saved drill folder and writes its score and debrief again; the debrief, or the first bad file. */
export const rebuildDebrief = async (dir: string): Promise<Result.Result<Debrief, InputInvalid>> => {
  const texts: Record<string, string> = {}
  for (const name of ["drill.json", "submissions.json", "ideal-submissions.json", "trace.ndjson", "ideal-trace.ndjson"]) {
    const text = await readText(dir, name)
    if (Result.isFailure(text)) return Result.fail(text.failure)
    texts[name] = text.success
  }
  const saved = decodeFile(SavedDrillSchema, join(dir, "drill.json"), texts["drill.json"]!)
  if (Result.isFailure(saved)) return Result.fail(saved.failure)
  const submissions = decodeFile(SubmissionsSchema, join(dir, "submissions.json"), texts["submissions.json"]!)
  if (Result.isFailure(submissions)) return Result.fail(submissions.failure)
  const idealSubmissions = decodeFile(SubmissionsSchema, join(dir, "ideal-submissions.json"), texts["ideal-submissions.json"]!)
  if (Result.isFailure(idealSubmissions)) return Result.fail(idealSubmissions.failure)
  const trace = parseTraceText(join(dir, "trace.ndjson"), texts["trace.ndjson"]!)
  if (trace instanceof InputInvalid) return Result.fail(trace)
  const idealTrace = parseTraceText(join(dir, "ideal-trace.ndjson"), texts["ideal-trace.ndjson"]!)
  if (idealTrace instanceof InputInvalid) return Result.fail(idealTrace)
  const debrief = buildDebrief(saved.success, { events: trace, submissions: submissions.success }, { events: idealTrace, submissions: idealSubmissions.success })
  await writeDebrief(dir, debrief)
  return Result.succeed(debrief)
}
