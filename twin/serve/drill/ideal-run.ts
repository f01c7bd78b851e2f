/**
 * The ideal response (docs/drills.md "Scoring"): the drill run again on the same seed with exactly the
 * expected actions, each at its time target after the incident, and the expected diagnosis at its target.
 * Its harm is the yardstick of the trainee's, its run shows which participants the incident affects (the
 * diagnosis's `participants: affected`), and scoring it gives full marks by construction — the library's
 * tests check each drill's ideal is one the world accepts (every action allowed at its time).
 */
import { Result } from "effect"
import type { Drill } from "../../../scenarios/drill/drill.ts"
import type { Harm, Submission } from "../../contract/drill-protocol.ts"
import { formatClock } from "../../engine/time.ts"
import { DrillWorld } from "./drill-world.ts"
import { affectedParticipants, harmOf } from "./harm.ts"
import type { Expectations } from "./score.ts"

export interface IdealRun {
  readonly lines: ReadonlyArray<string>
  readonly expect: Expectations
  readonly submissions: ReadonlyArray<Submission>
  readonly harm: Harm
}

/** The expectations once the affected participants are known. */
export const expectationsOf = (drill: Drill, participants: ReadonlyArray<string>): Expectations => ({
  incidentAt: drill.incident.at,
  diagnosis: {
    elements: drill.diagnosis.elements,
    fault: drill.diagnosis.fault,
    services: drill.diagnosis.services,
    participants,
    within: drill.diagnosis.within
  },
  actions: drill.actions
})

export const runIdeal = (drill: Drill): Result.Result<IdealRun & { readonly world: DrillWorld }, string> => {
  const world = new DrillWorld(drill)
  const at = drill.incident.at
  const steps = drill.actions.map((a, i) => ({ t: at + a.within, a, i })).sort((x, y) => x.t - y.t || x.i - y.i)
  for (const s of steps) {
    world.advance(s.t)
    const done = world.act(s.a.action, s.a.target)
    if (Result.isFailure(done)) return Result.fail(`${drill.file}:drill.actions[${s.i}]: expected an action the world accepts at ${formatClock(s.t).slice(0, 8)}, got ${done.failure}`)
  }
  world.advance(drill.scenario.window.to)
  const window = drill.scenario.window
  const participants = drill.diagnosis.participants === "affected"
    ? affectedParticipants(world.log, drill.diagnosis.services, { from: at, to: window.to })
    : drill.diagnosis.participants
  const expect = expectationsOf(drill, participants)
  const d = drill.diagnosis
  const timed: Array<{ at: number; request: Submission["request"] }> = [
    { at: at + d.within, request: { type: "diagnose", element: d.element, fault: d.fault, participants: [...participants], services: [...d.services] } },
    ...steps.map((s) => ({ at: s.t, request: { type: "act" as const, action: s.a.action, target: s.a.target } }))
  ]
  timed.sort((x, y) => x.at - y.at)
  const submissions = timed.map((s, i) => ({ n: i + 1, at: s.at, request: s.request }))
  return Result.succeed({ world, lines: world.lines, expect, submissions, harm: harmOf(world.log, window) })
}
