import { describe, expect, it } from "vitest"
import type { Submission } from "../../../../twin/contract/drill-protocol.ts"
import { DrillHub } from "../../../../twin/serve/drill/drill-hub.ts"
import { expectationsOf, type IdealRun } from "../../../../twin/serve/drill/ideal-run.ts"
import { scoreDrill } from "../../../../twin/serve/drill/score.ts"
import { startServer } from "../../../../twin/serve/server.ts"
import { DrillClient, type Message, shippedDrill } from "./support.ts"

const TOKEN = "instructor-token-5678"
const at = (h: number, m: number, us = 0) => (h * 60 + m) * 60_000_000 + us
const INCIDENT = at(9, 31)
const MIN = 60_000_000

// gateway-fails-sessions-to-secondary: ocg-dc1-03 crashes at 09:31; restart it within 8 min. The audit's
// plans A and D in one run, each submission at its own instant (the world advanced by hand while paused):
//   #1 09:27:03.125 restart ocg-dc1-03 — before the crash: not expected (−10), as the score counts it
//   #2 09:28:43.043 the right diagnosis — before the crash: counts for nothing
//   #3 09:33:01.793 restart ocg-dc1-03 — the expected one, 2 min 1.793 s after: on time
//   #4 09:34:04.605 restart ocg-dc1-03 again — a repeat: not expected (−10)
//   #5 09:35:00 the right diagnosis, sent before the ideal response is known: judged once it is (4 min: on time)
describe("the instructor's live verdicts are the score's (gateway-fails-sessions-to-secondary)", () => {
  it("judges each submission as the final score counts it, live, on reconnect, and once the ideal is known", async () => {
    const drill = await shippedDrill("gateway-fails-sessions-to-secondary")
    const participants = ["P0001", "P0002"]
    const expect_ = expectationsOf(drill, participants)
    const harm = { down: {}, degraded: {}, totalDown: 0, totalDegraded: 0 }
    let idealArrives!: (ideal: IdealRun) => void
    const ideal = new Promise<IdealRun>((resolve) => (idealArrives = resolve))
    const hub = new DrillHub({ drill, speed: 60, token: TOKEN, ideal: () => ideal, save: () => Promise.resolve(""), log: () => undefined })
    const serving = await startServer({ host: "127.0.0.1", port: 0, viewer: undefined, traces: new Map(), drillHub: hub })
    hub.run()
    const url = `ws://127.0.0.1:${serving.port}/drill`
    const instructor = await DrillClient.open(url)
    const trainee = await DrillClient.open(url)
    const later: Array<DrillClient> = []
    try {
      instructor.send({ type: "hello", token: TOKEN })
      trainee.send({ type: "hello" })
      await trainee.next("welcome")
      instructor.send({ type: "start", token: TOKEN, ref: "go" })
      await instructor.next("ack", (m) => m.ref === "go")
      instructor.send({ type: "pause", token: TOKEN, ref: "p" })
      await instructor.next("ack", (m) => m.ref === "p")
      const live = async (t: number, request: Message): Promise<string> => {
        hub.world.advance(t)
        const n = hub.submissions.length + 1
        trainee.send({ ...request, ref: n })
        await trainee.next("submitted", (m) => m.ref === n)
        return (await instructor.next("submitted", (m) => m.submission.n === n)).submission.verdict as string
      }
      const restart = { type: "act", action: "restart-service", target: "ocg-dc1-03" }
      const diagnosis = { type: "diagnose", element: "ocg-dc1-03", fault: "node-crash", services: ["otp-c"], participants }
      const verdicts = [
        await live(at(9, 27, 3_125_000), restart),
        await live(at(9, 28, 43_043_064), diagnosis),
        await live(at(9, 33, 1_793_064), restart),
        await live(at(9, 34, 4_605_564), restart),
        await live(at(9, 35), diagnosis)
      ]
      expect(verdicts).toEqual([
        "not expected (taken before the incident): it does its harm, and costs marks",
        "not counted: made before the incident",
        "expected action, on time",
        "not expected (a repeat of #3): it does its harm, and costs marks",
        "judged at the end (the ideal response is still running)"
      ])
      // The ideal response arrives: the instructor gets every verdict again, #5 judged now.
      idealArrives({ lines: [], expect: expect_, submissions: [], harm })
      await hub.idealReady
      const judged = (await instructor.next("submissions")).submissions.map((s: Submission) => s.verdict)
      const final = [...verdicts.slice(0, 4), "correct diagnosis, on time; detection, on time"]
      expect(judged).toEqual(final)
      // An instructor joining later (or reconnecting) gets the verdicts each had when it came — not re-timed
      // at its own instant (09:35 is 4 min after the crash: #3 would still be on time, but not #1's "before").
      const again = await DrillClient.open(url)
      later.push(again)
      again.send({ type: "hello", token: TOKEN })
      expect((await again.next("submissions")).submissions.map((s: Submission) => s.verdict)).toEqual(final)

      // What the score makes of the same submissions: #3 the expected restart on time (30), #1 and #4 not
      // expected (−20): actions 10; detected and diagnosed by #5 at 4 min (20 + 30); #2 counts for nothing.
      const score = scoreDrill({ expect: expect_, submissions: hub.submissions, harm, idealHarm: harm })
      expect(score.actions).toEqual([{ action: "restart-service", target: "ocg-dc1-03", after: 121_793_064, within: 8 * MIN, onTime: true }])
      expect(score.wrongActions).toEqual([
        { action: "restart-service", target: "ocg-dc1-03", after: at(9, 27, 3_125_000) - INCIDENT },
        { action: "restart-service", target: "ocg-dc1-03", after: 184_605_564 }
      ])
      expect([score.detectedAfter, score.diagnosedAfter]).toEqual([4 * MIN, 4 * MIN])
      expect(score.marks).toEqual({ detection: 20, diagnosis: 30, actions: 10, harm: 20, total: 80, max: 100 })
    } finally {
      for (const c of [instructor, trainee, ...later]) c.close()
      hub.stop()
      await serving.close()
    }
  }, 300_000)
})
