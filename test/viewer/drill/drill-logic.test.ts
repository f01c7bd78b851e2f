/**
 * The drill pages' pure parts (viewer/src/drill/): the element lists the forms search, the fault form's
 * fields per parameter, the order of alarms and tickets, the map state from a `map` message, durations in
 * words, and how a server frame is read. The pages themselves: test/viewer/browser/drill-pages.test.ts.
 */
import { describe, expect, it } from "vitest"
import type { Alarm, Ticket } from "../../../twin/contract/drill-protocol.ts"
import { estateLayout } from "../../../twin/world/estate-layout.ts"
import { alarmOrder } from "../../../viewer/src/drill/alarms-panel.ts"
import { mapViewState } from "../../../viewer/src/drill/drill-map.ts"
import { elementOptions, filterOptions } from "../../../viewer/src/drill/element-options.ts"
import { formKinds, formParams } from "../../../viewer/src/drill/fault-params.ts"
import { formatAfter, formatMinutes } from "../../../viewer/src/drill/format.ts"
import { decodeDrillMessage } from "../../../viewer/src/drill/protocol.ts"
import { ticketOrder } from "../../../viewer/src/drill/tickets-panel.ts"
import { linkState, nodeState } from "../../../viewer/src/state/derive.ts"
import { tiny } from "../../twin/serve/support.ts"

const layout = estateLayout(tiny)

describe("element lists", () => {
  it("lists the tiny estate's carrier sites and units, with their words", () => {
    // tiny-estate.yaml: sites dc1, dc2 (data centres), carrier-a, carrier-b (carriers); units access-dc1-a/-b.
    expect(elementOptions(layout, ["carrier"])).toEqual([
      { kind: "carrier", id: "carrier-a", label: "carrier-a — carrier, Carrier A" },
      { kind: "carrier", id: "carrier-b", label: "carrier-b — carrier, Carrier B" }
    ])
    expect(elementOptions(layout, ["unit"]).map((o) => o.label)).toEqual([
      "access-dc1-a — cutover unit, Access plane A uplink",
      "access-dc1-b — cutover unit, Access plane B uplink"
    ])
    // 14 nodes in the file (4 dc1 core routers, 2 access routers, core-dc2, 2 gateways, ls-dc1, 2 publishers,
    // 2 PoPs) and 2 participants: every one listed.
    expect(elementOptions(layout, ["node"]).length).toBe(14)
    expect(elementOptions(layout, ["participant"]).map((o) => o.id)).toEqual(["P1", "P2"])
  })

  it("a search keeps the options holding every word, in any case", () => {
    const nodes = elementOptions(layout, ["node"])
    // core routers: old-core-dc1-a, old-core-dc1-b, new-core-dc1-a, new-core-dc1-b, core-dc2; plane B: the two -dc1-b.
    expect(filterOptions(nodes, "CORE-ROUTER plane b").map((o) => o.id)).toEqual(["old-core-dc1-b", "new-core-dc1-b"])
    expect(filterOptions(nodes, "ocg-gateway").map((o) => o.id)).toEqual(["ocg-dc1", "ocg-dc2"])
    expect(filterOptions(nodes, "  ").length).toBe(14)
    expect(filterOptions(nodes, "no-such-thing")).toEqual([])
  })
})

