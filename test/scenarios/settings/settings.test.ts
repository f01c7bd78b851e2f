/**
 * The settings mechanism: a scenario's `settings:` over its estate's, field by field, resolved once into
 * the typed `Settings`; every bad value one line `FILE:PATH: expected …, got …` from the loaders (what
 * `twin run` / `twin simulate` print before exiting 2); plain data a worker thread can be sent.
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Option, Result } from "effect"
import { describe, expect, it } from "vitest"
import { catalogues } from "../../../scenarios/catalogues.ts"
import { runScenario } from "../../../scenarios/run.ts"
import { loadScenario } from "../../../scenarios/load.ts"
import { estateSettings, layOver, scenarioSettings } from "../../../scenarios/settings/settings.ts"
import { type InputInvalid, renderInputInvalid } from "../../../topology/input-issue.ts"
import { loadValidEstate } from "../../../twin/cli/estate-input.ts"
import { parseClock } from "../../../twin/engine/time.ts"
import { MemoryTrace } from "../../../twin/engine/trace.ts"
import { LiveSession } from "../../../twin/serve/live-session.ts"
import { runPartTask } from "../../../twin/simulate/part-task.ts"
import { ocgEstate, settingsOf } from "./support.ts"

const dir = "test/scenarios/fixtures/settings"
const run = <A>(effect: Effect.Effect<A, InputInvalid, NodeServices.NodeServices>) => Effect.runPromise(Effect.result(effect.pipe(Effect.provide(NodeServices.layer))))
const lines = async <A>(effect: Effect.Effect<A, InputInvalid, NodeServices.NodeServices>): Promise<ReadonlyArray<string>> => {
  const r = await run(effect)
  if (Result.isSuccess(r)) throw new Error("it loaded")
  return renderInputInvalid(r.failure)
}

describe("bad settings: one line each, before anything runs", () => {
  it("wrong shapes and unknown keys in a scenario's settings", async () => {
    expect(await lines(loadScenario(`${dir}/bad-shape.yaml`, { catalogues }))).toEqual([
      `${dir}/bad-shape.yaml:settings.omd: expected no such field, got {}`,
      `${dir}/bad-shape.yaml:settings.ocg.throtle: expected no such field, got 2`,
      `${dir}/bad-shape.yaml:settings.ocg.throttle: expected a whole number of messages per second from 1 to 1,000,000, got 0`,
      `${dir}/bad-shape.yaml:settings.ocg.cancelOnDisconnect.enabled: expected boolean, got "yes-please"`,
      `${dir}/bad-shape.yaml:settings.ocg.groups.burst.orders[0].perSecond: expected a rate above 0, at most 10,000 a second, got -3`
    ])
  })

  it("an order rate beyond 10,000 a second (600,000 a minute) is refused, not run for hours (found by npm run fuzz: 1e308 a minute)", async () => {
    const base = readFileSync("scenarios/library/half-day-on-the-new-backbone.yaml", "utf8")
    const file = join(mkdtempSync(join(tmpdir(), "rate-")), "fast.yaml")
    writeFileSync(file, base.replace('{from: "12:01", to: "12:08", perMinute: 1}', '{from: "12:01", to: "12:08", perMinute: 1.0e308}'))
    expect(await lines(loadScenario(file, { catalogues }))).toEqual([`${file}:settings.ocg.orders[2].perMinute: expected a rate above 0, at most 600,000 a minute, got 1e+308`])
  })

  it("names and windows the estate cannot honour", async () => {
    expect(await lines(loadScenario(`${dir}/bad-references.yaml`, { catalogues }))).toEqual([
      `${dir}/bad-references.yaml:settings.ocg.orders[0].to: expected a time after from 10:00, got "09:00"`,
      `${dir}/bad-references.yaml:settings.ocg.orders[1]: expected a window that meets OTP-C's order input (09:00–09:20, 09:30–12:00, 13:00–16:00, 16:01–16:08; an order outside is refused), got 12:10–12:50`,
      `${dir}/bad-references.yaml:settings.ocg.groups.ghosts.participants[0]: expected a participant id of the estate, got "P9"`,
      `${dir}/bad-references.yaml:settings.ocg.groups.ghosts.compIds[0]: expected an OCG-C Comp ID of the estate, got "P9T01"`,
      `${dir}/bad-references.yaml:settings.ocg.groups.ghosts.carrier: expected a carrier of the estate's participant circuits, got "carrier-z"`,
      `${dir}/bad-references.yaml:settings.ocg.groups.brokers.orders[0]: expected a rate: perSecond or perMinute (one of them), got both`,
      `${dir}/bad-references.yaml:settings.ecp.files[0].participants[0]: expected a participant of ocg-settings-estate that uses ECP, got "P9"`
    ])
  })

  it("a scenario's order window on a half day: checked against the half day's order input (its afternoon has none)", async () => {
    expect(await lines(loadScenario(`${dir}/half-day-afternoon.yaml`, { catalogues }))).toEqual([
      `${dir}/half-day-afternoon.yaml:settings.ocg.orders[0]: expected a window that meets OTP-C's order input on a half day (09:00–09:20, 09:30–12:00, 12:01–12:08; an order outside is refused), got 13:00–15:00`
    ])
    // The same window on a full day is continuous trading's afternoon.
    const model = ocgEstate()
    expect(Result.isSuccess(scenarioSettings({ ocg: { orders: [{ from: "13:00", to: "15:00", perMinute: 1 }] } }, model))).toBe(true)
  })

  it("the estate's own settings are named by the estate file — for a run of the estate and for a scenario on it", async () => {
    // An unknown section is found when the estate file is read (topology/schema.ts checks the section names).
    expect(await lines(loadValidEstate(Option.some(`${dir}/bad-estate-settings.yaml`), { simulates: true }))).toEqual([
      `${dir}/bad-estate-settings.yaml:settings.ecb: expected no such field, got {}`
    ])
    // A bad value inside a section, by the settings resolver, the same whoever loads the estate.
    const values = [`${dir}/bad-estate-values.yaml:settings.ocg.throttle: expected a whole number of messages per second from 1 to 1,000,000, got -1`]
    expect(await lines(loadValidEstate(Option.some(`${dir}/bad-estate-values.yaml`), { simulates: true }))).toEqual(values)
    expect(await lines(loadScenario(`${dir}/over-estate.yaml`, { catalogues, estate: `${dir}/bad-estate-values.yaml` }))).toEqual(values)
  })

  it("a rule between fields that only the merge breaks: the estate's upload window with the scenario's later start", () => {
    // Estate: uploads 07:00–09:00; scenario: uploads from 10:00. Each side is valid alone; laid over, the
    // window would open after it closes — refused, not run with every upload at 10:00.
    const model = ocgEstate(`  ecp:\n    uploads: {from: "07:00", until: "09:00"}\n`)
    const merged = scenarioSettings({ ecp: { uploads: { from: "10:00" } } }, model)
    expect(Result.isFailure(merged) ? merged.failure : []).toEqual([
      { path: "settings.ecp.uploads", expected: "a window with from before until (this scenario's settings laid over the estate's)", got: '{"from":"10:00","until":"09:00"}' }
    ])
    expect(Result.isSuccess(scenarioSettings({ ecp: { uploads: { from: "08:00" } } }, model))).toBe(true)
  })

  it("two groups that select the same session", () => {
    const model = ocgEstate()
    const overlap = scenarioSettings({ ocg: { groups: { brokers: { kind: "broker", throttle: 2 }, "carrier-a": { carrier: "carrier-a", throttle: 5 } } } }, model)
    // P1 is the broker and the one participant on carrier-a: P1T01 is in both.
    expect(Result.isFailure(overlap) ? overlap.failure : []).toEqual([
      { path: "settings.ocg.groups.carrier-a", expected: "groups that share no session (P1T01 is also in group brokers)", got: '"carrier-a"' }
    ])
  })

  it("a group that selects no session: refused in the file that writes it, or in the scenario whose merge empties it", async () => {
    // ocg-estate.yaml: P1 (a broker, P1T01, carrier-a) and P2 (a vendor, P2T01, carrier-b). Every selector
    // given must hold: P2 and broker, no one. Before: accepted, the group's settings applied to nobody.
    const model = ocgEstate()
    const alone = scenarioSettings({ ocg: { groups: { ghost: { participants: ["P2"], kind: "broker", throttle: 1 } } } }, model)
    expect(Result.isFailure(alone) ? alone.failure : []).toEqual([
      { path: "settings.ocg.groups.ghost", expected: "a group whose selectors select an OCG-C session", got: "participants [P2] and kind broker, which together select none" }
    ])
    // The estate's burst is P1 (P1T01); the scenario's kind: vendor alone selects P2T01, but laid over the
    // estate's group both selectors hold: no session. Before: exit 0, the burst's orders, throttle 2 and
    // Cancel-on-Disconnect gone without a word.
    expect(await lines(loadScenario(`${dir}/emptied-group.yaml`, { catalogues }))).toEqual([
      `${dir}/emptied-group.yaml:settings.ocg.groups.burst: expected a group whose selectors select an OCG-C session (this scenario's settings laid over the estate's), got the estate's burst selects P1T01 (participants [P1]); with this scenario's kind vendor, none`
    ])
    // A selector the scenario replaces is named with the estate's it replaces.
    const brokers = ocgEstate(`  ocg:\n    groups:\n      burst: {participants: [P1], kind: broker, throttle: 2}\n`)
    const replaced = scenarioSettings({ ocg: { groups: { burst: { participants: ["P2"] } } } }, brokers)
    expect(Result.isFailure(replaced) ? replaced.failure : []).toEqual([
      {
        path: "settings.ocg.groups.burst",
        expected: "a group whose selectors select an OCG-C session (this scenario's settings laid over the estate's)",
        got: "the estate's burst selects P1T01 (participants [P1] and kind broker); with this scenario's participants [P2] (in place of the estate's [P1]), none"
      }
    ])
    // The estate's own group that selects nobody is the estate file's problem, for whoever loads it.
    const estateLines = [`${dir}/empty-group-estate.yaml:settings.ocg.groups.burst: expected a group whose selectors select an OCG-C session, got kind broker and carrier carrier-b, which together select none`]
    expect(await lines(loadValidEstate(Option.some(`${dir}/empty-group-estate.yaml`), { simulates: true }))).toEqual(estateLines)
    // A group that changes only values keeps the estate's selectors: P1T01, as before.
    expect(Result.isSuccess(scenarioSettings({ ocg: { groups: { burst: { throttle: 3 } } } }, brokers))).toBe(true)
  })
})

describe("resolving: the scenario's values over the estate's, field by field", () => {
  it("a scenario on an estate with settings keeps every estate field it does not set", async () => {
    const r = await run(loadScenario(`${dir}/over-estate.yaml`, { catalogues }))
    if (Result.isFailure(r)) throw new Error(renderInputInvalid(r.failure).join("\n"))
    // estate-settings.yaml: every session throttle 50 and a Cancel-on-Disconnect delay of 20 s (not turned
    // on); group burst = P1: throttle 2, 3 orders a second 10:00–10:00:01, Cancel-on-Disconnect on. The
    // scenario sets burst's throttle to 3: the orders and Cancel-on-Disconnect stay the estate's, and the
    // group's `enabled: true` takes the section's 20 s delay.
    expect(r.success.settings).toEqual({
      ocg: {
        sessions: { throttleMps: 50 },
        byCompId: {
          P1T01: {
            orders: [{ from: parseClock("10:00"), to: parseClock("10:00:01"), perMinute: 180, stagger: false }],
            throttleMps: 3,
            cancelOnDisconnect: 20_000_000
          }
        }
      }
    })
  })

  it("a group's Cancel-on-Disconnect fields lie over the section's", () => {
    const s = settingsOf(ocgEstate(), `  ocg:
    cancelOnDisconnect: {enabled: true, delay: 30s}
    groups:
      shorter: {participants: [P1], cancelOnDisconnect: {delay: 10s}}
      without: {participants: [P2], cancelOnDisconnect: {enabled: false}}
`)
    // Every session on with 30 s; P1's group keeps "on" and sets 10 s; P2's turns it off (null).
    expect(s).toEqual({
      ocg: { sessions: { cancelOnDisconnect: 30_000_000 }, byCompId: { P1T01: { cancelOnDisconnect: 10_000_000 }, P2T01: { cancelOnDisconnect: null } } }
    })
  })

  it("no settings anywhere is {}: every model keeps its default", () => {
    expect(settingsOf(ocgEstate(), undefined)).toEqual({})
  })

  it("records merge key by key at every depth; lists and values are replaced whole", () => {
    const estate = { ocg: { throttle: 50, orders: [{ from: "09:30", to: "12:00", perMinute: 1 }], groups: { a: { participants: ["P1"], throttle: 2 } } } }
    const scenario = { ocg: { orders: [{ from: "10:00", to: "10:01", perSecond: 1 }], groups: { a: { throttle: 3 }, b: { compIds: ["P2T01"] } } } }
    expect(layOver<unknown>(estate, scenario)).toEqual({
      ocg: {
        throttle: 50,
        orders: [{ from: "10:00", to: "10:01", perSecond: 1 }],
        groups: { a: { participants: ["P1"], throttle: 3 }, b: { compIds: ["P2T01"] } }
      }
    })
  })
})

describe("settings reach every simulated world", () => {
  it("twin run's: the estate's burst group breaches its throttle in the scenario's trace", async () => {
    const r = await run(loadScenario(`${dir}/breach.yaml`, { catalogues }))
    if (Result.isFailure(r)) throw new Error(renderInputInvalid(r.failure).join("\n"))
    const trace = new MemoryTrace()
    const report = runScenario(r.success, { trace })
    // As in ocg.test.ts: the third order reaches ocg-dc1-01 at 10:00 + 666 835 µs, 333 165 µs before the
    // second ends.
    expect(trace.events.filter((e) => e.kind === "ocg.gateway" && e.data.event === "throttle-reject").map((e) => [e.t, e.data.compId, e.data.usLeft])).toEqual([
      [parseClock("10:00")! + 666_835, "P1T01", 333_165]
    ])
    // And in the report: the check on every session fails on that one reject; P2's passes.
    expect(report.checks.map((c) => [c.id, c.verdict, c.summary, c.evidence.map((e) => [e.participant, e.subject, e.from, e.to, e.detail])])).toEqual([
      ["throttle", "fail", "1 New Order rejected by the throttle (max 0)", [[
        "P1", "P1T01", parseClock("10:00")! + 666_835, parseClock("10:00")! + 666_835,
        "1 New Order from P1T01 rejected by its throttle of 2 mps on ocg-dc1-01, first at 10:00:00.666835"
      ]]],
      ["throttle-p2", "pass", "0 New Orders rejected by the throttle (max 0)", []]
    ])
    // What the run assumed is written with it: the resolved settings in trace.start and report.json.
    expect(trace.events[0]!.data.settings).toEqual(r.success.settings)
    expect(report.settings).toEqual(r.success.settings)
    expect(Object.keys(r.success.settings)).toEqual(["ocg"])
  })


  it("twin serve's, for the estate alone: the estate's settings in the live world", () => {
    // An estate with settings, resolved as twin serve's loadValidEstate does (estateSettings).
    const model = ocgEstate(`  ocg:
    groups:
      burst: {participants: [P1], throttle: 2, orders: [{from: "10:00", to: "10:00:01", perSecond: 3, stagger: false}]}
`)
    const resolved = estateSettings("ocg-estate.yaml", model)
    if (Result.isFailure(resolved)) throw new Error(renderInputInvalid(resolved.failure).join("\n"))
    const settings = resolved.success
    const session = new LiveSession({ model, seed: 1, window: { from: parseClock("09:59:30")!, to: parseClock("10:00:02")! }, moved: [], settings })
    session.advance(parseClock("10:00:02")!)
    expect(session.log.filter((e) => e.kind === "ocg.gateway" && e.data.event === "throttle-reject").map((e) => [e.t, e.data.compId])).toEqual([
      [parseClock("10:00")! + 666_835, "P1T01"]
    ])
  })

  it("a split run's worker part's: plain data, the part given a structured clone of its input stages the same throttle breach", () => {
    const model = ocgEstate()
    const settings = settingsOf(model, `  ocg:
    groups:
      burst: {participants: [P1], throttle: 2, orders: [{from: "10:00", to: "10:00:01", perSecond: 3, stagger: false}]}
`)
    // What postMessage does to a worker's task input (twin/simulate/simulate-in-parts.ts).
    const input = structuredClone({ estate: model.file, part: 0, settings: { seed: 1, window: { from: parseClock("09:59:30")!, to: parseClock("10:00:02")! }, moved: [], settings } })
    expect(input.settings.settings).toEqual(settings)
    const out = runPartTask(input)
    // Part 0 is the trading path; the breach as in ocg.test.ts: the third order at 10:00 + 666 835 µs.
    expect(out.events.filter((e) => e.kind === "ocg.gateway" && e.data.event === "throttle-reject").map((e) => [e.t, e.data.compId, e.data.usLeft])).toEqual([
      [parseClock("10:00")! + 666_835, "P1T01", 333_165]
    ])
  })
})
