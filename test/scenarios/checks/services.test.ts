import { describe, expect, it } from "vitest"
import { cscNorthboundAvailable } from "../../../scenarios/checks/csc-northbound-available.ts"
import { ecpDeadlines } from "../../../scenarios/checks/ecp-deadlines.ts"
import { health } from "../../../scenarios/checks/health.ts"
import { at, ev, judge, rows, validate } from "./support.ts"

const healthEvent = (t: string, participant: string, service: string, status: string, previous: string | null, cause: string) =>
  ev(t, "health", participant, { service, status, previous, cause })

describe("csc-northbound-available", () => {
  const order = (t: string, participant: string, event: string, extra: Record<string, string | number> = {}) =>
    ev(t, "csc.order", participant, { event, session: `${participant}C01`, order: `${participant}C01-001`, market: "SSE", side: "buy", amount: 1_000_000, ...extra })
  const events = [
    healthEvent("09:10", "P1", "otp-csc", "served", null, "P1/P1C01: logged on to cccg-dc1-01 (primary)"),
    // P2 down since before the window and still down at its end.
    healthEvent("09:55", "P2", "otp-csc", "down", "served", "P2/P2C01: not logged on"),
    healthEvent("10:00", "P1", "otp-csc", "down", "served", "P1/P1C01: not logged on"),
    order("10:00:10", "P1", "held"),
    order("10:00:20", "P1", "held"),
    healthEvent("10:00:30", "P1", "otp-csc", "served", "down", "P1/P1C01: logged on to cccg-dc1-02 (secondary)"),
    order("10:01", "P3", "rejected", { reason: "not-logged-on", dqb: 0 }),
    order("10:02", "P3", "rejected", { reason: "quota", dqb: 0 })
  ]

  it("fails on outages over maxDown and on every order refused for want of a session", () => {
    const r = judge(cscNorthboundAvailable, { maxDown: "1m" }, { from: "10:00", to: "10:30" }, events)
    expect(r.verdict).toBe("fail")
    expect(r.summary).toBe("longest northbound outage 35m (max 1m), 1 order refused for no session: 2 participants affected")
    expect(rows(r)).toEqual([
      ["P2", undefined, at("09:55"), undefined, "northbound down 35m so far: P2/P2C01: not logged on"],
      ["P3", "P3C01", at("10:01"), at("10:01"), "order P3C01-001 refused at 10:01:00: the CCCG had no session P3C01 (not-logged-on)"]
    ])
  })

  it("by default any outage fails, with the orders it held", () => {
    const r = judge(cscNorthboundAvailable, {}, { from: "10:00", to: "10:00:40" }, events.filter((e) => e.subject === "P1"))
    expect(r.summary).toBe("longest northbound outage 30s (max 0s): 1 participant affected")
    expect(rows(r)).toEqual([["P1", undefined, at("10:00"), at("10:00:30"), "northbound down 30s: P1/P1C01: not logged on; 2 orders held"]])
  })

  it("counts only the orders an outage held within the window (issue 13, defect 7)", () => {
    // P2 is down from 09:55 to the end of the 10:00–10:30 window; an order held at 10:40 is after it.
    const later = [...events, order("10:40", "P2", "held")]
    const r = judge(cscNorthboundAvailable, { maxDown: "1m" }, { from: "10:00", to: "10:30" }, later)
    expect(rows(r)[0]).toEqual(["P2", undefined, at("09:55"), undefined, "northbound down 35m so far: P2/P2C01: not logged on"])
  })

  it("passes when nothing was down", () => {
    const r = judge(cscNorthboundAvailable, {}, { from: "09:00", to: "09:50" }, events)
    expect([r.verdict, r.summary]).toEqual(["pass", "longest northbound outage 0s (max 0s)"])
  })
})

