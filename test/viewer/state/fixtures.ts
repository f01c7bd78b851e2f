/** Small hand-made traces for the viewer's state tests: each answer can be checked by reading them. */
import type { EstateLayout, TraceEvent } from "../../../viewer/src/trace/types.ts"
import type { ViewState } from "../../../viewer/src/state/view-state.ts"

export const layout: EstateLayout = {
  sites: [{ id: "dc1", kind: "primary-dc", name: "DC1" }],
  nodes: [
    { id: "core-a", kind: "core-router", site: "dc1", plane: "A", generation: "old", name: null },
    { id: "new-core-a", kind: "core-router", site: "dc1", plane: "A", generation: "new", name: null }
  ],
  links: [
    { id: "pub--core-a", from: "pub", to: "core-a", generation: "old", plane: "A", unit: "omd-a" },
    { id: "pub--new-core-a", from: "pub", to: "new-core-a", generation: "new", plane: "A", unit: "omd-a" }
  ],
  units: [{ id: "omd-a", description: "OMD line A", old: ["pub--core-a"], new: ["pub--new-core-a"] }],
  participants: [
    { id: "P1", name: "One", kind: "broker", group: "pop-a+pop-b", circuits: [], services: ["omd-c", "otp-c"] },
    { id: "P2", name: "Two", kind: "vendor", group: "pop-a", circuits: [], services: ["omd-c"] }
  ]
}

const ev = (t: number, kind: string, subject: string, data: TraceEvent["data"]): TraceEvent => ({ t, kind, subject, data })
const health = (t: number, p: string, service: string, status: string, previous: string | null, cause = "") =>
  ev(t, "health", p, { service, status, previous, cause })

/** 09:00–10:00; the unit moves at 09:10, a core link goes down 09:20–09:30 and P1 loses line A meanwhile. */
export const drill: ReadonlyArray<TraceEvent> = [
  ev(100, "trace.start", "twin", { version: 1, estate: "tiny", seed: 1, from: 100, to: 1000, moved: [], participants: 2 }),
  ev(100, "estate.layout", "tiny", layout as never),
  health(100, "P1", "omd-c", "served", null),
  health(100, "P1", "otp-c", "served", null),
  health(100, "P2", "omd-c", "served-without-redundancy", null, "P2/omdc-ss: single point of failure pop-a"),
  ev(100, "scenario.start", "drill", { name: "Drill", day: "rehearsal", phases: ["ph1"], faults: ["f1"], checks: [] }),
  ev(200, "scenario.phase", "ph1", { status: "start", name: "Move line A" }),
  ev(200, "scenario.step", "ph1", { move: ["omd-a"], back: [] }),
  ev(200, "world.change", "omd-a", { what: "unit", moved: true }),
  ev(300, "scenario.fault", "f1", { kind: "link-down", status: "start", targets: ["pub--new-core-a"] }),
  ev(300, "world.change", "pub--new-core-a", { what: "link", down: true }),
  ev(310, "flow.status", "P1", { flow: "P1/omdc-ss", service: "omd-c", up: 1, of: 2, degraded: false, detail: "line A silent" }),
  health(310, "P1", "omd-c", "served-without-redundancy", "served", "P1/omdc-ss: line A silent"),
  ev(320, "some.future-kind", "twin", { whatever: [1, 2, 3] }),
  ev(400, "world.change", "pub--new-core-a", { what: "link", down: null }),
  ev(400, "scenario.fault", "f1", { kind: "link-down", status: "end", targets: ["pub--new-core-a"] }),
  ev(410, "flow.status", "P1", { flow: "P1/omdc-ss", service: "omd-c", up: 2, of: 2, degraded: false, detail: "lines A and B live" }),
  health(410, "P1", "omd-c", "served", "served-without-redundancy"),
  ev(500, "scenario.phase", "ph1", { status: "completed" }),
  ev(600, "world.change", "core-a", { what: "node", down: true }),
  health(600, "P2", "omd-c", "down", "served-without-redundancy", "P2/omdc-ss: lines A and B silent")
]

/** A plain, comparable picture of a state (Maps and Sets as sorted entries). */
export const plain = (s: ViewState): unknown =>
  JSON.parse(
    JSON.stringify(s, (_k, v: unknown) =>
      v instanceof Map ? [...v.entries()].sort() : v instanceof Set ? [...v].sort() : v
    )
  )
