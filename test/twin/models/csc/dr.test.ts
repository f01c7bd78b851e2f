import { describe, expect, it } from "vitest"
import { constantNetwork } from "../../../../twin/engine/runtime.ts"
import type { CccgState, CscMessage } from "../../../../twin/models/csc/index.ts"
import { at, bn, cscWorld, L } from "./fixture.ts"

const primarySite = new Set(["cccg-dc1-1", "cccg-dc1-2"])
const primarySiteSilent = (a: string, b: string) => primarySite.has(a) || primarySite.has(b)
const ops = (message: CscMessage) => ({ _tag: "receive" as const, from: "ops", message })

describe("CSC session and the backup site's CCCGs (DR pairs, closed until a failover)", () => {
  it("is refused at once by a closed DR pair, goes on 10 s later, and logs on at the DR pair once it is open", () => {
    // Both primary-site CCCGs silent. 09:09 primary: no answer by 09:10, next 60 s later; 09:11 secondary,
    // likewise to 09:13; 09:13 the primary's DR pair refuses 2L later, the session goes on 10 s after that
    // (09:13:10.002) to the secondary's DR pair, refused, on at 09:13:20.004 to the primary; silent to
    // 09:14:20.004, the secondary at 09:15:20.004, silent to 09:16:20.004; the primary's DR pair, opened
    // at 09:15, at 09:17:20.004 — logged on 2L later, where the order held since 09:16 goes.
    const { rt, trace } = cscWorld(
      constantNetwork(L, primarySiteSilent),
      [{ participant: "P0001", session: "P0001C01", startAt: at("09:09"), orders: [{ at: at("09:16"), order: "S1", market: "SSE", side: "sell", amount: 1 * bn }] }],
      { dr: true }
    )
    rt.inject(at("09:15"), "cccg-dc2-1", ops({ _tag: "site", open: true }))
    rt.run(at("09:30"))
    expect(trace.ofKind("flow.status").map((e) => [e.t, e.data["up"], e.data["detail"]])).toEqual([
      [at("09:09"), 0, "not logged on"],
      [at("09:17:20") + 6 * L, 1, "logged on to cccg-dc2-1 (primary's DR pair)"]
    ])
    expect(trace.ofKind("csc.order").map((e) => [e.t, e.data["event"], e.data["gateway"] ?? null])).toEqual([
      [at("09:16"), "held", null],
      [at("09:17:20") + 6 * L, "submitted", "cccg-dc2-1"],
      [at("09:17:20") + 10 * L, "accepted", null],
      [at("09:25") + 2 * L, "traded", null]
    ])
  })

  it("a closed CCCG answers nothing but the refusal, and closing one drops its sessions", () => {
    // cccg-dc2-1, opened before the start, is this session's primary: logged on at 09:00:00.002, heartbeats
    // every 20 s from then. Closed at 09:30, it echoes nothing more: the last echo heard was the 09:29:40.002
    // heartbeat's (at .004), the session is lost at the 6th tick after it (09:31:40.002), reconnects 10 s
    // later to cccg-dc2-1, is refused 2L later and goes on 10 s after that to its secondary.
    const { rt, trace } = cscWorld(constantNetwork(L, () => false), [{ participant: "P0001", session: "P0001C01", primary: "cccg-dc2-1", orders: [] }], { dr: true })
    rt.inject(at("08:59"), "cccg-dc2-1", ops({ _tag: "site", open: true }))
    rt.inject(at("09:30"), "cccg-dc2-1", ops({ _tag: "site", open: false }))
    rt.run(at("09:40"))
    expect(trace.ofKind("flow.status").map((e) => [e.t, e.data["up"], e.data["detail"]])).toEqual([
      [at("09:00"), 0, "not logged on"],
      [at("09:00") + 2 * L, 1, "logged on to cccg-dc2-1 (primary)"],
      [at("09:31:40") + 2 * L, 0, "not logged on"],
      [at("09:32") + 6 * L, 1, "logged on to cccg-dc1-2 (secondary)"]
    ])
    expect(rt.stateOf<CccgState>("cccg-dc2-1")).toMatchObject({ open: false, sessions: [] })
  })
})
