import { describe, expect, it } from "vitest"
import { constantNetwork } from "../../../../twin/engine/runtime.ts"
import { encodeTraceEvent } from "../../../../twin/engine/trace.ts"
import { at, bcan, ecpWorld, L, mtuCut, statuses, transfers } from "./fixture.ts"

// Timeline arithmetic used below (L = 1 ms one way, window 4, 10 chunks of 32 KiB):
// the client connects at 07:00 (connect → connected: 2L, session up at 07:00:00.002). At 07:30:00 it sends
// OPEN; HANDLE is back at +2L. It then sends chunks 0–3; their STATUS replies are back 2L later, each
// opening the window for one more: chunks 4–7 go at +2L, 8–9 at +4L, all acked at +6L. CLOSE → STATUS +2L.
// Total: 2L (open) + ⌈10/4⌉·2L (chunks) + 2L (close) = 10L = 10 ms.

describe("ECP SFTP transfer", () => {
  it("uploads 10 chunks through a window of 4 in 10 one-way latencies, then fetches the response 10 min later", () => {
    const { rt, trace } = ecpWorld(constantNetwork(L), [bcan])
    rt.run(at("08:00"))
    expect(transfers(trace.events)).toEqual([
      [at("07:30"), "started", 1, "ecp-sftp-dc1-1", 0],
      [at("07:30") + 10 * L, "completed", 1, "ecp-sftp-dc1-1", 327_680],
      // The server got CLOSE at 07:30:00.009 (one L before the client saw its STATUS); the response is
      // ready 600 s later, at 07:40:00.009. The client polls every 60 s from its session's start
      // (07:00:00.002): the poll at 07:40:00.002 finds nothing, the one at 07:41:00.002 lists it 2L later.
      // The response is 10% of the upload = 32 768 bytes = one chunk: OPEN 2L + one READ/DATA 2L + CLOSE 2L = 6L.
      [at("07:41") + 4 * L, "started", 1, "ecp-sftp-dc1-1", 0],
      [at("07:41") + 10 * L, "completed", 1, "ecp-sftp-dc1-1", 32_768]
    ])
    const response = trace.ofKind("ecp.transfer")[2]!
    expect(response.data["job"]).toBe("P0001/up-01/response")
    expect(response.data["file"]).toBe("BCAN_P0001_01.csv.resp")
    expect(response.data["direction"]).toBe("download")
    // The session came up once and stayed: of = the two primary-site servers (dc2's closed until failover).
    expect(statuses(trace.events)).toEqual([
      [at("07:00"), 0, 2, false],
      [at("07:00") + 2 * L, 1, 2, false]
    ])
  })

  it("stalls when the path MTU is cut to 1400, fails after the timeout, retries, and completes once the MTU is restored", () => {
    // From 07:30:00.005 to 07:32:45, messages above 1400 bytes are black-holed; control messages pass.
    const { rt, trace } = ecpWorld(mtuCut(at("07:30") + 5 * L, at("07:32:45")), [bcan])
    rt.run(at("07:40"))
    const t0 = at("07:30")
    expect(transfers(trace.events)).toEqual([
      [t0, "started", 1, "ecp-sftp-dc1-1", 0],
      // Chunks 0–3 left at +2L and 4–7 at +4L, before the cut: their acks came back by +6L (8 × 32 KiB =
      // 262 144 bytes done). Chunks 8–9 were written at +6L, after the cut: the kernel holds them and
      // retransmits in vain (what the session writes after them waits too). No progress since +6L:
      // stalled at +6L + 10 s,
      [t0 + 6 * L + 10_000_000, "stalled", 1, "ecp-sftp-dc1-1", 262_144],
      // failed at +6L + 60 s; the session is torn down and the client connects to the next server,
      [t0 + 6 * L + 60_000_000, "failed", 1, "ecp-sftp-dc1-1", 262_144],
      // and 30 s later tries again from the start on ecp-sftp-dc1-2 (connected at 07:31:00.008 — the
      // 1200-byte key exchange passes the cut).
      [t0 + 6 * L + 90_000_000, "retried", 2, "ecp-sftp-dc1-2", 0],
      // HANDLE came back at +2L; chunks 0–3 are held: stalled 10 s after the HANDLE.
      [t0 + 6 * L + 90_000_000 + 2 * L + 10_000_000, "stalled", 2, "ecp-sftp-dc1-2", 0],
      // The 07:32 deadline passes while attempt 2 hangs.
      [at("07:32"), "missed-deadline", 2, "ecp-sftp-dc1-2", 0],
      [t0 + 6 * L + 90_000_000 + 2 * L + 60_000_000, "failed", 2, "ecp-sftp-dc1-2", 0],
      // 07:32:30.008 + 30 s. Meanwhile: dc2-1 refused at 07:32:30.010, dc2-2 at .012, pause 10 s, dc1-1
      // connected at 07:32:40.014. The MTU is back at 07:32:45: the 10L transfer goes through.
      [at("07:33") + 8 * L, "retried", 3, "ecp-sftp-dc1-1", 0],
      [at("07:33") + 18 * L, "completed", 3, "ecp-sftp-dc1-1", 327_680]
    ])
    const failed = trace.ofKind("ecp.transfer").filter((e) => e.data["event"] === "failed")
    expect(failed.map((e) => [e.data["reason"], e.data["willRetry"]])).toEqual([["timeout", true], ["timeout", true]])
    expect(trace.ofKind("ecp.transfer")[5]!.data["deadline"]).toBe(at("07:32"))
    // The flow: degraded while stalled, down between a failure and the next session.
    expect(statuses(trace.events)).toEqual([
      [at("07:00"), 0, 2, false],
      [at("07:00") + 2 * L, 1, 2, false],
      [t0 + 6 * L + 10_000_000, 1, 2, true],
      [t0 + 6 * L + 60_000_000, 0, 2, false],
      [t0 + 8 * L + 60_000_000, 1, 2, false],
      [t0 + 8 * L + 100_000_000, 1, 2, true],
      [t0 + 8 * L + 150_000_000, 0, 2, false],
      [at("07:32:40") + 14 * L, 1, 2, false]
    ])
  })

  it("tells a job given up after its last attempt by that attempt at its deadline: its number, server and bytes moved", () => {
    // One attempt allowed; the cut lasts: attempt 1 moves 8 chunks, stalls and fails at 07:31:00.006, given up.
    const { rt, trace } = ecpWorld(mtuCut(at("07:30") + 5 * L, at("08:00")), [{ ...bcan, deadline: at("07:45") }], { maxAttempts: 1 })
    rt.run(at("07:50"))
    const failed = trace.ofKind("ecp.transfer").find((e) => e.data["event"] === "failed")!
    expect(failed.data["willRetry"]).toBe(false)
    // Not "attempt 0, nothing moved": what the check's evidence says (docs/checks.md).
    expect(transfers(trace.events).at(-1)).toEqual([at("07:45"), "missed-deadline", 1, "ecp-sftp-dc1-1", 262_144])
  })

  it("keeps the channel degraded from a job given up until a transfer completes again", () => {
    const later: typeof bcan = { ...bcan, id: "P0001/up-02", file: "BCAN_P0001_02.csv", at: at("07:50"), deadline: at("08:00") }
    const { rt, trace } = ecpWorld(mtuCut(at("07:30") + 5 * L, at("07:40")), [bcan, later], { maxAttempts: 1 })
    rt.run(at("08:00"))
    const status = trace.events.filter((e) => e.kind === "flow.status").map((e) => [e.t, e.data["degraded"], e.data["detail"]])
    const givenUp = trace.ofKind("ecp.transfer").find((e) => e.data["event"] === "failed")!.t
    const completed = trace.ofKind("ecp.transfer").find((e) => e.data["event"] === "completed")!.t
    // Stalled, then given up (the session torn down and opened again on the next server): degraded from the
    // stall to the next completed transfer — after the give-up with the session up, not served.
    const after = status.filter(([t]) => (t as number) > givenUp && (t as number) < completed)
    expect(after.length).toBeGreaterThan(0)
    expect(after.every(([, degraded]) => degraded === true)).toBe(true)
    expect(after.at(-1)![2]).toBe("session to ecp-sftp-dc1-2; BCAN_P0001_01.csv given up after attempt 1")
    expect(status.at(-1)!.slice(0, 2)).toEqual([completed, false])
  })

  it("resumes a stalled transfer at the kernel's retransmission of the held chunks once the MTU is back", () => {
    // Same cut, lifted at 07:30:20. Chunks 8–9, written at +6L into the cut, are held by the client's
    // kernel and retransmitted 200 ms, 400 ms, 800 ms, … apart (tcp.ts): at +6L + 0.2, 0.6, 1.4, 3.0, 6.2,
    // 12.6 and 25.4 s — the one at 07:30:25.406 is the first after the cut and passes; the acks are back 2L
    // later: resumed with 9 chunks = 294 912 bytes done (the ack of 8 is folded in first), CLOSE → STATUS
    // 2L more.
    const { rt, trace } = ecpWorld(mtuCut(at("07:30") + 5 * L, at("07:30:20")), [bcan])
    rt.run(at("07:35"))
    expect(transfers(trace.events)).toEqual([
      [at("07:30"), "started", 1, "ecp-sftp-dc1-1", 0],
      [at("07:30:10") + 6 * L, "stalled", 1, "ecp-sftp-dc1-1", 262_144],
      [at("07:30:25.4") + 8 * L, "resumed", 1, "ecp-sftp-dc1-1", 294_912],
      [at("07:30:25.4") + 10 * L, "completed", 1, "ecp-sftp-dc1-1", 327_680]
    ])
    expect(statuses(trace.events).slice(2)).toEqual([
      [at("07:30:10") + 6 * L, 1, 2, true],
      [at("07:30:25.4") + 8 * L, 1, 2, false]
    ])
  })

  it("stalls a download the same way: the small READ requests pass, the 32 KiB DATA replies do not", () => {
    const evening = { id: "P0001/down-01", file: "VALIDATION_P0001_01.csv", direction: "download" as const, at: at("18:30"), bytes: 3 * 32 * 1024, deadline: at("19:30") }
    const { rt, trace } = ecpWorld(mtuCut(at("18:00"), at("23:00")), [evening])
    rt.run(at("18:31:31"))
    // OPEN at 18:30:00, HANDLE at +2L, READs for chunks 0–2 reach the server, its DATA is held in its kernel.
    expect(transfers(trace.events)).toEqual([
      [at("18:30"), "started", 1, "ecp-sftp-dc1-1", 0],
      [at("18:30:10") + 2 * L, "stalled", 1, "ecp-sftp-dc1-1", 0],
      [at("18:31:00") + 2 * L, "failed", 1, "ecp-sftp-dc1-1", 0],
      [at("18:31:30") + 2 * L, "retried", 2, "ecp-sftp-dc1-2", 0]
    ])
  })

  it("is deterministic: two identical runs give byte-identical traces", () => {
    const run = () => {
      const { rt, trace } = ecpWorld(mtuCut(at("07:30") + 5 * L, at("07:32:45")), [bcan])
      rt.run(at("09:00"))
      return trace.events.map(encodeTraceEvent).join("\n")
    }
    const first = run()
    expect(first.split("\n").length).toBe(20)
    expect(run()).toBe(first)
  })
})