describe("ecp-deadlines", () => {
  const transfer = (t: string, participant: string, job: string, event: string, extra: Record<string, string | number> = {}) =>
    ev(t, "ecp.transfer", participant, {
      event,
      job,
      file: job.split("/")[1]!.toUpperCase(),
      direction: "upload",
      attempt: 1,
      server: "ecp-sftp-dc1-1",
      bytes: 4_194_304,
      done: 1_048_576,
      ...extra
    })
  const events = [
    // P3's lateness is over before the window.
    transfer("09:40", "P3", "P3/up-01", "missed-deadline", { deadline: at("09:40") }),
    transfer("09:41", "P3", "P3/up-01", "completed"),
    transfer("10:15", "P1", "P1/up-01", "missed-deadline", { deadline: at("10:15") }),
    transfer("10:19", "P1", "P1/up-01", "completed", { attempt: 2, server: "ecp-sftp-dc1-2", done: 4_194_304 }),
    transfer("10:18", "P2", "P2/up-02", "retried", { attempt: 2 }),
    transfer("10:20", "P2", "P2/up-02", "missed-deadline", { deadline: at("10:20"), attempt: 2, done: 2_097_152 })
  ].sort((a, b) => a.t - b.t)

  it("lists every missed deadline, latest first; one never completed has no `to`", () => {
    const r = judge(ecpDeadlines, {}, { from: "10:00", to: "10:30" }, events)
    expect(r.verdict).toBe("fail")
    expect(r.summary).toBe("2 ECP transfers missed the deadline (2 participants; worst 10m late; max 0)")
    expect(rows(r)).toEqual([
      ["P2", "P2/up-02", at("10:20"), undefined, "upload UP-02 missed its deadline 10:20:00: not completed 10m after it (attempt 2, 2 MiB of 4 MiB moved)"],
      ["P1", "P1/up-01", at("10:15"), at("10:19"), "upload UP-01 missed its deadline 10:15:00: completed 4m late on ecp-sftp-dc1-2 (attempt 2)"]
    ])
  })

  it("describes a job as it stood at the window's end, not as it went on after it (issue 13, defect 7)", () => {
    // After the 10:00–10:30 window P2's job is retried a third time at 10:40 (nothing moved yet) and
    // completes at 10:45: at 10:30 it was still on attempt 2 with 2 MiB moved, and not completed.
    const later = [
      ...events,
      transfer("10:40", "P2", "P2/up-02", "retried", { attempt: 3, done: 0 }),
      transfer("10:45", "P2", "P2/up-02", "completed", { attempt: 3, server: "ecp-sftp-dc1-2", done: 4_194_304 })
    ]
    const r = judge(ecpDeadlines, {}, { from: "10:00", to: "10:30" }, later)
    expect(rows(r)[0]).toEqual(
      ["P2", "P2/up-02", at("10:20"), undefined, "upload UP-02 missed its deadline 10:20:00: not completed 10m after it (attempt 2, 2 MiB of 4 MiB moved)"]
    )
  })

  it("passes when no deadline in the window was missed", () => {
    const r = judge(ecpDeadlines, {}, { from: "09:45", to: "10:10" }, events)
    expect([r.verdict, r.summary, r.evidence]).toEqual(["pass", "no ECP transfer missed its deadline", []])
  })
})

