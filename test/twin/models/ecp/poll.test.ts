/**
 * The client finds its response files by polling its outbox on its session (client.ts, server.ts), every
 * 60 s from the session's start (07:00:00.002 here) while a response is awaited. As a datagram notice the
 * server sent at the instant of readiness, a cut or a loss at that instant lost the response for good.
 */
import { describe, expect, it } from "vitest"
import { constantNetwork } from "../../../../twin/engine/runtime.ts"
import { ecpDeadlines } from "../../../../scenarios/checks/ecp-deadlines.ts"
import { judge, rows } from "../../../scenarios/checks/support.ts"
import { at, bcan, ecpWorld, ecpWorldOf, L, lossy, type Received, transfers } from "./fixture.ts"

/** When a server took in each poll. */
const polls = (received: ReadonlyArray<Received>) => received.flatMap((r) => (r.message._tag === "poll" ? [r.t] : []))

/** `[t, event]` of the response's `ecp.transfer` events. */
const response = (events: Parameters<typeof transfers>[0]) =>
  events.filter((e) => e.kind === "ecp.transfer" && e.data["job"] === "P0001/up-01/response").map((e) => [e.t, e.data["event"]])

describe("ECP SFTP outbox poll", () => {
  it("fetches a response that became ready during a 30 s cut of the participant's path at the first poll after the cut", () => {
    // Upload done at 07:30:00.010, its CLOSE at the server at .009: ready at 07:40:00.009, inside the cut
    // [07:40:00.005, 07:40:30.005). The poll at 07:40:00.002 came too early (an empty listing); the
    // next, at 07:41:00.002, lists it at .004 and the one-chunk download takes 6L.
    const participant = (a: string, b: string, now: number) => now >= at("07:40") + 5 * L && now < at("07:40:30") + 5 * L && (a === "P0001.bss" || b === "P0001.bss")
    const { rt, trace } = ecpWorld(constantNetwork(L, participant), [bcan])
    rt.run(at("08:00"))
    expect(response(trace.events)).toEqual([
      [at("07:41") + 4 * L, "started"],
      [at("07:41") + 10 * L, "completed"]
    ])
  })

  it("fetches a response once through 20% random loss", () => {
    // Seed 11 lost the datagram notice: the response was never fetched.
    const { rt, trace, received } = ecpWorld(lossy(20, 11), [bcan])
    rt.run(at("08:00"))
    expect(trace.ofKind("ecp.server").map((e) => e.data["event"])).toEqual(["response-ready"])
    expect(response(trace.events).map(([, event]) => event)).toEqual(["started", "completed"])
    const downloads = received.filter((r) => r.message._tag === "open-file" && r.message.direction === "download")
    expect(downloads.length).toBe(1)
  })

  it("polls only while a response is awaited: none before the upload, every 60 s after it, none once the response is listed", () => {
    // The download due at 07:10 awaits no response; the upload completes at 07:30:00.010. Polls leave on
    // the session's minute grid and reach dc1-1 1L later, until the one that lists the response.
    const download = { ...bcan, id: "P0001/down-01", file: "VALIDATION_P0001_01.csv", direction: "download" as const, at: at("07:10"), deadline: at("07:20") }
    const { rt, received } = ecpWorld(constantNetwork(L), [download, bcan])
    rt.run(at("08:30"))
    const minutes = ["07:31", "07:32", "07:33", "07:34", "07:35", "07:36", "07:37", "07:38", "07:39", "07:40", "07:41"]
    expect(polls(received)).toEqual(minutes.map((m) => at(m) + 3 * L))
  })
})

describe("ECP SFTP outbox poll after an upload given up", () => {
  it("still fetches the response when the given-up attempt's CLOSE reached the server", () => {
    // One attempt only. The CLOSE reaches dc1-1 at 07:30:00.009 but every answer from dc1-1 is cut until
    // 07:35: the attempt fails at 07:31:00.00x (failAfter 60 s) and is given up, the session moves to
    // dc1-2. The server had the whole file: its response is ready at 07:40:00.009 in the shared outbox,
    // and the client — which cannot know whether the CLOSE got through — polls for it as a real one does.
    const fromServer = (a: string, _b: string, now: number) => a === "ecp-sftp-dc1-1" && now >= at("07:30") + 9 * L && now < at("07:35")
    const { rt, trace } = ecpWorld(constantNetwork(L, fromServer), [bcan], { maxAttempts: 1 })
    rt.run(at("08:00"))
    const upload = trace.events.filter((e) => e.kind === "ecp.transfer" && e.data["job"] === "P0001/up-01").map((e) => [e.data["event"], e.data["willRetry"] ?? null])
    expect(upload).toEqual([["started", null], ["stalled", null], ["failed", false], ["missed-deadline", null]])
    expect(trace.ofKind("ecp.server").map((e) => e.data["event"])).toEqual(["response-ready"])
    expect(response(trace.events).map(([, event]) => event)).toEqual(["started", "completed"])
    expect(response(trace.events)[0]![0]).toBeGreaterThan(at("07:40"))
  })
})

