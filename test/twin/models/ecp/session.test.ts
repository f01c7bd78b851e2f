import { describe, expect, it } from "vitest"
import { constantNetwork } from "../../../../twin/engine/runtime.ts"
import type { EcpMessage } from "../../../../twin/models/ecp/index.ts"
import { at, bcan, ecpWorld, L, statuses, transfers } from "./fixture.ts"

const cutOff = (node: string, from: number) => (a: string, b: string, now: number) => now >= from && (a === node || b === node)

describe("ECP SFTP session", () => {
  it("loses the session on a dead path after 3 unanswered keepalives and moves to the next server", () => {
    // Keepalives go every 30 s from 07:00:00.002. The one at 07:09:30.002 is the last answered; the path
    // to dc1-1 dies at 07:10. Unanswered: 07:10:00.002, 07:10:30.002, 07:11:00.002; the tick at
    // 07:11:30.002 finds 3 missed and drops the session; dc1-2 answers the connect 2L later.
    const { rt, trace } = ecpWorld(constantNetwork(L, cutOff("ecp-sftp-dc1-1", at("07:10"))), [{ ...bcan, at: at("07:20"), deadline: at("08:00") }])
    rt.run(at("07:30"))
    expect(statuses(trace.events)).toEqual([
      [at("07:00"), 0, 2, false],
      [at("07:00") + 2 * L, 1, 2, false],
      [at("07:11:30") + 2 * L, 0, 2, false],
      [at("07:11:30") + 4 * L, 1, 2, false]
    ])
    // The 07:20 upload runs on dc1-2 in the usual 10L.
    expect(transfers(trace.events)).toEqual([
      [at("07:20"), "started", 1, "ecp-sftp-dc1-2", 0],
      [at("07:20") + 10 * L, "completed", 1, "ecp-sftp-dc1-2", 327_680]
    ])
  })

  it("fails a transfer whose session is lost, with reason session-lost, and retries it on the next server", () => {
    // The path to dc1-1 dies at 07:30:00.003, mid-transfer: HANDLE came back at .002, chunks 0–3 reach
    // the server at .003 but their acks are dropped. With a 300 s no-progress timeout, the keepalives
    // decide. The tick at 07:30:00.002 runs just before HANDLE arrives at the same instant, and any reply
    // resets the count (as in OpenSSH), so the unanswered ticks are 07:30:30.002, 07:31:00.002 and
    // 07:31:30.002; the tick at 07:32:00.002 finds 3 missed and drops the session.
    const { rt, trace } = ecpWorld(constantNetwork(L, cutOff("ecp-sftp-dc1-1", at("07:30") + 3 * L)), [bcan], { failAfter: 300_000_000 })
    rt.run(at("07:40"))
    expect(transfers(trace.events)).toEqual([
      [at("07:30"), "started", 1, "ecp-sftp-dc1-1", 0],
      [at("07:30:10") + 2 * L, "stalled", 1, "ecp-sftp-dc1-1", 0],
      // The 07:32 deadline passes 2L before the session is declared lost.
      [at("07:32"), "missed-deadline", 1, "ecp-sftp-dc1-1", 0],
      [at("07:32:00") + 2 * L, "failed", 1, "ecp-sftp-dc1-1", 0],
      // dc1-2 connected at 07:32:00.004; the retry waits 30 s from the failure, then takes 10L.
      [at("07:32:30") + 2 * L, "retried", 2, "ecp-sftp-dc1-2", 0],
      [at("07:32:30") + 12 * L, "completed", 2, "ecp-sftp-dc1-2", 327_680]
    ])
    expect(trace.ofKind("ecp.transfer")[3]!.data["reason"]).toBe("session-lost")
  })

  it("reaches a backup-site server only after failover opens it; `of` then counts it", () => {
    // Both dc1 servers unreachable all day. One round: dc1-1 connect times out (10 s), dc1-2 (10 s),
    // dc2-1 and dc2-2 refuse (2L each), pause 10 s: a round lasts 30 s + 4L = 30.004 s, round n starts
    // at 07:00 + n·30.004 s and reaches dc2-1 20 s later. dc2-1 is opened at 07:05: round 9 reached it at
    // 07:04:50.036 (refused), round 10 at 07:05:20.040 — connected 2L later.
    const dead = (a: string, b: string) => [a, b].some((n) => n === "ecp-sftp-dc1-1" || n === "ecp-sftp-dc1-2")
    const { rt, trace } = ecpWorld(constantNetwork(L, dead), [])
    const open: EcpMessage = { _tag: "site", open: true }
    rt.inject(at("07:05"), "ecp-sftp-dc2-1", { _tag: "receive", from: "scenario", message: open })
    rt.run(at("07:10"))
    expect(statuses(trace.events)).toEqual([
      [at("07:00"), 0, 2, false],
      [at("07:05:20") + 42 * L, 1, 3, false]
    ])
    expect(trace.ofKind("flow.status")[1]!.data["detail"]).toBe("session to ecp-sftp-dc2-1")
    expect(trace.ofKind("ecp.server").map((e) => [e.t, e.subject, e.data["event"]])).toEqual([[at("07:05"), "ecp-sftp-dc2-1", "opened"]])
  })
})
