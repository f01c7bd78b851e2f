/**
 * `settings.ocg` changes what the OCG-C sessions do, with exact values (test/scenarios/fixtures/ocg-estate.yaml).
 *
 * The timings every derivation below uses (the fixture's header): a BSS to any dc1 gateway, Lookup Service
 * endpoint or OTP-C host is 167 µs of links, and a message spends ceil(8 × bytes / 1000) µs on the
 * 1,000 Mbps circuit first. A New Order is 54 + 101 + 4 = 159 bytes: 2 µs; a Logon 54 + 454 + 4 = 512 bytes:
 * 5 µs. Gateway to OTP-C host: 2 + 2 µs of links, a 64-byte host message 1 µs on the wire.
 * P1T01 (primary ocg-dc1-01) logs on at 09:59:30.000 686 when the window opens at 09:59:30 (Lookup
 * 09:59:30 → answer at +336, Logon → answer at +350: traced below as a check of the set-up).
 */
import { describe, expect, it } from "vitest"
import { duplicateLogon } from "../../../scenarios/faults/duplicate-logon.ts"
import { parseClock } from "../../../twin/engine/time.ts"
import type { TraceEvent } from "../../../twin/engine/trace.ts"
import type { Wiring } from "../../../twin/simulate/wiring.ts"
import { ocgEstate, runOcg, settingsOf } from "./support.ts"

const model = ocgEstate()
const TEN = parseClock("10:00")! // 36 000 000 000 µs

const rejects = (events: ReadonlyArray<TraceEvent>) =>
  events.filter((e) => e.kind === "ocg.gateway" && e.data.event === "throttle-reject").map((e) => [e.t, e.subject, e.data.compId, e.data.clOrdId, e.data.refSeq, e.data.usLeft])

/** P1's burst: 3 orders a second from 10:00:00 to 10:00:01, not staggered, with throttle `mps`. */
const burst = (mps: number, extra = "") => `  ocg:
    groups:
      burst:
        participants: [P1]
        throttle: ${mps}
        orders: [{from: "10:00", to: "10:00:01", perSecond: 3, stagger: false}]
${extra}`

describe("settings.ocg throttle: a staged throttle breach", () => {
  it("throttle 2 mps with 3 orders in one second: exactly one Business Message Reject, for the third", () => {
    const trace = runOcg(model, settingsOf(model, burst(2)), "09:59:30", "10:00:02")
    // The set-up: P1T01 logged on to ocg-dc1-01 at 09:59:30 + 686 µs.
    expect(trace.events.find((e) => e.kind === "ocg.session" && e.data.compId === "P1T01" && e.data.event === "logon")?.t).toBe(parseClock("09:59:30")! + 686)
    // Orders k = 0, 1, 2 leave at 10:00 + ⌊k × 1 s / 3⌋ = +0, +333 333, +666 666 µs and reach the gateway
    // 2 + 167 µs later: +169, +333 502, +666 835 — all in the throttle's second [10:00:00, 10:00:01). The
    // first two pass; the third is rejected, with 1 000 000 − 666 835 = 333 165 µs left in the second.
    // Its sequence number: Logon 1, a Heartbeat at 09:59:50 (20 s after the Logon) 2, orders 3, 4, 5.
    expect(rejects(trace.events)).toEqual([[TEN + 666_835, "ocg-dc1-01", "P1T01", 3, 5, 333_165]])
  })

  it("the same flow under a throttle of 3 mps (or the default 100) passes whole", () => {
    expect(rejects(runOcg(model, settingsOf(model, burst(3)), "09:59:30", "10:00:02").events)).toEqual([])
    const noThrottle = `  ocg:
    groups:
      burst:
        participants: [P1]
        orders: [{from: "10:00", to: "10:00:01", perSecond: 3, stagger: false}]
`
    expect(rejects(runOcg(model, settingsOf(model, noThrottle), "09:59:30", "10:00:02").events)).toEqual([])
  })

  it("order flow: 5 orders a second under throttle 2 — three rejects, 200 ms apart", () => {
    const five = `  ocg:
    throttle: 2
    groups:
      fast:
        participants: [P1]
        orders: [{from: "10:00", to: "10:00:01", perSecond: 5, stagger: false}]
`
    // Orders at +0, +200 000, …, +800 000 µs reach the gateway 169 µs later; k = 2, 3, 4 are rejected with
    // 1 000 000 − (k × 200 000 + 169) µs left. Their sequence numbers 5, 6, 7 (Logon 1, Heartbeat 2).
    // P2 (throttle 2 too, from the section) keeps its default flow of one order a minute: nothing rejected.
    expect(rejects(runOcg(model, settingsOf(model, five), "09:59:30", "10:00:02").events)).toEqual(
      [2, 3, 4].map((k) => [TEN + k * 200_000 + 169, "ocg-dc1-01", "P1T01", k + 1, k + 3, 1_000_000 - k * 200_000 - 169])
    )
  })
})

