/**
 * Reading a drill file: bytes → YAML/JSON → `DrillFile` (Schema: a scenario file with a `drill:` section) →
 * the scenario resolved as any scenario (its estate, faults, phases) → the `drill:` section checked against
 * the estate, the catalogue and the script. Every problem is an `InputInvalid` whose lines read
 * `FILE:PATH: expected …, got …` (`drill.actions[1].target: expected a cutover unit of the estate …`).
 */
import { Effect, Option, Result } from "effect"
import { basename, extname } from "node:path"
import { decodeDocument } from "../../topology/decode-document.ts"
import { type InputIssue, InputInvalid, issue } from "../../topology/input-issue.ts"
import { readInputText } from "../../topology/input-text.ts"
import { displayPath } from "../../topology/load.ts"
import type { EstateModel } from "../../topology/model.ts"
import { durationMicros } from "../format/duration.ts"
import { type LoadOptions, resolveScenarioFile } from "../load.ts"
import type { Scenario } from "../scenario.ts"
import { harmStart } from "../faults/fault.ts"
import { actionKind } from "./actions.ts"
import type { Drill } from "./drill.ts"
import { DrillFile, type DrillSection } from "./drill-file.ts"

/** Pure: the text of a drill file → its decoded shape, or every issue. */
export const parseDrill: (file: string, text: string) => Result.Result<DrillFile, InputInvalid> = decodeDocument(DrillFile)

const isElement = (model: EstateModel, id: string) =>
  model.nodeById.has(id) || model.linkById.has(id) || model.file.sites.some((s) => s.id === id) || model.file.cutoverUnits.some((u) => u.id === id)

/** The `drill:` section against the resolved scenario → the drill's expectations, or every issue. */
export const resolveDrillSection = (
  id: string,
  file: string,
  section: DrillSection,
  scenario: Scenario,
  catalogueKinds: ReadonlySet<string>
): Result.Result<Drill, ReadonlyArray<InputIssue>> => {
  const issues: Array<InputIssue> = []
  const { model } = scenario
  if (scenario.faults.length === 0) issues.push(issue("faults", "at least one fault: the drill's hidden script", "none"))
  const incident = section.incident === undefined ? scenario.faults[0] : scenario.faults.find((f) => f.id === section.incident)
  if (section.incident !== undefined && incident === undefined) {
    issues.push(issue("drill.incident", `a fault id of the script (${scenario.faults.map((f) => f.id).join(", ")})`, JSON.stringify(section.incident)))
  }
  const d = section.diagnosis
  const element = d.element ?? incident?.kind.targets(incident.params, model)[0]
  const fault = d.fault ?? incident?.kind.kind
  if (incident?.kind.kind === "compound" && (d.element === undefined || d.fault === undefined)) {
    issues.push(issue("drill.diagnosis", "element: and fault: for a compound incident (which of its members is the answer?)", "none"))
  }
  if (d.element !== undefined && !isElement(model, d.element)) issues.push(issue("drill.diagnosis.element", "a node, link, site or unit id of the estate", JSON.stringify(d.element)))
  d.elements?.forEach((e, i) => {
    if (!isElement(model, e)) issues.push(issue(`drill.diagnosis.elements[${i}]`, "a node, link, site or unit id of the estate", JSON.stringify(e)))
  })
  if (d.fault !== undefined && !catalogueKinds.has(d.fault)) {
    issues.push(issue("drill.diagnosis.fault", `a fault kind of the catalogue (${[...catalogueKinds].join(", ")})`, JSON.stringify(d.fault)))
  }
  if (Array.isArray(d.participants)) {
    d.participants.forEach((p, i) => {
      if (!model.participantById.has(p)) issues.push(issue(`drill.diagnosis.participants[${i}]`, "a participant id of the estate", JSON.stringify(p)))
    })
  }
  section.actions.forEach((a, i) => {
    const kind = actionKind(a.action)
    // Only what the estate holds is checked here; whether it can be done is judged when it is done.
    if (!kind.choices(model).includes(a.target)) {
      issues.push(issue(`drill.actions[${i}].target`, `a ${kind.target} the action ${a.action} can name`, JSON.stringify(a.target)))
    }
  })
  if (issues.length > 0 || incident === undefined || element === undefined || fault === undefined) return Result.fail(issues)
  return Result.succeed({
    id,
    file,
    name: scenario.name,
    briefing: section.briefing.trim(),
    scenario,
    // From when it harms: a route held from before a step counts from the step (scenarios/faults/fault.ts).
    incident: { fault: incident.id, at: harmStart(incident, scenario.phases.flatMap((p) => p.steps)) },
    diagnosis: {
      element,
      elements: [...new Set([element, ...(d.elements ?? [])])],
      fault,
      services: [...d.services],
      participants: d.participants ?? "affected",
      within: durationMicros(d.within)
    },
    actions: section.actions.map((a) => ({ action: a.action, target: a.target, within: durationMicros(a.within) }))
  })
}

/** The same, unknown fields let be (scenarios/load.ts `loadScenario`: they must not hide the rest's problems). */
const parseDrillKnownFields = decodeDocument(DrillFile, { excess: "ignore" })

const resolveDrill = Effect.fn("Drill.resolve")(function*(path: string, file: string, drillFile: DrillFile, options: LoadOptions) {
  const { drill: section, ...scenarioFile } = drillFile
  const scenario = yield* resolveScenarioFile(path, scenarioFile, options)
  const resolved = resolveDrillSection(basename(path, extname(path)), file, section, scenario, new Set(options.catalogues.faults.keys()))
  if (Result.isFailure(resolved)) return yield* new InputInvalid({ file, issues: resolved.failure })
  return resolved.success
})

export const loadDrill = Effect.fn("Drill.load")(function*(path: string, options: LoadOptions) {
  const file = displayPath(path)
  const text = yield* readInputText(path, file, "a readable drill file")
  const parsed = parseDrill(file, text)
  if (Result.isSuccess(parsed)) return yield* resolveDrill(path, file, parsed.success, options)
  // every problem reported: unknown fields first, then what resolving the rest of the file finds
  const known = parseDrillKnownFields(file, text)
  if (Result.isFailure(known)) return yield* parsed.failure
  const rest = yield* resolveDrill(path, file, known.success, options).pipe(Effect.flip, Effect.option)
  const more = Option.isSome(rest) && rest.value instanceof InputInvalid && rest.value.file === file ? rest.value.issues : []
  return yield* new InputInvalid({ file, issues: [...parsed.failure.issues, ...more] })
})
