import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { encodeTraceEvent, MemoryTrace } from "../../../twin/engine/trace.ts"
import { simulate } from "../../../twin/simulate/simulate.ts"
import { allSystems } from "../../../twin/simulate/systems.ts"
import { LiveSession } from "../../../twin/serve/live-session.ts"
import { minutes, NINE, tiny } from "./support.ts"

const LINK = "ar-dc1-a--new-core-dc1-a"
const window = { from: NINE, to: NINE + minutes(10) }
const session = () => new LiveSession({ model: tiny, seed: 4, window, moved: [] })
const value = <A>(r: Result.Result<A, string>): A => {
  if (Result.isFailure(r)) throw new Error(r.failure)
  return r.success
}
const failure = <A>(r: Result.Result<A, string>): string => {
  if (Result.isSuccess(r)) throw new Error(`accepted: ${String(r.success)}`)
  return r.failure
}

describe("live session on the tiny estate", () => {
  it("run in uneven slices writes the same trace as one simulate() run", () => {
    const trace = new MemoryTrace()
    simulate({ model: tiny, seed: 4, window, wirings: allSystems, trace })
    const live = session()
    for (const step of [1, 7_000_000, 3, 45_000_000, 120_000_001, minutes(3), minutes(10)]) live.advance(live.now + step)
    expect(live.over).toBe(true)
    // Byte for byte, metrics.events too: the kernel counts events as they run, not per slice.
    expect(live.lines.length).toBe(trace.events.length)
    expect(live.lines.join("\n")).toBe(trace.events.map(encodeTraceEvent).join("\n"))
  })

  it("injects a link-down now: live.control, scenario.fault start, then the link's world.change, all at the instant reached", () => {
    const live = session()
    live.advance(NINE + minutes(2))
    const before = live.log.length
    expect(value(live.apply({ type: "inject", fault: { kind: "link-down", link: LINK } }))).toBe(`injected link-down live-1 on ${LINK} until ended`)
    live.advance(live.now)
    const added = live.log.slice(before)
    expect(added.slice(0, 3)).toEqual([
      { t: NINE + minutes(2), kind: "live.control", subject: "instructor", data: { control: "inject", id: "live-1", fault: { kind: "link-down", link: LINK } } },
      { t: NINE + minutes(2), kind: "scenario.fault", subject: "live-1", data: { kind: "link-down", status: "start", targets: [LINK] } },
      { t: NINE + minutes(2), kind: "world.change", subject: LINK, data: { what: "link", down: true } }
    ])
  })

  it("ends a live fault on end-fault: the link comes back, then scenario.fault end", () => {
    const live = session()
    live.advance(NINE + minutes(1))
    value(live.apply({ type: "inject", fault: { kind: "link-down", link: LINK }, id: "cut" }))
    live.advance(NINE + minutes(3))
    const before = live.log.length
    expect(value(live.apply({ type: "end-fault", id: "cut" }))).toBe("link-down cut ends")
    live.advance(live.now)
    const added = live.log.slice(before).filter((e) => e.kind !== "health")
    expect(added.slice(0, 3)).toEqual([
      { t: NINE + minutes(3), kind: "live.control", subject: "instructor", data: { control: "end-fault", id: "cut" } },
      { t: NINE + minutes(3), kind: "world.change", subject: LINK, data: { what: "link", down: false } },
      { t: NINE + minutes(3), kind: "scenario.fault", subject: "cut", data: { kind: "link-down", status: "end", targets: [LINK] } }
    ])
    expect(failure(live.apply({ type: "end-fault", id: "cut" }))).toBe('id: expected a running live fault, got "cut" (already ended)')
  })

  it("ends a fault given `for` by itself, and a flap stops flapping when ended early", () => {
    const live = session()
    live.advance(NINE + minutes(1))
    expect(value(live.apply({ type: "inject", fault: { kind: "link-down", link: LINK }, for: "30s" }))).toBe(`injected link-down live-1 on ${LINK}, for 30s`)
    value(live.apply({ type: "inject", fault: { kind: "link-flap", link: "ca-pop--ar-dc1-a", period: "10s" } }))
    live.advance(NINE + minutes(2))
    const faultEvents = (id: string) => live.log.filter((e) => e.kind === "scenario.fault" && e.subject === id).map((e) => [e.t, e.data.status])
    expect(faultEvents("live-1")).toEqual([[NINE + minutes(1), "start"], [NINE + minutes(1) + 30_000_000, "end"]])
    value(live.apply({ type: "end-fault", id: "live-2" }))
    live.advance(NINE + minutes(4))
    const flaps = live.log.filter((e) => e.kind === "world.change" && e.subject === "ca-pop--ar-dc1-a").map((e) => [e.t, e.data.down])
    // Down 5 s of every 10 s from 09:01; the cycle due at 09:02 ran before the end at 09:02 put it up for good.
    expect(flaps.length).toBe(14)
    expect(flaps.slice(0, 2)).toEqual([[NINE + minutes(1), true], [NINE + minutes(1) + 5_000_000, false]])
    expect(flaps.at(-1)).toEqual([NINE + minutes(2), false])
  })

  it("refuses bad fault entries with the scenario resolver's messages", () => {
    const live = session()
    live.advance(NINE + minutes(1))
    expect(failure(live.apply({ type: "inject", fault: { kind: "link-down", link: "nope" } }))).toBe(
      'fault.link: expected a link id of the estate (or a participant circuit id), got "nope"'
    )
    expect(failure(live.apply({ type: "inject", fault: { kind: "link-dwn", link: LINK } }))).toMatch(/^fault\.kind: expected a fault kind, one of bandwidth-cap, .*got "link-dwn"$/)
    expect(failure(live.apply({ type: "inject", fault: { kind: "link-down", link: LINK, at: "09:05" } }))).toBe(
      'fault.at: expected no such field (a live fault starts now), got "09:05"'
    )
    expect(failure(live.apply({ type: "inject", fault: { kind: "link-down", link: LINK }, for: "soon" }))).toBe(
      'for: expected a duration such as "250ms", "90s", "5m" or "1h30m", at most 24h, got "soon"'
    )
    expect(failure(live.apply({ type: "inject", fault: { kind: "link-down", lnk: LINK } }))).toMatch(/^fault\./)
    // every problem of the entry in the one line, not only the first found (a bad `for` hid `percent`)
    expect(failure(live.apply({ type: "inject", fault: { kind: "link-loss", link: LINK, percent: 500, at: "09:05" }, for: "-1m" }))).toBe(
      'fault.at: expected no such field (a live fault starts now), got "09:05"; ' +
        'for: expected a duration such as "250ms", "90s", "5m" or "1h30m", at most 24h, got "-1m"; ' +
        "fault.percent: expected a loss percentage above 0, at most 100, got 500"
    )
    expect(live.log.some((e) => e.kind === "live.control")).toBe(false)
  })

  it("moves units now and refuses unknown or already-moved ones; phases need a scenario", () => {
    const live = session()
    live.advance(NINE + minutes(1))
    expect(value(live.apply({ type: "move", units: ["access-dc1-b"] }))).toBe("moved access-dc1-b")
    live.advance(live.now)
    expect(live.log.find((e) => e.kind === "world.change" && e.t === NINE + minutes(1))?.data).toMatchObject({ what: "unit" })
    expect(failure(live.apply({ type: "move", units: ["access-dc1-b"] }))).toBe('units[0]: expected a unit on the old backbone, got "access-dc1-b" (already moved)')
    expect(failure(live.apply({ type: "move", units: ["access-dc9"] }))).toBe('units[0]: expected a cutover unit of tiny-estate, got "access-dc9"')
    expect(value(live.apply({ type: "move", units: ["access-dc1-b"], back: true }))).toBe("moved back access-dc1-b")
    expect(failure(live.apply({ type: "phase", phase: "p1" }))).toBe("phase: expected a served scenario (twin serve SCENARIO), got none: phases come from a scenario")
    live.advance(window.to)
    expect(failure(live.apply({ type: "move", units: ["access-dc1-a"] }))).toBe("the simulated day is over")
  })
})