describe("ecp-deadlines: a response file is due from when it became ready", () => {
  // The audit's case (seed 7, P0002's circuit cut 10:09–10:21): P0002 uploads BCAN_P0002_01.csv at 10:00;
  // its response is ready at 10:10:00.005747, due 600 s later, at 10:20:00.005747. The first poll after
  // the cut finds it at 10:22:10.007148 — the client writes its missed-deadline then — and the download
  // completes at 10:22:10.014033: 2m10.008286s after the deadline, not 6.885 ms after the poll.
  const upload = { job: "P0002/up-01", file: "BCAN_P0002_01.csv", direction: "upload", server: "ecp-sftp-dc1-1", bytes: 1000 }
  const response = { job: "P0002/up-01/response", file: "BCAN_P0002_01.csv.resp", direction: "download", server: "ecp-sftp-dc1-1", bytes: 1024 }
  const ready = (t: string, deadline: string) =>
    ev(t, "ecp.server", "ecp-sftp-dc1-1", {
      event: "response-ready",
      participant: "P0002",
      job: response.job,
      client: "P0002.ecp",
      file: response.file,
      bytes: 1024,
      answers: upload.file,
      deadline: at(deadline)
    })
  const uploaded = [
    ev("10:00", "ecp.transfer", "P0002", { event: "started", ...upload, attempt: 1, done: 0 }),
    ev("10:00:00.006883", "ecp.transfer", "P0002", { event: "completed", ...upload, attempt: 1, done: 1000 }),
    ready("10:10:00.005747", "10:20:00.005747")
  ]
  const fetchedLate = [
    ...uploaded,
    ev("10:22:10.007148", "ecp.transfer", "P0002", { event: "started", ...response, attempt: 1, done: 0 }),
    ev("10:22:10.007148", "ecp.transfer", "P0002", { event: "missed-deadline", ...response, attempt: 1, done: 0, deadline: at("10:20:00.005747") }),
    ev("10:22:10.014033", "ecp.transfer", "P0002", { event: "completed", ...response, attempt: 1, done: 1024 })
  ]

  it("dates a response found late from its deadline, not from the poll that found it", () => {
    const r = judge(ecpDeadlines, {}, { from: "09:55", to: "10:25" }, fetchedLate)
    expect(r.summary).toBe("1 ECP transfer missed the deadline (1 participant; worst 2m10.008s late; max 0)")
    expect(rows(r)).toEqual([
      [
        "P0002",
        "P0002/up-01/response",
        at("10:20:00.005747"),
        at("10:22:10.014033"),
        "download BCAN_P0002_01.csv.resp missed its deadline 10:20:00.005747: completed 2m10.008s late on ecp-sftp-dc1-1 (attempt 1)"
      ]
    ])
  })

  it("fails a response no poll has found by the verdict once its deadline is in the window", () => {
    // The window ends at 10:21:30, before the poll: the client has written nothing of the response.
    const r = judge(ecpDeadlines, {}, { from: "09:55", to: "10:21:30" }, uploaded)
    expect([r.verdict, r.judged]).toEqual(["fail", 2])
    expect(rows(r)).toEqual([
      [
        "P0002",
        "P0002/up-01/response",
        at("10:20:00.005747"),
        undefined,
        "download BCAN_P0002_01.csv.resp missed its deadline 10:20:00.005747: not completed 1m29.994s after it (attempt 0, 0 KiB of 1 KiB moved)"
      ]
    ])
    // Asked before the deadline, nothing is late yet.
    expect(judge(ecpDeadlines, {}, { from: "09:55", to: "10:21:30" }, uploaded, "10:20").verdict).toBe("pass")
  })

  it("passes a response fetched before its deadline, and holds only the first response to an upload", () => {
    // An upload sent again after its CLOSE got through gets a second response; the client fetches the
    // first (twin/models/ecp/poll.ts), so the second's later deadline is nobody's.
    const onTime = [
      ...uploaded,
      ev("10:11:00.004", "ecp.transfer", "P0002", { event: "started", ...response, attempt: 1, done: 0 }),
      ev("10:11:00.010", "ecp.transfer", "P0002", { event: "completed", ...response, attempt: 1, done: 1024 }),
      ready("10:12", "10:22")
    ]
    const r = judge(ecpDeadlines, {}, { from: "09:55", to: "10:30" }, onTime)
    expect([r.verdict, r.summary, r.evidence]).toEqual(["pass", "no ECP transfer missed its deadline", []])
  })
})