describe("the fault form's fields", () => {
  it("asks a link-or-node pair once, and each other parameter by its kind", () => {
    expect(formParams("firewall-port-blocked", [
      { name: "link", kind: "link", optional: true },
      { name: "node", kind: "node", optional: true },
      { name: "port", kind: "port", optional: false }
    ])).toEqual([
      { name: "element", label: "link or node", optional: false, field: { type: "element", kinds: ["link", "node"] } },
      { name: "port", label: "port", optional: false, field: { type: "choice", choices: ["ocg", "lookup", "otp", "cccg", "mainland", "omd", "refresh", "rts", "sftp"] } }
    ])
    expect(formParams("site-loss", [
      { name: "site", kind: "site", optional: false },
      { name: "dr", kind: "boolean", optional: true },
      { name: "drAfter", kind: "duration", optional: true }
    ]).map((p) => [p.label, p.field.type])).toEqual([["site", "element"], ["dr (optional)", "flag"], ["drAfter (optional)", "duration"]])
    // A required link stays a link field even next to an optional node.
    expect(formParams("x", [{ name: "link", kind: "link", optional: false }, { name: "node", kind: "node", optional: true }]).map((p) => p.name)).toEqual(["link", "node"])
    // A direction's words depend on the kind (docs/faults.md): a clock skew's, a blackhole's.
    const direction = { name: "direction", kind: "direction", optional: true }
    expect(formParams("publisher-clock-skew", [direction])[0]!.field).toEqual({ type: "choice", choices: ["ahead", "behind"] })
    expect(formParams("link-blackhole", [direction])[0]!.field).toEqual({ type: "choice", choices: ["forward", "reverse"] })
  })

  it("offers every kind but compound", () => {
    expect(formKinds([{ kind: "link-down" }, { kind: "compound" }, { kind: "node-crash" }])).toEqual([{ kind: "link-down" }, { kind: "node-crash" }])
  })
})

const alarm = (id: string, since: number, cleared: number | null): Alarm => ({
  id, what: "market-data-silent", service: "omd-c", severity: "major", title: id, count: cleared === null ? 1 : 0, peak: 1, since, cleared, sample: []
})
const ticket = (id: string, at: number, resolved: number | null): Ticket => ({ id, participant: "P1", service: "omd-c", at, text: id, resolved })

describe("order of alarms and tickets", () => {
  it("raised before cleared, then newest first, then by id", () => {
    expect(alarmOrder([alarm("c", 5, 9), alarm("b", 3, null), alarm("a", 3, null), alarm("d", 7, null)]).map((a) => a.id)).toEqual(["d", "a", "b", "c"])
    expect(ticketOrder([ticket("t1", 1, null), ticket("t2", 2, 4), ticket("t3", 3, null)]).map((t) => t.id)).toEqual(["t3", "t1", "t2"])
  })
})

describe("the map from a `map` message", () => {
  it("draws down exactly the nodes and links named, and units moved as named", () => {
    const s = mapViewState(layout, { type: "map", t: 7, down: { nodes: ["ocg-dc1"], links: ["ca-pop--ar-dc1-a"] }, moved: ["access-dc1-b"] }, 3)
    expect(nodeState(s, "ocg-dc1")).toBe("down")
    expect(nodeState(s, "ocg-dc2")).toBe("up")
    expect(linkState(s, "ca-pop--ar-dc1-a")).toBe("down")
    expect(linkState(s, "ca-pop--ar-dc1-b")).toBe("up")
    expect([...s.moved]).toEqual(["access-dc1-b"])
    expect(s.versions).toEqual({ health: 3, flows: 3, world: 3 })
  })
})

describe("words", () => {
  it("durations and participant-minutes", () => {
    // 245 s = 4 min 5 s; 59.6 s rounds to 60 s = 1 min 00 s
    expect(formatAfter(245_000_000)).toBe("4 min 05 s")
    expect(formatAfter(59_600_000)).toBe("1 min 00 s")
    expect(formatAfter(45_000_000)).toBe("45 s")
    expect(formatAfter(null)).toBe("never")
    // An action taken before the incident (the gateway drill's 09:27:03.125 restart, 09:31 crash)
    expect(formatAfter(-236_875_000)).toBe("3 min 57 s before")
    expect(formatMinutes(12.345)).toBe("12.3")
    expect(formatMinutes(0)).toBe("0.0")
  })
})

describe("reading a server frame", () => {
  it("takes a known type and reports anything else as one line", () => {
    expect(decodeDrillMessage('{"type":"hint","at":1,"text":"x"}')).toEqual({ type: "hint", at: 1, text: "x" })
    expect(decodeDrillMessage("nope")).toBe('drill: expected a JSON message, got "nope"')
    expect(decodeDrillMessage("[1]")).toBe("drill: expected a message object")
    expect(decodeDrillMessage('{"type":"events"}')).toBe('drill: expected a message of a known type, got "events"')
    expect(decodeDrillMessage('{"type":"alarms","alarms":3}')).toBe("drill: alarms.alarms: expected an array")
  })
})
