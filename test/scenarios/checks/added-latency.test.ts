import { describe, expect, it } from "vitest"
import { addedLatency } from "../../../scenarios/checks/added-latency.ts"
import { at, ev, judge, rows, validate } from "./support.ts"

const sample = (t: string, service: string, median: number, p99: number, max: number, worstFlow: string) =>
  ev(t, "route.latency", "twin", { service, flows: 40, medianAddedUs: median, p90AddedUs: p99, p99AddedUs: p99, maxAddedUs: max, worstFlow, unreachable: 0 })

describe("added-latency", () => {
  const events = [
    sample("09:00", "omd-c", 0, 0, 100, "P1/omdc-ss"),
    sample("09:00", "otp-c", 0, 0, 0, "P1/P1T01"),
    sample("09:40:01", "omd-c", 20, 200, 900, "P2/omdc-ss"),
    sample("09:50:01", "omd-c", 0, 0, 100, "P1/omdc-ss")
  ]
  const window = { from: "09:30", to: "10:00" }

  it("fails while the chosen figure is over max, naming the flow with the most added", () => {
    const r = judge(addedLatency, { service: "omd-c", max: "500us" }, window, events)
    expect(r.verdict).toBe("fail")
    expect(r.summary).toBe("highest max latency added to omd-c 900us (max 500us)")
    expect(rows(r)).toEqual([["P2", "P2/omdc-ss", at("09:40:01"), at("09:50:01"), "max added latency 900us over 40 flows (max 500us); worst P2/omdc-ss +900us"]])
  })

  it("names the worst sample of a spell within the window, not one after it (issue 13, defect 7)", () => {
    // The spell opened at 09:40:01 (900us) is still on when the window closes at 09:45; a 1500us sample at
    // 09:47 is after the window and does not describe it.
    const later = [...events.slice(0, 3), sample("09:47", "omd-c", 30, 300, 1500, "P3/omdc-ss"), events[3]!]
    const r = judge(addedLatency, { service: "omd-c", max: "500us" }, { from: "09:30", to: "09:45" }, later)
    expect(rows(r)).toEqual([["P2", "P2/omdc-ss", at("09:40:01"), undefined, "max added latency 900us over 40 flows (max 500us); worst P2/omdc-ss +900us"]])
  })

  it("at another percentile, and with the sample in force at the opening", () => {
    const r = judge(addedLatency, { service: "omd-c", max: "500us", percentile: "p99" }, window, events)
    expect([r.verdict, r.summary]).toEqual(["pass", "highest p99 latency added to omd-c 200us (max 500us)"])
    const early = judge(addedLatency, { service: "omd-c", max: "50us" }, window, events, "09:35")
    expect(rows(early)).toEqual([["P1", "P1/omdc-ss", at("09:00"), undefined, "max added latency 100us over 40 flows (max 50us); worst P1/omdc-ss +100us"]])
  })

  it("fails when nothing was sampled (the sampler not wired)", () => {
    const r = judge(addedLatency, { service: "otp-csc", max: "1ms" }, window, events)
    expect([r.verdict, r.summary]).toEqual(["fail", "no route.latency sample for otp-csc: the latency sampler was not part of the run (max 1ms)"])
  })

  it("takes only a service the estate has flows for", () => {
    expect(validate(addedLatency, { service: "omd-c", max: "1ms" })).toEqual([])
    expect(validate(addedLatency, { service: "ecp-sftp", max: "1ms" })).toEqual([{ path: "service", expected: "a service with flows in tiny-estate", got: '"ecp-sftp"' }])
  })
})