describe("ecp-deadlines: a response is its participant's job, not its file name's", () => {
  // Participant ids and file kinds may hold `_` (topology/schema.ts, scenarios/settings/ecp.ts): a kind
  // `BCAN_X` named for P1 and `BCAN` for X_P1 both make the upload `BCAN_X_P1_01.csv`. P1 starts its 4 MiB
  // upload first, at 10:00, and completes it at 10:05; X_P1 starts at 10:01 and completes at 10:01:01. So
  // X_P1's response is ready first (10:11:01, due 10:21:01) and fetched at once (10:12–10:12:01); P1's is
  // ready at 10:15, due 10:25, and found by a poll only at 10:26 (the client writes its miss then),
  // downloaded by 10:27: P1's response is 2m late, X_P1's on time. Matched by file name, X_P1's response
  // was taken for P1's (the first upload of that name still unanswered): P1 "5m59s late" from 10:21:01,
  // and P1's response taken for X_P1's, which X_P1 never downloads again: "not completed" from 10:25.
  const file = "BCAN_X_P1_01.csv"
  const upload = (participant: string) => ({ job: `${participant}/up-01`, file, direction: "upload", server: "ecp-sftp-dc1-1", bytes: 4_194_304 })
  const response = (participant: string) => ({ job: `${participant}/up-01/response`, file: `${file}.resp`, direction: "download", server: "ecp-sftp-dc1-1", bytes: 419_430 })
  const ready = (t: string, participant: string, deadline: string) =>
    ev(t, "ecp.server", "ecp-sftp-dc1-1", {
      event: "response-ready",
      participant,
      job: `${participant}/up-01/response`,
      client: `${participant}.ecp`,
      file: `${file}.resp`,
      bytes: 419_430,
      answers: file,
      deadline: at(deadline)
    })
  const events = [
    ev("10:00", "ecp.transfer", "P1", { event: "started", ...upload("P1"), attempt: 1, done: 0 }),
    ev("10:01", "ecp.transfer", "X_P1", { event: "started", ...upload("X_P1"), attempt: 1, done: 0 }),
    ev("10:01:01", "ecp.transfer", "X_P1", { event: "completed", ...upload("X_P1"), attempt: 1, done: 4_194_304 }),
    ev("10:05", "ecp.transfer", "P1", { event: "completed", ...upload("P1"), attempt: 1, done: 4_194_304 }),
    ready("10:11:01", "X_P1", "10:21:01"),
    ev("10:12", "ecp.transfer", "X_P1", { event: "started", ...response("X_P1"), attempt: 1, done: 0 }),
    ev("10:12:01", "ecp.transfer", "X_P1", { event: "completed", ...response("X_P1"), attempt: 1, done: 419_430 }),
    ready("10:15", "P1", "10:25"),
    ev("10:26", "ecp.transfer", "P1", { event: "started", ...response("P1"), attempt: 1, done: 0 }),
    ev("10:26", "ecp.transfer", "P1", { event: "missed-deadline", ...response("P1"), attempt: 1, done: 0, deadline: at("10:25") }),
    ev("10:27", "ecp.transfer", "P1", { event: "completed", ...response("P1"), attempt: 1, done: 419_430 })
  ]
  const p1Late = [
    "P1",
    "P1/up-01/response",
    at("10:25"),
    at("10:27"),
    "download BCAN_X_P1_01.csv.resp missed its deadline 10:25:00: completed 2m late on ecp-sftp-dc1-1 (attempt 1)"
  ]

  it("holds each response's deadline for the participant and job response-ready names", () => {
    const r = judge(ecpDeadlines, {}, { from: "09:55", to: "10:30" }, events)
    expect([r.verdict, r.summary, r.judged]).toEqual(["fail", "1 ECP transfer missed the deadline (1 participant; worst 2m late; max 0)", 4])
    expect(rows(r)).toEqual([p1Late])
  })

  it("reads a trace written before response-ready named them: the client machine's participant, its upload of the file", () => {
    const older = events.map((e) => {
      if (e.kind !== "ecp.server") return e
      const { participant: _p, job: _j, ...data } = e.data
      return { ...e, data }
    })
    expect(rows(judge(ecpDeadlines, {}, { from: "09:55", to: "10:30" }, older))).toEqual([p1Late])
  })
})

