/**
 * Why a unit carries nothing (viewer/src/state/dark-reason.ts), on a small layout of plane A:
 *
 *   pop ── ar-a ── core-a ──(old side of unit line-a)── pub
 *            └──── new-core-a ──(new side)─────────── pub
 *   ar-a ── new-core-b (plane B) ── pub (plane B link, no unit): a line-A path may not use it.
 */
import { describe, expect, it } from "vitest"
import { darkReason } from "../../../viewer/src/state/dark-reason.ts"
import { reduceEvents } from "../../../viewer/src/state/view-state.ts"
import type { EstateLayout, TraceEvent } from "../../../viewer/src/trace/types.ts"

const node = (id: string, kind: string, plane: "A" | "B" | null, generation: "old" | "new" | null = null) => ({ id, kind, site: "dc1", plane, generation, name: null })
const link = (from: string, to: string, plane: "A" | "B" | null, unit: string | null = null) =>
  ({ id: `${from}--${to}`, from, to, generation: "new" as const, plane, unit })

const layout: EstateLayout = {
  sites: [{ id: "dc1", kind: "primary-dc", name: "DC1" }],
  nodes: [
    node("pop", "carrier-pop", null),
    node("ar-a", "access-router", "A"),
    node("core-a", "core-router", "A", "old"),
    node("new-core-a", "core-router", "A", "new"),
    node("new-core-b", "core-router", "B", "new"),
    node("pub", "omd-c-publisher", "A")
  ],
  links: [
    link("pop", "ar-a", null),
    link("ar-a", "core-a", "A"),
    link("ar-a", "new-core-a", "A"),
    link("ar-a", "new-core-b", "B"),
    link("core-a", "pub", "A", "line-a"),
    link("new-core-a", "pub", "A", "line-a"),
    link("new-core-b", "pub", "B")
  ],
  units: [{ id: "line-a", description: "Line A", old: ["core-a--pub"], new: ["new-core-a--pub"] }],
  participants: []
}
const unit = layout.units[0]!

const ev = (t: number, kind: string, subject: string, data: TraceEvent["data"]): TraceEvent => ({ t, kind, subject, data })
// The unit moves at 200, routing catches up at 210; new-core-a is down 300–400; core-a from 600.
const trace: ReadonlyArray<TraceEvent> = [
  ev(200, "world.change", "line-a", { what: "unit", moved: true }),
  ev(210, "world.converged", "line-a", { what: "unit" }),
  ev(300, "world.change", "new-core-a", { what: "node", down: true }),
  ev(400, "world.change", "new-core-a", { what: "node", down: false }),
  ev(600, "world.change", "core-a", { what: "node", down: true })
]
const at = (events: ReadonlyArray<TraceEvent>, t: number) => darkReason(reduceEvents(events.filter((e) => e.t <= t)), layout, unit)
const carries = { short: "", text: "" }

describe("dark reason", () => {
  it("nothing while a way to a PoP remains: before the move (old side) and after it (new side)", () => {
    expect(at(trace, 150)).toEqual(carries)
    expect(at(trace, 250)).toEqual(carries)
  })

  it("routing converging: between the move and its world.converged", () => {
    expect(at(trace, 205)).toEqual({ short: "routing converging", text: "routing converging: line-a moved to the new backbone, routes not yet caught up" })
  })

  it("moved while its path is down: new-core-a down cuts the new side off; the plane-B way does not count", () => {
    // pub's other way out is new-core-b, plane B: a line-A path may not take it, so the walk ends at pub.
    expect(at(trace, 350)).toEqual({ short: "path down", text: "line-a moved to the new backbone while its path is down: new-core-a down" })
    expect(at(trace, 450)).toEqual(carries)
  })

  it("a node down on the side that does not carry does not darken it", () => {
    // at 650 core-a (the old side) is down, but the unit carries on the new side
    expect(at(trace, 650)).toEqual(carries)
  })

  it("on the old side, core-a down cuts it off", () => {
    const notMoved = trace.filter((e) => e.subject !== "line-a")
    expect(at(notMoved, 650)).toEqual({ short: "path down", text: "line-a on the old backbone while its path is down: core-a down" })
  })

  it("routing held on the other side (wrong-route): said as such", () => {
    const held = [...trace.filter((e) => e.t <= 210), ev(220, "world.change", "line-a", { what: "routing-hold", held: true, moved: false })]
    expect(at(held, 250)).toEqual({
      short: "routing converging",
      text: "routing held: line-a moved to the new backbone, its traffic still routed over the old side"
    })
  })
})