describe("ECP SFTP response deadline", () => {
  // The upload's CLOSE reaches dc1-1 at 07:30:00.009: the response is ready at 07:40:00.009 and due 600 s
  // later, at 07:50:00.009, whenever the client finds it. P0001's path is cut 07:39–07:51: its session is
  // lost in the cut, the next one opens at 07:51:10.004, and its first poll, 60 s on, lists the response
  // at 07:52:10.006; the one-chunk download completes 6L later.
  const cut = (until: string) => (a: string, b: string, now: number) =>
    now >= at("07:39") && now < at(until) && (a === "P0001.bss" || b === "P0001.bss")
  const due = at("07:50") + 9 * L

  it("is written with the response when it becomes ready, and the lateness of one found after it counts from it", () => {
    const { rt, trace } = ecpWorld(constantNetwork(L, cut("07:51")), [bcan])
    rt.run(at("08:00"))
    // Named by the participant and the job its download is (the upload's CLOSE named them), not only by the machine.
    expect(trace.ofKind("ecp.server").map((e) => [e.t, e.data["event"], e.data["participant"], e.data["job"], e.data["client"], e.data["deadline"]])).toEqual([
      [at("07:40") + 9 * L, "response-ready", "P0001", "P0001/up-01/response", "P0001.ecp", due]
    ])
    // The client learns of the file, and of its miss, only at the poll: written then, with the deadline.
    expect(response(trace.events)).toEqual([
      [at("07:52:10") + 6 * L, "started"],
      [at("07:52:10") + 6 * L, "missed-deadline"],
      [at("07:52:10") + 12 * L, "completed"]
    ])
    expect(trace.events.find((e) => e.data["event"] === "missed-deadline" && e.data["job"] === "P0001/up-01/response")?.data["deadline"]).toBe(due)
    expect(rows(judge(ecpDeadlines, {}, { from: "07:00", to: "08:00" }, trace.events))).toEqual([
      [
        "P0001",
        "P0001/up-01/response",
        due,
        at("07:52:10") + 12 * L,
        "download BCAN_P0001_01.csv.resp missed its deadline 07:50:00.009: completed 2m10.003s late on ecp-sftp-dc1-1 (attempt 1)"
      ]
    ])
  })

  it("is missed by a response no poll has found: the client writes nothing of it, the check still fails it", () => {
    // The cut lasts past 08:00: no session, no poll, no download job.
    const { rt, trace } = ecpWorld(constantNetwork(L, cut("09:00")), [bcan])
    rt.run(at("08:00"))
    expect(response(trace.events)).toEqual([])
    expect(rows(judge(ecpDeadlines, {}, { from: "07:00", to: "08:00" }, trace.events))).toEqual([
      [
        "P0001",
        "P0001/up-01/response",
        due,
        undefined,
        "download BCAN_P0001_01.csv.resp missed its deadline 07:50:00.009: not completed 9m59.991s after it (attempt 0, 0 KiB of 32 KiB moved)"
      ]
    ])
  })
})

describe("ECP SFTP responses to two participants' uploads of one file name", () => {
  it("are named by participant and job, so the check holds each participant's own deadline", () => {
    // A kind `BCAN_X` for P1 and `BCAN` for X_P1 both make `BCAN_X_P1_01.csv` (ids and kinds may hold `_`).
    // P1 uploads its 10 chunks at 07:30 as above (CLOSE at dc1-1 at .009: ready 07:40:00.009, due
    // 07:50:00.009) and its path is cut 07:39–07:51: fetched from 07:52:10.006, done 6L later. X_P1 starts
    // its one chunk 1L after P1 — OPEN at .002, WRITE at .004, CLOSE at .006: ready at 07:40:00.006, due
    // 07:50:00.006, before P1's — and fetches it on time at 07:41. By file name, the first response was
    // taken for P1's upload (started first): P1 late from 07:50:00.006, by 2m10.006s.
    const file = "BCAN_X_P1_01.csv"
    const p1 = { ...bcan, id: "P1/up-01", file }
    const xp1 = { ...bcan, id: "X_P1/up-01", file, at: at("07:30") + L, bytes: 32 * 1024 }
    const cut = (a: string, b: string, now: number) => now >= at("07:39") && now < at("07:51") && (a === "P1.bss" || b === "P1.bss")
    const { rt, trace } = ecpWorldOf(constantNetwork(L, cut), [{ participant: "P1", jobs: [p1] }, { participant: "X_P1", jobs: [xp1] }])
    rt.run(at("08:00"))
    expect(trace.ofKind("ecp.server").map((e) => [e.t, e.data["participant"], e.data["job"], e.data["client"], e.data["answers"], e.data["deadline"]])).toEqual([
      [at("07:40") + 6 * L, "X_P1", "X_P1/up-01/response", "X_P1.ecp", file, at("07:50") + 6 * L],
      [at("07:40") + 9 * L, "P1", "P1/up-01/response", "P1.ecp", file, at("07:50") + 9 * L]
    ])
    expect(rows(judge(ecpDeadlines, {}, { from: "07:00", to: "08:00" }, trace.events))).toEqual([
      [
        "P1",
        "P1/up-01/response",
        at("07:50") + 9 * L,
        at("07:52:10") + 12 * L,
        "download BCAN_X_P1_01.csv.resp missed its deadline 07:50:00.009: completed 2m10.003s late on ecp-sftp-dc1-1 (attempt 1)"
      ]
    ])
  })
})
