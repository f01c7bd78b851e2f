/**
 * Cancel-on-Disconnect on the FIX endpoint without a socket (a fake `ConnectionPort`, a hand virtual clock):
 * the endpoint's own OTP-C cancels in virtual-time order with its fills, and a relayed session's end is told
 * to the model as the model's rule reads it (twin/models/ocg/otp-c.ts `triggersCancelOnDisconnect`).
 */
import { describe, expect, it } from "vitest"
import { seconds } from "../../../../../twin/engine/time.ts"
import { OcgCore } from "../../../../../twin/wire/ocg/session/core.ts"
import type { RelayPort } from "../../../../../twin/wire/ocg/session/relay.ts"
import { PASSWORD, testKeys, TRADING } from "../support/gateways.ts"
import { fakePort } from "../support/offline.ts"
import { clientMessage, logonMessage } from "../support/raw-client.ts"

const TEN = seconds(10 * 3600)

/** A core of TRADING at gateway "gw", Cancel-on-Disconnect after 20 s, its virtual clock moved by hand. */
const core = (relay?: RelayPort) => {
  const clock = { t: TEN }
  const lines: Array<string> = []
  const c = new OcgCore({
    sessions: [{ compId: TRADING, participant: "P0001", type: "trading", gateways: new Set(["gw"]), password: PASSWORD, throttleMps: 100, cancelOnDisconnect: seconds(20) }],
    clock: { now: () => clock.t, wallMs: () => Date.now(), over: () => false },
    privateKey: testKeys().privateKey,
    log: (l) => lines.push(l),
    ...(relay === undefined ? {} : { relay })
  })
  return { c, clock, lines }
}

const order = (seq: number, clOrdId: string) =>
  clientMessage(TRADING, seq, [[35, "D"], [11, clOrdId], [48, "700"], [54, "1"], [38, "100"], [40, "2"], [44, "1"]])

describe("Cancel-on-Disconnect on the endpoint", () => {
  it("fires in virtual time with the fills: an order due to fill before the delay ends is filled, the other cancelled (378=104)", () => {
    const { c, clock } = core()
    const first = fakePort()
    const conn = c.open("gw", first.port)
    conn.receive(logonMessage(TRADING, 1, PASSWORD, 1))
    // 10:00:00 order 1 (continuous trading: fills at 10:00:30); 10:00:15 order 2 (fills 10:00:45), then the socket is gone:
    // Cancel-on-Disconnect at 10:00:35.
    conn.receive(order(2, "1"))
    clock.t = TEN + seconds(15)
    conn.receive(order(3, "2"))
    conn.closedByPeer("reset")
    // The world's next step reaches 10:01:00 at once: both fills and the cancel are due; order 1 fills first
    // (10:00:30), order 2 is cancelled at 10:00:35 and so never fills at 10:00:45.
    clock.t = TEN + seconds(60)
    c.tick()
    const again = fakePort()
    c.open("gw", again.port).receive(logonMessage(TRADING, 4, PASSWORD, 4))
    expect(again.messages().map((m) => [35, 11, 150, 39, 378].map((t) => m.find(([x]) => x === t)?.[1]))).toEqual([
      ["A", undefined, undefined, undefined, undefined],
      ["8", "1", "F", "2", undefined],
      ["8", "2", "4", "4", "104"]
    ])
  })

  it("a relayed session logged out by the gateway (MsgSeqNum too low) is a Logout to the model; one whose client closes its socket, or one the model has not answered yet, a disconnect", () => {
    const told: Array<string> = []
    const relay: RelayPort = {
      has: () => true,
      logon: () => told.push("logon"),
      order: () => undefined,
      amend: () => undefined,
      massCancel: () => undefined,
      logout: () => told.push("logout"),
      ended: (_compId, _gateway, _conn, reason) => told.push(`ended: ${reason}`)
    }
    const { c, lines } = core(relay)
    const conn = c.open("gw", fakePort().port)
    conn.receive(logonMessage(TRADING, 1, PASSWORD, 1))
    conn.modelLoggedOn()
    conn.receive(clientMessage(TRADING, 1, [[35, "0"]]))
    const next = c.open("gw", fakePort().port)
    next.receive(logonMessage(TRADING, 2, PASSWORD, 3))
    next.modelLoggedOn()
    next.closedByPeer("reset")
    // Logged out while the model has not answered its Logon yet: withdrawn as a disconnect (a Logout would
    // leave the model's pending Logon standing, a session nobody holds).
    const waiting = c.open("gw", fakePort().port)
    waiting.receive(logonMessage(TRADING, 3, PASSWORD, 4))
    waiting.receive(clientMessage(TRADING, 1, [[35, "0"]]))
    // Before, the gateway's Logout reached the model as a disconnect, which arms the model's Cancel-on-Disconnect.
    expect(told).toEqual([
      "logon",
      "logout",
      "logon",
      "ended: connection closed by the client (reset)",
      "logon",
      "ended: MsgSeqNum too low, expecting 4 but received 1"
    ])
    // The model's host decides a relayed session's Cancel-on-Disconnect: the endpoint arms none of its own.
    expect(lines.filter((l) => l.includes("Cancel-on-Disconnect"))).toEqual([])
  })
})
