/**
 * A node's, link's or unit's story (viewer/src/state/element-story.ts) on the hand-made drill of
 * fixtures.ts: step ph1 moves unit omd-a at 200; fault f1 (link-down) has pub--new-core-a down 300–400;
 * P1's OMD-C loses redundancy at 310; core-a goes down at 600 (no scenario event) and P2's OMD-C is down.
 */
import { describe, expect, it } from "vitest"
import { CauseIndex } from "../../../twin/contract/cause-chain.ts"
import { elementStory } from "../../../viewer/src/state/element-story.ts"
import { drill, layout } from "./fixtures.ts"

const causes = new CauseIndex()
for (const e of drill) causes.observe(e)

describe("element story", () => {
  it("a link: its changes, and who got worse with a chain that names it", () => {
    // P1 at 310: the latest change is f1's start at 300, the link's own change then: named. P2 at 600: core-a
    // has no scenario event, so the latest candidate is still f1 (ended 400, within the aftermath): named too.
    const story = elementStory(drill, causes, layout, "link", "pub--new-core-a")
    expect(story.changes).toEqual([{ t: 300, text: "down" }, { t: 400, text: "up" }])
    expect(story.attached).toEqual([])
    expect(story.hurt.map((h) => [h.participant, h.service, h.t])).toEqual([["P1", "omd-c", 310], ["P2", "omd-c", 600]])
    // 300 µs after midnight, as reports print it
    expect(story.hurt[0]!.chain).toBe("00:00:00.000300 fault f1 (link-down on pub--new-core-a) started")
  })

  it("a unit: its moves; nobody hurt when no chain's trigger is one of its changes", () => {
    const story = elementStory(drill, causes, layout, "unit", "omd-a")
    expect(story.changes).toEqual([{ t: 200, text: "moved to the new backbone" }])
    expect(story.hurt).toEqual([])
  })

  it("a node: down at 600, but the chain at 600 names f1, not it", () => {
    const story = elementStory(drill, causes, layout, "node", "core-a")
    expect(story.changes).toEqual([{ t: 600, text: "down" }])
    expect(story.hurt).toEqual([])
  })
})
