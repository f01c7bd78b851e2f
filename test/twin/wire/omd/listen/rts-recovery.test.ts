/**
 * Recovering a range over several RTS servers (spec §4.3 and the twin's model, models/omd/rts-client.ts),
 * with a scripted `retransmit`: each call is logged as "server:first-last" and answered from a script.
 */
import { describe, expect, it } from "vitest"
import type { AddOrder } from "../../../../../twin/wire/omd/index.ts"
import type { RtsOutcome, RtsRequest, RtsTarget } from "../../../../../twin/wire/omd/listen/rts-client.ts"
import { RtsRecovery } from "../../../../../twin/wire/omd/listen/rts-recovery.ts"

const order = (seq: number): AddOrder => ({ msgType: 30, securityCode: 1, orderId: BigInt(seq), price: 1, quantity: 1, side: 0, orderType: "2", orderBookPosition: 0 })
const SERVERS: ReadonlyArray<RtsTarget> = [1, 2, 3, 4].map((port) => ({ host: "127.0.0.1", port }))
const BASE = { username: "P0001", channelId: 1 }
const served = (r: RtsRequest): RtsOutcome => ({
  ok: true, messages: Array.from({ length: r.range.last - r.range.first + 1 }, (_, i) => [r.range.first + i, order(r.range.first + i)] as const)
})
const failed: RtsOutcome = { ok: false, kind: "failed", why: "connection refused" }
const rejected = (status: number): RtsOutcome => ({ ok: false, kind: "rejected", status, why: `request rejected (RetransStatus ${status})` })

/** A `retransmit` answering with `answer(server port, request)`, logging each call. */
const scripted = (answer: (port: number, r: RtsRequest) => RtsOutcome) => {
  const calls: Array<string> = []
  const send = async (target: RtsTarget, r: RtsRequest) => {
    calls.push(`${target.port}:${r.range.first}-${r.range.last}`)
    return answer(target.port, r)
  }
  return { calls, send }
}

describe("RtsRecovery", () => {
  it("tries the next server when one does not respond, then starts with the one that served", async () => {
    const { calls, send } = scripted((port, r) => (port <= 2 ? failed : served(r)))
    const rts = new RtsRecovery(SERVERS, send)
    expect(await rts.recover(BASE, { first: 41, last: 50 })).toMatchObject({ ok: true, requests: 3 })
    expect(await rts.recover(BASE, { first: 91, last: 92 })).toMatchObject({ ok: true, requests: 1 })
    expect(calls).toEqual(["1:41-50", "2:41-50", "3:41-50", "3:91-92"])
  })

  it("splits a range the server finds too long (RetransStatus 100) in halves: 1..10 → 1..5, 6..10", async () => {
    const { calls, send } = scripted((_port, r) => (r.range.last - r.range.first + 1 > 5 ? rejected(100) : served(r)))
    const outcome = await new RtsRecovery(SERVERS, send).recover(BASE, { first: 1, last: 10 })
    expect(outcome.ok && outcome.messages.map(([seq]) => seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(calls).toEqual(["1:1-10", "1:1-5", "1:6-10"])
  })

  it("goes to refresh on RetransStatus 2 without asking another server; 101 also ends requests for the day", async () => {
    const two = scripted(() => rejected(2))
    expect(await new RtsRecovery(SERVERS, two.send).recover(BASE, { first: 5, last: 6 }))
      .toEqual({ ok: false, why: "request rejected (RetransStatus 2)", endOfDay: false, requests: 1 })
    expect(two.calls).toEqual(["1:5-6"])
    const limit = scripted(() => rejected(101))
    expect(await new RtsRecovery(SERVERS, limit.send).recover(BASE, { first: 5, last: 6 }))
      .toEqual({ ok: false, why: "request rejected (RetransStatus 101)", endOfDay: true, requests: 1 })
  })

  it("goes to refresh when every server failed in a row, having asked each once", async () => {
    const { calls, send } = scripted(() => failed)
    expect(await new RtsRecovery(SERVERS, send).recover(BASE, { first: 7, last: 7 }))
      .toEqual({ ok: false, why: "every RTS failed (last: connection refused)", endOfDay: false, requests: 4 })
    expect(calls).toEqual(["1:7-7", "2:7-7", "3:7-7", "4:7-7"])
    expect(await new RtsRecovery([], send).recover(BASE, { first: 7, last: 7 })).toEqual({ ok: false, why: "no RTS listed", endOfDay: false, requests: 0 })
  })

  it("runs one recovery at a time across channels: one username, one session (DOMAIN §3), never two servers at once", async () => {
    // Each answer is held until released, so a second recovery asked for meanwhile could overlap it.
    const open: Array<string> = []
    const log: Array<string> = []
    const release: Array<() => void> = []
    const send = (target: RtsTarget, r: RtsRequest) => new Promise<RtsOutcome>((done) => {
      const id = `ch${r.channelId} ${target.port}:${r.range.first}-${r.range.last}`
      log.push(`${id} (open: ${open.length})`)
      open.push(id)
      release.push(() => {
        open.splice(open.indexOf(id), 1)
        done(target.port === 1 ? failed : served(r))
      })
    })
    const rts = new RtsRecovery(SERVERS, send)
    const ss = rts.recover({ username: "P0031", channelId: 1 }, { first: 10, last: 12 })
    const sf = rts.recover({ username: "P0031", channelId: 3 }, { first: 20, last: 21 })
    let settled = false
    void Promise.all([ss, sf]).then(() => { settled = true })
    for (let i = 0; i < 10 && !settled; i++) {
      await new Promise((r) => setTimeout(r, 5))
      release.shift()?.()
    }
    await Promise.all([ss, sf])
    expect(log).toEqual(["ch1 1:10-12 (open: 0)", "ch1 2:10-12 (open: 0)", "ch3 2:20-21 (open: 0)"])
    expect(await ss).toMatchObject({ ok: true, requests: 2 })
    expect(await sf).toMatchObject({ ok: true, requests: 1 })
  })
})
