/**
 * A drill file (scenarios/drills/*.yaml, docs/drills.md): a scenario file — the day, the estate, the seed,
 * phases, and its `faults:` as the HIDDEN script (fixed, or `draw:`n from the seed within bounds) — with a
 * `drill:` section saying what trainees are told and what is expected of them:
 *
 *   drill:
 *     briefing: what the trainee reads before the gate opens
 *     incident: fault-id          # the scripted fault the time targets count from (default: the first)
 *     diagnosis: {element: ID, fault: KIND, services: [omd-c], participants: affected, within: 5m}
 *     actions:
 *       - {action: restart-service, target: NODE, within: 8m}
 *
 * `element`/`fault` default to the incident fault's own (its first target, its kind); `elements` lists
 * other elements that count as the right answer too (the second of a pair of firewalls).
 * `participants: affected` (the default) means those the ideal response's run shows affected; a list names
 * them.
 */
import { Schema } from "effect"
import { SERVICES } from "../../twin/contract/services.ts"
import { DRILL_ACTIONS } from "../../twin/contract/drill-protocol.ts"
import { Duration } from "../format/duration.ts"
import { ScenarioFile } from "../schema.ts"

const Id = Schema.String.check(Schema.isPattern(/^[A-Za-z0-9][A-Za-z0-9._:+#@-]*$/, { expected: "an id of the estate or the script" }))
const Text = Schema.String.check(Schema.isMinLength(1, { expected: "some text" }))

export const ExpectedDiagnosisInput = Schema.Struct({
  element: Schema.optionalKey(Id),
  /** Other elements whose naming is the right answer too. */
  elements: Schema.optionalKey(Schema.Array(Id)),
  fault: Schema.optionalKey(Schema.String.check(Schema.isMinLength(1, { expected: "a fault kind" }))),
  services: Schema.Array(Schema.Literals(SERVICES)).check(Schema.isMinLength(1, { expected: "at least one service" })),
  participants: Schema.optionalKey(Schema.Union([Schema.Literal("affected"), Schema.Array(Id)])),
  /** After the incident starts. */
  within: Duration
})

export const ExpectedActionInput = Schema.Struct({
  action: Schema.Literals(DRILL_ACTIONS),
  target: Id,
  within: Duration
})

export const DrillSection = Schema.Struct({
  briefing: Text,
  incident: Schema.optionalKey(Id),
  diagnosis: ExpectedDiagnosisInput,
  actions: Schema.Array(ExpectedActionInput).check(Schema.isMinLength(1, { expected: "at least one expected action" }))
})
export type DrillSection = typeof DrillSection.Type

export const DrillFile = Schema.Struct({ ...ScenarioFile.fields, drill: DrillSection })
export type DrillFile = typeof DrillFile.Type
