/** OCG-C checks on a real trace of the default estate (drill-support.ts). */
import { describe, expect, it } from "vitest"
import { executionLedger } from "../../../twin/simulate/instruments/execution-ledger.ts"
import { seconds } from "../../../twin/engine/time.ts"
import { ocgWiring } from "../../../twin/simulate/wire-ocg.ts"
import type { Wiring } from "../../../twin/simulate/wiring.ts"
import { at, model, run } from "./drill-support.ts"
import { WorldChange } from "../../../twin/world/world-change.ts"

describe("OCG-C gateway ocg-dc1-03 lost at 09:31 while orders flow (09:30–09:40)", () => {
  const crash: Wiring = { system: "faults", wire: ({ runtime, world }) => runtime.at(at("09:31"), () => world.apply(WorldChange.nodeDown("ocg-dc1-03", true))) }
  const judge = run({ from: at("09:30"), to: at("09:40") }, [ocgWiring, executionLedger, crash], 4)
  const hit = model.file.participants.flatMap((x) => x.ocgSessions.filter((s) => s.primary === "ocg-dc1-03").map((s) => ({ participant: x.id, compId: s.compId })))

  it("ocg-session-recovery: within 5m passes; within 1m fails naming every session that was on it, down from the crash", () => {
    const lenient = judge("ocg-session-recovery", { within: "5m" })
    expect(lenient.verdict).toBe("pass")
    // DOMAIN §1: about 3 min 40 s to notice (heartbeats, Test Request) and a primary Logon that times out,
    // then the secondary: about 4 min 10 s in all.
    expect(lenient.summary).toMatch(/^longest OCG-C session outage 4m\d+\.\d+s \(within 5m\)$/)
    const strict = judge("ocg-session-recovery", { within: "1m" })
    expect(strict.verdict).toBe("fail")
    expect(hit.length).toBeGreaterThan(100)
    expect(strict.evidence.map((e) => `${e.participant}/${e.subject}`).sort()).toEqual(hit.map((s) => `${s.participant}/${s.compId}`).sort())
    for (const e of strict.evidence) {
      expect(e.from).toBe(at("09:31"))
      expect(e.to! - e.from).toBeGreaterThan(seconds(180))
      expect(e.detail).toMatch(/: ocg-dc1-03 crashed; logged on again to ocg-dc1-\d\d \(secondary\)$/)
    }
  })

  it("executions-exactly-once passes: what was logged while the sessions were away was delivered once on their return", () => {
    const r = judge("executions-exactly-once", {})
    expect(r.verdict).toBe("pass")
    const [, lost, duplicated, logged, undelivered] = /^(\d+) lost, (\d+) duplicated of (\d+) executions logged \(max 0\); (\d+) not yet delivered/.exec(r.summary)!
    expect([lost, duplicated, undelivered]).toEqual(["0", "0", "0"])
    expect(Number(logged)).toBeGreaterThan(10_000)
  })

  it("health on otp-c fails for exactly the participants with a session on the gateway", () => {
    const r = judge("health", { service: "otp-c" })
    expect(new Set(r.evidence.map((e) => e.participant))).toEqual(new Set(hit.map((s) => s.participant)))
  })
})
