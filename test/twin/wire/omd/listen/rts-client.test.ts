/**
 * The RTS client against an in-test retransmission server on loopback (and a connection that never
 * completes, as a firewall-blocked port's): every way the service cannot serve is an outcome with its
 * reason; the server's heartbeat is answered with an exact copy (spec §4.3).
 */
import * as net from "node:net"
import { afterEach, describe, expect, it } from "vitest"
import type { AddOrder, OmdMessage } from "../../../../../twin/wire/omd/index.ts"
import { retransmit } from "../../../../../twin/wire/omd/listen/rts-client.ts"
import { closedPort, TestRtsServer } from "./loopback-peers.ts"

const order = (seq: number): AddOrder => ({ msgType: 30, securityCode: 7, orderId: BigInt(seq), price: 500, quantity: 10, side: 1, orderType: "2", orderBookPosition: 0 })
const STORED = new Map<number, OmdMessage>(Array.from({ length: 100 }, (_, i) => [i + 1, order(i + 1)]))
const REQUEST = { username: "P0042", channelId: 2, range: { first: 11, last: 60 } }

const servers: Array<TestRtsServer> = []
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close()
})
const server = async (options = {}) => {
  const s = await TestRtsServer.start(STORED, options)
  servers.push(s)
  return s
}
const target = (port: number) => ({ host: "127.0.0.1", port })

describe("RTS client", () => {
  it("logs on, asks for exactly 11..60 and returns those 50 messages in order; answers the server's heartbeat with its copy", async () => {
    const rts = await server({ heartbeat: true })
    const outcome = await retransmit(target(rts.port), REQUEST)
    expect(outcome.ok).toBe(true)
    if (!outcome.ok) return
    expect(outcome.messages.map(([seq]) => seq)).toEqual(Array.from({ length: 50 }, (_, i) => 11 + i))
    expect(outcome.messages[0]![1]).toEqual(order(11))
    expect(rts.requests).toEqual([{ username: "P0042", channelId: 2, beginSeqNum: 11, endSeqNum: 60 }])
    // Heartbeat SeqNum 77 = 0x4d: header 10 00 | 00 | 00 | 4d 00 00 00 | 8 zero bytes.
    expect(rts.heartbeatAnswers).toEqual(["100000004d0000000000000000000000"])
  })

  it("reports a rejected logon with its SessionStatus", async () => {
    const rts = await server({ logonStatus: 5 })
    expect(await retransmit(target(rts.port), REQUEST)).toEqual({ ok: false, kind: "failed", why: "logon rejected (SessionStatus 5)" })
  })

  it("reports a rejected request with its RetransStatus", async () => {
    const rts = await server({ retransStatus: 2 })
    expect(await retransmit(target(rts.port), REQUEST)).toEqual({ ok: false, kind: "rejected", status: 2, why: "request rejected (RetransStatus 2)" })
  })

  it("reports a refused connection", async () => {
    expect(await retransmit(target(await closedPort()), REQUEST)).toEqual({ ok: false, kind: "failed", why: "connection refused" })
  })

  it("gives up a connection that never completes (a blocked port drops the SYN) after the connect timeout", async () => {
    const never = () => new net.Socket() // never connected: no connect, no error, as a silently dropped SYN
    expect(await retransmit(target(1), { ...REQUEST, connectTimeoutMs: 100 }, never)).toEqual({ ok: false, kind: "failed", why: "connect timeout after 100 ms" })
  })
})
