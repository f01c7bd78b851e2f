import { describe, expect, it } from "vitest"
import { parseClock } from "../../../twin/engine/time.ts"
import { omdWiring } from "../../../twin/simulate/wire-omd.ts"
import { defaultEstate, fault, issuesOf, run } from "./support.ts"

const model = defaultEstate()
const at = (clock: string) => parseClock(clock)!

describe("publisher-clock-skew on the default estate", () => {
  it("line A's publisher node 2 s behind from 09:30:10 to 09:30:40: every publisher on it (SS, SP, SF, DR) shifts SendTime, then is put right", () => {
    const r = run(model, { from: at("09:30"), to: at("09:30:45") }, [
      omdWiring,
      fault("publisher-clock-skew", { node: "omdc-pub-dc1-a", skew: "2s", direction: "behind" }, at("09:30:10"), at("09:30:40"), model)
    ])
    expect(r.changes()).toEqual([
      [at("09:30:10"), "omdc-pub-dc1-a", { what: "clock", skewUs: -2_000_000 }],
      [at("09:30:40"), "omdc-pub-dc1-a", { what: "clock", skewUs: 0 }]
    ])
    expect(r.trace.ofKind("omd.clock-skew").map((e) => [e.t, e.subject, e.data.channel, e.data.line, e.data.skew])).toEqual([
      [at("09:30:10"), "omdc-pub-dc1-a/SS", "omdc/SS", "A", -2_000_000],
      [at("09:30:10"), "omdc-pub-dc1-a/SP", "omdc/SP", "A", -2_000_000],
      [at("09:30:10"), "omdc-pub-dc1-a/SF", "omdc/SF", "A", -2_000_000],
      [at("09:30:10"), "omdc-pub-dc1-a/DR", "omdc/DR", "A", -2_000_000],
      [at("09:30:40"), "omdc-pub-dc1-a/SS", "omdc/SS", "A", 0],
      [at("09:30:40"), "omdc-pub-dc1-a/SP", "omdc/SP", "A", 0],
      [at("09:30:40"), "omdc-pub-dc1-a/SF", "omdc/SF", "A", 0],
      [at("09:30:40"), "omdc-pub-dc1-a/DR", "omdc/DR", "A", 0]
    ])
    // Sequence numbers and delivery are untouched: no gap anywhere.
    expect(r.trace.ofKind("omd.gap")).toEqual([])
  })

  it("takes only OMD publisher nodes", () => {
    expect(issuesOf("publisher-clock-skew", { node: "rts-dc1-1", skew: "1s" }, model)).toEqual([
      { path: "node", expected: "an OMD publisher node id (omd-c-publisher, omd-cc-publisher)", got: '"rts-dc1-1", a rts-server' }
    ])
  })
})