describe("health", () => {
  const events = [
    // The opening: every participant's first status has no previous one.
    healthEvent("09:00", "P1", "otp-c", "served", null, "P1/P1T01: logged on to ocg-dc1 (primary)"),
    healthEvent("09:00", "P2", "otp-c", "served", null, "P2/P2T01: logged on to ocg-dc2 (primary)"),
    healthEvent("09:00", "P2", "omd-c", "served-without-redundancy", null, "P2/omdc-ss: lines A and B live; single point of failure P2-c1"),
    healthEvent("10:00", "P1", "otp-c", "degraded", "served", "P1/P1T01: replay in progress"),
    healthEvent("10:00:05", "P1", "otp-c", "down", "degraded", "P1/P1T01: no reply to Test Request"),
    healthEvent("10:00:20", "P1", "otp-c", "served", "down", "P1/P1T01: logged on to ocg-dc2 (secondary)"),
    healthEvent("10:05", "P2", "otp-c", "down", "served", "P2/P2T01: dropped by gateway: duplicate logon")
  ]
  const window = { from: "09:30", to: "10:10" }

  it("fails on participants worse than `worst` for longer than maxDuration, naming the worst status and its cause", () => {
    const r = judge(health, {}, window, events)
    expect(r.verdict).toBe("fail")
    expect(r.summary).toBe("2 participants worse than served-without-redundancy on any service for over 0s (max 0); longest 5m")
    expect(r.evidence.map((e) => [e.participant, e.service, e.from, e.to, e.detail])).toEqual([
      ["P2", "otp-c", at("10:05"), undefined, "down 5m so far (worse than served-without-redundancy): P2/P2T01: dropped by gateway: duplicate logon"],
      // P1 was degraded 10:00:00–10:00:05 (replay), then down 10:00:05–10:00:20: both durations, each status
      // with the cause written when it began — not "down 20s" (issue 13, defect 7).
      ["P1", "otp-c", at("10:00"), at("10:00:20"), "down 15s and degraded 5s (worse than served-without-redundancy): degraded from 10:00:00: P1/P1T01: replay in progress; down from 10:00:05: P1/P1T01: no reply to Test Request"]
    ])
  })

  it("says a spell just over maxDuration to the microsecond when the millisecond would add up to maxDuration", () => {
    // P1 degraded 10:00:00 → 10:00:15.0002, down → 10:00:30.0004: 30.0004 s, over 30 s; to the millisecond
    // "down 15s and degraded 15s", which adds up to the limit it failed.
    const justOver = [
      healthEvent("09:00", "P1", "otp-c", "served", null, "P1/P1T01: logged on to ocg-dc1 (primary)"),
      healthEvent("10:00", "P1", "otp-c", "degraded", "served", "P1/P1T01: replay in progress"),
      healthEvent("10:00:15.0002", "P1", "otp-c", "down", "degraded", "P1/P1T01: no reply to Test Request"),
      healthEvent("10:00:30.0004", "P1", "otp-c", "served", "down", "P1/P1T01: logged on to ocg-dc2 (secondary)")
    ]
    const r = judge(health, { maxDuration: "30s" }, window, justOver)
    expect([r.verdict, r.summary]).toEqual(["fail", "1 participant worse than served-without-redundancy on any service for over 30s (max 0); longest 30.0004s"])
    expect(r.evidence.map((e) => e.detail)).toEqual([
      "down 15.0002s and degraded 15.0002s (worse than served-without-redundancy): degraded from 10:00:00: P1/P1T01: replay in progress; down from 10:00:15.000200: P1/P1T01: no reply to Test Request"
    ])
  })

  it("names the words of a health.cause from when they were true, the status once", () => {
    const withCause = [
      ...events.slice(0, 4),
      // P1 degraded from 10:00 (replay), down from 10:00:05; the words change at 10:00:10, still down.
      events[4]!,
      ev("10:00:10", "health.cause", "P1", { service: "otp-c", status: "down", cause: "P1/P1T01: logging on to ocg-dc2 (secondary)" }),
      ...events.slice(5)
    ]
    const r = judge(health, { participants: ["P1"] }, window, withCause)
    expect(r.evidence.map((e) => [e.participant, e.service, e.from, e.to, e.detail])).toEqual([
      // Time per status unchanged (down 10:00:05–10:00:20 = 15 s, degraded 5 s); the down status named once.
      ["P1", "otp-c", at("10:00"), at("10:00:20"), "down 15s and degraded 5s (worse than served-without-redundancy): degraded from 10:00:00: P1/P1T01: replay in progress; down from 10:00:05: P1/P1T01: no reply to Test Request; from 10:00:10: P1/P1T01: logging on to ocg-dc2 (secondary)"]
    ])
  })

  it("ranks evidence by the worst status reached by the verdict, not by what came after the window", () => {
    // Window 09:30–10:10. P4 is without redundancy from 10:01 and down only at 10:20, after the window; P5 is
    // degraded from 10:05. At 10:10 P5 (degraded) is the worse: it comes first, and P4 reads 9m without redundancy.
    const later = [
      healthEvent("09:00", "P4", "otp-c", "served", null, ""),
      healthEvent("09:00", "P5", "otp-c", "served", null, ""),
      healthEvent("10:01", "P4", "otp-c", "served-without-redundancy", "served", "P4/P4T01: logged on to ocg-dc2 (secondary)"),
      healthEvent("10:05", "P5", "otp-c", "degraded", "served", "P5/P5T01: replay in progress"),
      healthEvent("10:20", "P4", "otp-c", "down", "served-without-redundancy", "P4/P4T01: no reply to Test Request")
    ]
    const r = judge(health, { worst: "served" }, window, later)
    expect(rows(r)).toEqual([
      ["P5", undefined, at("10:05"), undefined, "degraded 5m so far (worse than served): P5/P5T01: replay in progress"],
      ["P4", undefined, at("10:01"), undefined, "served-without-redundancy 9m so far (worse than served): P4/P4T01: logged on to ocg-dc2 (secondary)"]
    ])
  })

  it("says each part of a spell with the cause true during it, clipped to the verdict (issue 13, defect 7)", () => {
    // P3's omd-c: line A dark 10:00–10:02 (without redundancy), back at 10:02 with 12 seqs outstanding
    // (degraded) until 10:02:10, then served. Judged against `served`: one spell 10:00–10:02:10 — 2m
    // without redundancy while line A was silent, 10s degraded while both lines were live.
    const omd = [
      healthEvent("09:00", "P3", "omd-c", "served", null, "P3/omdc-ss: lines A and B live"),
      healthEvent("10:00", "P3", "omd-c", "served-without-redundancy", "served", "P3/omdc-ss: line A silent"),
      healthEvent("10:02", "P3", "omd-c", "degraded", "served-without-redundancy", "P3/omdc-ss: lines A and B live; 12 seqs outstanding from 500"),
      healthEvent("10:02:10", "P3", "omd-c", "served", "degraded", "P3/omdc-ss: lines A and B live")
    ]
    const r = judge(health, { worst: "served", service: "omd-c" }, window, omd)
    expect(rows(r)).toEqual([[
      "P3", undefined, at("10:00"), at("10:02:10"),
      "degraded 10s and served-without-redundancy 2m (worse than served): served-without-redundancy from 10:00:00: P3/omdc-ss: line A silent; degraded from 10:02:00: P3/omdc-ss: lines A and B live; 12 seqs outstanding from 500"
    ]])
    // Asked at 10:01 (a watched trigger): only what had happened by then — 1m without redundancy, so far.
    const early = judge(health, { worst: "served", service: "omd-c" }, window, omd, "10:01")
    expect(rows(early)).toEqual([["P3", undefined, at("10:00"), undefined, "served-without-redundancy 1m so far (worse than served): P3/omdc-ss: line A silent"]])
    // A window ending at 10:02:05 stops the spell there: 2m without redundancy and 5s degraded, so far.
    const clipped = judge(health, { worst: "served", service: "omd-c" }, { from: "09:30", to: "10:02:05" }, omd)
    expect(rows(clipped)[0]![4]).toBe(
      "degraded 5s and served-without-redundancy 2m so far (worse than served): served-without-redundancy from 10:00:00: P3/omdc-ss: line A silent; degraded from 10:02:00: P3/omdc-ss: lines A and B live; 12 seqs outstanding from 500"
    )
  })

  it("`worst: served` also asks for redundancy; `participants` and `service` narrow it", () => {
    const r = judge(health, { worst: "served", service: "omd-c", participants: ["P2"] }, window, events)
    expect(r.summary).toBe("1 participant worse than served on omd-c for over 0s (max 0); longest 1h10m")
    expect(r.evidence.map((e) => [e.participant, e.from, e.to])).toEqual([["P2", at("09:00"), undefined]])
  })

  it("passes within maxDuration or maxParticipants", () => {
    expect(judge(health, { maxDuration: "10m" }, window, events).verdict).toBe("pass")
    const r = judge(health, { maxParticipants: 2 }, window, events)
    expect([r.verdict, r.evidence.length]).toEqual(["pass", 2])
  })

  it("`worst: as-before` judges each participant against its own status when the window opened", () => {
    const before = [...events, healthEvent("10:07", "P2", "omd-c", "down", "served-without-redundancy", "P2/omdc-ss: lines A and B silent")]
    const r = judge(health, { worst: "as-before" }, window, before)
    // P2's omd-c was already without redundancy at 09:30: that is its baseline, only the 10:07 loss counts.
    expect(r.summary).toBe("2 participants worse than before the window on any service for over 0s (max 0); longest 5m")
    expect(r.evidence.map((e) => [e.participant, e.service, e.from, e.to])).toEqual([
      ["P2", "otp-c", at("10:05"), undefined],
      ["P2", "omd-c", at("10:07"), undefined],
      ["P1", "otp-c", at("10:00"), at("10:00:20")]
    ])
    expect(r.evidence[1]?.detail).toBe("down 3m so far (worse than before): P2/omdc-ss: lines A and B silent")
    // A status already worse at the opening is the baseline: nothing worse after it, nothing to report.
    expect(judge(health, { worst: "as-before" }, { from: "10:06", to: "10:06:30" }, events).verdict).toBe("pass")
  })

  it("`worst: as-before` with the window opening with the run: each one's status by design (`design`), so a fault from the opening counts", () => {
    const opening = [
      // Both of P1's gateways crashed at 10:00, the opening: down though served by design, until 10:04.
      ev("10:00", "health", "P1", { service: "otp-c", status: "down", previous: null, cause: "P1/P1T01: starting: not logged on yet", design: "served" }),
      // P2 rides one circuit: without redundancy by design, and so it stays.
      ev("10:00", "health", "P2", { service: "omd-c", status: "served-without-redundancy", previous: null, cause: "P2/omdc-ss: single point of failure P2-c1", design: "served-without-redundancy" }),
      healthEvent("10:04", "P1", "otp-c", "served", "down", "")
    ]
    const r = judge(health, { worst: "as-before" }, { from: "10:00", to: "10:30" }, opening)
    expect([r.verdict, r.summary]).toEqual(["fail", "1 participant worse than before the window on any service for over 0s (max 0); longest 4m"])
    expect(r.evidence.map((e) => [e.participant, e.service, e.from, e.to, e.detail])).toEqual([
      ["P1", "otp-c", at("10:00"), at("10:04"), "down 4m (worse than before): P1/P1T01: starting: not logged on yet"]
    ])
  })

  it("rejects participants the estate does not have, and unknown statuses", () => {
    expect(validate(health, { participants: ["P1", "P9"] })).toEqual([{ path: "participants[1]", expected: "a participant of tiny-estate", got: '"P9"' }])
    expect(() => validate(health, { worst: "fine" })).toThrow()
  })
})