describe("settings.ocg cancelOnDisconnect, with a duplicate logon at 10:00:05", () => {
  const dup: Wiring = {
    system: "fault",
    wire: ({ runtime, world, seed }) =>
      duplicateLogon.schedule({ compId: "P1T01" }, { model, runtime, world, seed, id: "dup" }, { start: parseClock("10:00:05")!, end: undefined })
  }
  const cod = (events: ReadonlyArray<TraceEvent>) =>
    events.filter((e) => e.kind === "otp.cancel-on-disconnect").map((e) => [e.t, e.data.event, e.data.cancelled ?? e.data.delay ?? e.data.gateway])

  // The duplicate Logon leaves at 10:00:05 and reaches ocg-dc1-01 at +5 + 167 = +172 µs, which drops both
  // connections and tells the host (+1 + 4 µs): the session detaches at 10:00:05.000 177. The BSS hears of
  // the drop at +172 + 167 = +339 µs, waits 10 s and logs on again; its Logon reaches the gateway at
  // 10:00:15 + 339 + 172 = +511, whose claim reaches the host at +516.
  const detached = parseClock("10:00:05")! + 177
  const reattached = parseClock("10:00:15")! + 516

  it("on with a 5 s delay: fires at the detach + 5 s and cancels P1T01's two open orders", () => {
    // Throttle 2: orders 1 and 2 were accepted at 10:00:00 and fill only 30 s later (FILL_DELAY [U]); the
    // third was rejected. Fired at 10:00:05.000 177 + 5 s, before the reconnect.
    const trace = runOcg(model, settingsOf(model, burst(2, "        cancelOnDisconnect: {enabled: true, delay: 5s}\n")), "09:59:30", "10:00:20", [dup])
    expect(cod(trace.events)).toEqual([
      [detached, "armed", 5_000_000],
      [detached + 5_000_000, "fired", 2]
    ])
  })

  it("on with a 30 s delay: the reconnect 10 s later cancels it", () => {
    const trace = runOcg(model, settingsOf(model, burst(2, "        cancelOnDisconnect: {enabled: true, delay: 30s}\n")), "09:59:30", "10:00:20", [dup])
    expect(cod(trace.events)).toEqual([
      [detached, "armed", 30_000_000],
      [reattached, "avoided", "ocg-dc1-01"]
    ])
  })

  it("order flow changes what it cancels: throttle 3 lets the third order in, so three are cancelled", () => {
    const trace = runOcg(model, settingsOf(model, burst(3, "        cancelOnDisconnect: {enabled: true, delay: 5s}\n")), "09:59:30", "10:00:20", [dup])
    expect(cod(trace.events)).toEqual([
      [detached, "armed", 5_000_000],
      [detached + 5_000_000, "fired", 3]
    ])
  })

  it("on for every session without a delay: the default 300 s [U]; off (the default): nothing armed", () => {
    const on = `  ocg:\n    cancelOnDisconnect: {enabled: true}\n`
    expect(cod(runOcg(model, settingsOf(model, on), "09:59:30", "10:00:20", [dup]).events)).toEqual([
      [detached, "armed", 300_000_000],
      [reattached, "avoided", "ocg-dc1-01"]
    ])
    expect(cod(runOcg(model, settingsOf(model, undefined), "09:59:30", "10:00:20", [dup]).events)).toEqual([])
  })
})
