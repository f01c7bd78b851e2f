/**
 * `twin participant P [--estate F] [--scenario S] [--trace FILE|FOLDER] [--json]`: one participant's story —
 * its circuits, sessions, subscriptions, flows and the cutover units on its paths (topology/participant-profile.ts);
 * with --scenario, the plan steps that touch those units (scenarios/participant-steps.ts); with --trace (a
 * trace file or a run's output folder), its timeline per service with the cause chain of each worsening and
 * what its orders' answers did (scenarios/participant-timeline.ts). An unknown participant is bad input: one line, exit 2.
 */
import { Console, Effect, Option } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { catalogues } from "../../scenarios/catalogues.ts"
import { loadScenario } from "../../scenarios/load.ts"
import { stepsTouching, type TouchingStep } from "../../scenarios/participant-steps.ts"
import { type ParticipantTimeline, readTrace, traceTimeline } from "../../scenarios/participant-timeline.ts"
import { InputInvalid, issue } from "../../topology/input-issue.ts"
import { displayPath } from "../../topology/load.ts"
import type { EstateModel } from "../../topology/model.ts"
import { participantProfile } from "../../topology/participant-profile.ts"
import { json, loadValidEstate } from "./estate-input.ts"
import { renderProfile, renderSteps, renderTimeline } from "./participant-render.ts"

const participantArg = Argument.String("PARTICIPANT").pipe(Argument.withDescription("A participant id of the estate, e.g. P0123"))
const estateFlag = Flag.String("estate").pipe(
  Flag.withDescription("Estate file (default: the scenario's estate with --scenario, else the shipped estate, topology/default-estate.yaml)"),
  Flag.optional
)
const scenarioFlag = Flag.String("scenario").pipe(
  Flag.withDescription("Scenario file whose plan steps to list (and whose estate to read) (default: none)"),
  Flag.optional
)
const traceFlag = Flag.String("trace").pipe(
  Flag.withDescription("Trace file, or a run's output folder (its trace.ndjson), for the timeline (default: none, no timeline)"),
  Flag.optional
)

const unknownParticipant = (model: EstateModel, id: string): InputInvalid => {
  const ids = model.file.participants.map((p) => p.id)
  const some = ids.length <= 4 ? ids.join(", ") : `${ids.slice(0, 4).join(", ")}, …`
  return new InputInvalid({ file: "PARTICIPANT", issues: [issue("", `a participant of ${model.file.name} (${some})`, JSON.stringify(id))] })
}

export const participantCommand = Command.make(
  "participant",
  { participant: participantArg, estate: estateFlag, scenario: scenarioFlag, trace: traceFlag, json },
  (flags) =>
    Effect.gen(function*() {
      const scenario = Option.isSome(flags.scenario)
        ? yield* loadScenario(flags.scenario.value, { estate: Option.getOrUndefined(flags.estate), catalogues })
        : undefined
      const model = scenario?.model ?? (yield* loadValidEstate(flags.estate, { simulates: false, flag: "--estate" })).model
      const profile = participantProfile(model, flags.participant)
      if (profile === undefined) return yield* unknownParticipant(model, flags.participant)
      const steps: ReadonlyArray<TouchingStep> | undefined = scenario === undefined ? undefined : stepsTouching(scenario, new Set(profile.units.map((u) => u.id)))
      let timeline: ParticipantTimeline | undefined
      if (Option.isSome(flags.trace)) {
        timeline = traceTimeline(yield* readTrace(flags.trace.value), profile.id)
        if (timeline.estate !== "" && timeline.estate !== model.file.name) {
          return yield* new InputInvalid({ file: "--trace", issues: [issue("", `a trace of ${model.file.name}`, `one of ${JSON.stringify(timeline.estate)}`)] })
        }
      }
      if (flags.json) {
        return yield* Console.log(JSON.stringify({ estate: model.file.name, participant: profile, ...(steps === undefined ? {} : { steps }), ...(timeline === undefined ? {} : { timeline: timeline.services, orders: timeline.orders }) }, null, 2))
      }
      const lines = [
        ...renderProfile(model.file.name, profile),
        ...(steps === undefined || scenario === undefined ? [] : renderSteps(scenario.id, steps)),
        ...(timeline === undefined || Option.isNone(flags.trace) ? [] : renderTimeline(displayPath(flags.trace.value), timeline))
      ]
      yield* Console.log(lines.join("\n"))
    })
).pipe(
  Command.withDescription("One participant's story: circuits, sessions, flows, the cutover units and plan steps on its paths, and its timeline from a trace"),
  Command.withExamples([
    { command: "twin participant P0123", description: "Where P0123 connects in the shipped estate and which cutover units lie on its paths" },
    { command: "twin participant P0123 --scenario scenarios/library/drills/broken-plan-lines-together.yaml --trace out/broken-plan-lines-together", description: "Plus the drill's steps that touch it and its timeline with causes" },
    { command: "twin participant P0123 --json", description: "The same as JSON" }
  ])
)
