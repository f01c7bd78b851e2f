/**
 * A CSC logon the session gives up on (no answer in 60 s) is a connection it closes: while its SYN was
 * still held by a cut, the kernel aborts it, so the CCCG never takes that logon after the path heals.
 * Before the engine had a close, the SYN's sixth retransmission (63 s after it) reached the CCCG as a
 * ghost logon the session had already abandoned.
 */
import { describe, expect, it } from "vitest"
import { constantNetwork } from "../../../../twin/engine/runtime.ts"
import type { CccgState } from "../../../../twin/models/csc/index.ts"
import { at, cscWorld, L } from "./fixture.ts"

// The session's path to cccg-dc1-1 cut from 09:09 to 09:09:50: the logon at 09:09 is held.
const cut = (a: string, b: string, now: number) => a === "P0001.bss" && b === "cccg-dc1-1" && now >= at("09:09") && now < at("09:09:50")

describe("a CSC logon given up while its SYN is held by a cut", () => {
  const { rt, trace } = cscWorld(constantNetwork(L, cut), [{ participant: "P0001", session: "P0001C01", startAt: at("09:09"), orders: [] }])
  // Between 09:10:03 (the ghost's arrival, before the fix) and the real logon at 09:11.
  rt.run(at("09:10:30"))
  const primaryBefore = rt.stateOf<CccgState>("cccg-dc1-1").sessions.map((x) => x.session)
  rt.run(at("09:30"))

  it("never reaches the primary CCCG; the session logs on at the secondary at 09:11", () => {
    expect(primaryBefore).toEqual([])
    expect(rt.stateOf<CccgState>("cccg-dc1-1").sessions.map((x) => x.session)).toEqual([])
    expect(trace.ofKind("flow.status").map((e) => [e.t, e.data["detail"]])).toEqual([
      [at("09:09"), "not logged on"],
      [at("09:11") + 2 * L, "logged on to cccg-dc1-2 (secondary)"]
    ])
  })
})
