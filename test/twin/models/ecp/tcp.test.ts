/**
 * An ECP session rides one TCP connection (twin/models/ecp/messages.ts): what a cut or a loss holds up is
 * retransmitted by the kernel on Linux's backoff (200 ms doubling, twin/engine/tcp.ts) and arrives in
 * order, so a short cut delays a transfer and loses nothing, and the client's own keepalive rule still
 * ends a session whose path stays cut. As datagrams with the client's own 1 s retransmission, the transfer
 * resumed 1 s after the cut rather than at the kernel's retransmission, connects sent into a cut were
 * lost, and a lost STATUS made the client write its chunk again.
 */
import { describe, expect, it } from "vitest"
import { constantNetwork } from "../../../../twin/engine/runtime.ts"
import type { EcpMessage } from "../../../../twin/models/ecp/index.ts"
import { at, bcan, ecpWorld, L, lossy, type Received, statuses, transfers } from "./fixture.ts"

const cutAll = (from: number, until: number) => (_a: string, _b: string, now: number) => now >= from && now < until

/** `[t, server, chunk]` of every WRITE a server took in. */
const writes = (received: ReadonlyArray<Received>) =>
  received.flatMap((r) => (r.message._tag === "write" ? [[r.t, r.server, r.message.chunk]] : []))

/** `[t, server, session]` of every connect a server took in. */
const connects = (received: ReadonlyArray<Received>) =>
  received.flatMap((r) => (r.message._tag === "connect" ? [[r.t, r.server, r.message.session]] : []))

describe("ECP SFTP on its TCP connection", () => {
  it("rides a 5-second cut during an upload: no request lost, the held chunks go at the first retransmission after it, the file completes once", () => {
    // Every path cut from 07:30:00.004 to 07:30:05.004. Chunks 0–3 were written at +2L and acked at +4L
    // (transfer.test.ts); chunks 4–7, written at +4L into the cut, are held by the client's kernel and
    // retransmitted at +4L + 0.2, 0.6, 1.4, 3.0 and 6.2 s (200, 400, 800, 1,600, 3,200 ms): the one at
    // 07:30:06.204 is the first after the cut. They reach the server 1L later, their STATUS replies open
    // the window for 8–9 (+2L), CLOSE → STATUS +2L: completed at 07:30:06.210, before the 10 s stall.
    const { rt, trace, received } = ecpWorld(constantNetwork(L, cutAll(at("07:30") + 4 * L, at("07:30:05") + 4 * L)), [bcan])
    rt.run(at("07:35"))
    expect(transfers(trace.events)).toEqual([
      [at("07:30"), "started", 1, "ecp-sftp-dc1-1", 0],
      [at("07:30:06.2") + 10 * L, "completed", 1, "ecp-sftp-dc1-1", 327_680]
    ])
    const server = "ecp-sftp-dc1-1"
    expect(writes(received)).toEqual([
      ...[0, 1, 2, 3].map((c) => [at("07:30") + 3 * L, server, c]),
      ...[4, 5, 6, 7].map((c) => [at("07:30:06.2") + 5 * L, server, c]),
      ...[8, 9].map((c) => [at("07:30:06.2") + 7 * L, server, c])
    ])
    expect(received.filter((r) => r.message._tag === "close-file").map((r) => r.t)).toEqual([at("07:30:06.2") + 9 * L])
    // The session never noticed: one connect, the flow never down nor degraded.
    expect(connects(received)).toEqual([[at("07:00") + L, server, 1]])
    expect(statuses(trace.events)).toEqual([
      [at("07:00"), 0, 2, false],
      [at("07:00") + 2 * L, 1, 2, false]
    ])
  })

  it("ends a session whose path stays cut past the keepalive rule and opens a new connection; one given up never reaches its server", () => {
    // Every path cut from 07:10 to 07:12:25; no transfer. Keepalives go every 30 s from 07:00:00.002: the
    // ones at 07:10:00.002, 07:10:30.002 and 07:11:00.002 wait in the kernel, and the tick at
    // 07:11:30.002 finds 3 unanswered and drops the session, though TCP would retransmit for 924.6 s.
    // Each connect after it is a new connection, its first message a SYN (retransmitted 1, 2, 4, 8 s
    // apart), given up after 10 s: dc1-2 (2) at 07:11:30.002, dc2-1 (3) at :40.002, dc2-2 (4) at
    // :50.002, the 10 s pause, dc1-1 (5) at 07:12:10.002 — its SYN again at 11.002, 13.002, 17.002 and
    // 25.002, just after the cut — but the client gave 5 up at 07:12:20.002 for dc1-2 (6) and closed it:
    // a connection still opening is aborted (twin/engine/tcp.ts), so dc1-1 never takes it, nor dc2-1 and
    // dc2-2 the given-up 3 and 4 (before the engine had a close, all three reached their servers after the
    // cut as ghosts). Connection 6's SYN goes again at 21.002, 23.002 and 27.002: dc1-2 takes it at
    // 07:12:27.003, the session is up 1L later.
    const { rt, trace, received } = ecpWorld(constantNetwork(L, cutAll(at("07:10"), at("07:12:25"))), [])
    rt.run(at("07:15"))
    expect(statuses(trace.events)).toEqual([
      [at("07:00"), 0, 2, false],
      [at("07:00") + 2 * L, 1, 2, false],
      [at("07:11:30") + 2 * L, 0, 2, false],
      [at("07:12:27") + 4 * L, 1, 2, false]
    ])
    expect(trace.ofKind("flow.status").at(-1)!.data["detail"]).toBe("session to ecp-sftp-dc1-2")
    expect(connects(received)).toEqual([
      [at("07:00") + L, "ecp-sftp-dc1-1", 1],
      [at("07:12:27") + 3 * L, "ecp-sftp-dc1-2", 6]
    ])
    // Connection 6 stays: its keepalives, every 30 s from the session's start, are answered on it.
    const keepalives = received.filter((r) => r.t > at("07:12:25") && r.message._tag === "keepalive")
    expect(keepalives.map((r) => [r.t, r.server, (r.message as Extract<EcpMessage, { _tag: "keepalive" }>).session])).toEqual(
      ["07:12:57", "07:13:27", "07:13:57", "07:14:27", "07:14:57"].map((t) => [at(t) + 5 * L, "ecp-sftp-dc1-2", 6])
    )
  })

  it("moves a file through 20% random loss with every chunk written once, in order, on one session", () => {
    // 64 chunks (2 MiB). A lost sending costs the kernel's timeout (200 ms, then 400 ms…), never the chunk.
    const job = { ...bcan, bytes: 64 * 32 * 1024 }
    const { rt, trace, received } = ecpWorld(lossy(20, 7), [job])
    rt.run(at("07:35"))
    const events = transfers(trace.events)
    expect(events.map(([, event, attempt, server, done]) => [event, attempt, server, done])).toEqual([
      ["started", 1, "ecp-sftp-dc1-1", 0],
      ["completed", 1, "ecp-sftp-dc1-1", 2_097_152]
    ])
    expect(writes(received).map(([, server, chunk]) => [server, chunk])).toEqual(Array.from({ length: 64 }, (_, c) => ["ecp-sftp-dc1-1", c]))
    expect(received.filter((r) => r.message._tag === "close-file").length).toBe(1)
    expect(connects(received).map(([, server, session]) => [server, session])).toEqual([["ecp-sftp-dc1-1", 1]])
  })
})
