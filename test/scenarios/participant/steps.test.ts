/**
 * The plan steps that touch a participant (scenarios/participant-steps.ts): a step counts when it moves or
 * moves back one of the units on the participant's paths, and lists only those units.
 */
import { describe, expect, it } from "vitest"
import { stepsTouching } from "../../../scenarios/participant-steps.ts"

const phase = (id: string, steps: ReadonlyArray<{ at: number; move: ReadonlyArray<string>; back: ReadonlyArray<string> }>) => ({
  id, name: id, steps, preChecks: [], postChecks: [], rollback: undefined, window: { from: 0, to: 0 }, requires: "default" as const
})

describe("stepsTouching", () => {
  it("keeps the steps with a unit on the paths, and only those units", () => {
    const scenario = {
      phases: [
        phase("lines", [{ at: 10, move: ["line-a", "line-b"], back: [] }, { at: 20, move: ["other"], back: [] }]),
        phase("undo", [{ at: 30, move: [], back: ["other", "line-b"] }])
      ]
    }
    // Units on the paths: line-b only. The 10 step moves it (line-a dropped), 20 moves only `other`
    // (left out), 30 moves line-b back (`other` dropped).
    expect(stepsTouching(scenario, new Set(["line-b"]))).toEqual([
      { phase: "lines", at: 10, move: ["line-b"], back: [] },
      { phase: "undo", at: 30, move: [], back: ["line-b"] }
    ])
  })
})
