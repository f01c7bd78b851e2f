/**
 * A hand-made estate (fixtures/hand-estate.yaml) whose nodes are named nothing like the default estate's:
 * the engine finds its Lookup Service (`finder`) and OTP-C host (`matcher`) through the estate's roles, and
 * both sessions log on to their primary gateways at instants worked out by hand.
 *
 * Derivation. A message takes the sum of its links' latencies plus serialisation on the slowest link,
 * ⌈bytes × 8 / Mbps⌉ µs — 1 µs for these small messages, every link being 10,000 Mbps
 * (twin/world/sim-network.ts). One way from alpha's BSS to `finder` or a gateway: premises LAN 10 +
 * alpha-line 400 + pop--core 100 + core--finder (or core--door-N) 5 + 1 = 516 µs; from beta's: 10 + 900 +
 * 100 + 5 + 1 = 1,016 µs; from a gateway to `matcher`: 5 + 20 + 1 = 26 µs. At 09:29:00 each session asks
 * `finder` (DOMAIN §1 Lookup Service) and has its answer a round trip later: alpha at 1,032 µs, beta at
 * 2,032 µs; it sends its Logon to its primary gateway, which gets it one way later and claims the session at
 * the host (a round trip of 52 µs) before it reports the logon: door-1 at 1,032 + 516 + 52 = 1,600 µs,
 * door-2 at 2,032 + 1,016 + 52 = 3,100 µs; the Logon answer reaches the BSS one way later: alpha at
 * 1,600 + 516 = 2,116 µs, beta at 3,100 + 1,016 = 4,116 µs.
 */
import { readFileSync } from "node:fs"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { parseEstate } from "../../../topology/load.ts"
import { checkSimulable, validateEstate } from "../../../topology/validate.ts"
import { estateSettings } from "../../../scenarios/settings/settings.ts"
import { parseClock } from "../../../twin/engine/time.ts"
import { MemoryTrace } from "../../../twin/engine/trace.ts"
import { simulateInParts } from "../../../twin/simulate/simulate-in-parts.ts"

const name = "test/twin/simulate/fixtures/hand-estate.yaml"

describe("a hand-made estate, found by its roles", () => {
  it("logs both sessions on to their primary gateways through finder and matcher, at the instants worked out by hand", async () => {
    const parsed = parseEstate(name, readFileSync(name, "utf8"))
    if (Result.isFailure(parsed)) throw new Error("hand estate does not parse")
    const valid = validateEstate(name, parsed.success)
    if (Result.isFailure(valid)) throw new Error("hand estate is not valid")
    expect(Result.isSuccess(checkSimulable(name, parsed.success))).toBe(true)
    const settings = estateSettings(name, valid.success.model)
    if (Result.isFailure(settings)) throw new Error("hand estate settings")
    const from = parseClock("09:29")!
    const trace = new MemoryTrace()
    const summary = await simulateInParts({
      model: valid.success.model,
      seed: 1,
      window: { from, to: parseClock("09:30")! },
      workers: 1,
      trace,
      moved: [],
      settings: settings.success
    })
    const steps = trace.events
      .filter((e) => e.kind === "ocg.session" || e.kind === "ocg.gateway")
      .map((e) => [e.t - from, e.subject, e.data.event, e.data.gateway ?? e.data.endpoint ?? e.data.compId])
    expect(steps).toEqual([
      [0, "alpha", "lookup", "finder"],
      [0, "beta", "lookup", "finder"],
      [1_032, "alpha", "lookup-ok", "finder"],
      [1_032, "alpha", "logon-sent", "door-1"],
      [1_600, "door-1", "logon", "ALPHA1"],
      [2_032, "beta", "lookup-ok", "finder"],
      [2_032, "beta", "logon-sent", "door-2"],
      [2_116, "alpha", "logon", "door-1"],
      [3_100, "door-2", "logon", "BETA1"],
      [4_116, "beta", "logon", "door-2"]
    ])
    // One circuit each and one router: served, without redundancy (core and the circuit are single points).
    expect(summary.health["otp-c"]).toEqual({ served: 0, "served-without-redundancy": 2, degraded: 0, down: 0 })
  })
})
