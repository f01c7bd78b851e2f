import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Result } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { DrillHub } from "../../../../twin/serve/drill/drill-hub.ts"
import { idealInWorker } from "../../../../twin/serve/drill/ideal-thread.ts"
import { rebuildDebrief, saveDrillRun } from "../../../../twin/serve/drill/save.ts"
import { type Serving, startServer } from "../../../../twin/serve/server.ts"
import { DrillClient, drillPath, type Message, shippedDrill } from "./support.ts"

// The drill of the two OMD-C publishers stuck in a failover (scenarios/drills/omd-lines-lost-in-failover.yaml):
// both publishers crash at 09:31:00 and stay down; the right answer is node-crash on omdc-pub-dc1-a (or -b),
// service omd-c, and restarting both within 6 minutes of 09:31.
const NAME = "omd-lines-lost-in-failover"
const TOKEN = "instructor-token-1234"
const INCIDENT = (9 * 3600 + 31 * 60) * 1_000_000
const MIN = 60_000_000

const out = mkdtempSync(join(tmpdir(), "drill-core-ws-"))
afterAll(() => rmSync(out, { recursive: true, force: true }))

const serve = async (speed: number) => {
  const drill = await shippedDrill(NAME)
  const hub = new DrillHub({
    drill,
    speed,
    token: TOKEN,
    ideal: () => idealInWorker({ path: drillPath(NAME), estate: undefined, seed: undefined }),
    save: (outcome) => saveDrillRun(out, outcome, new Date(Date.UTC(2026, 11, 5, 1, 2, 3))),
    log: () => undefined
  })
  const serving: Serving = await startServer({ host: "127.0.0.1", port: 0, viewer: undefined, traces: new Map(), drillHub: hub })
  hub.run()
  return { hub, serving, url: `ws://127.0.0.1:${serving.port}/drill` }
}

/** Every omd-c caller so far (the trainee's list of affected participants comes from the calls). */
const callers = (c: DrillClient): Array<string> =>
  [...new Set<string>((c.latest("tickets")?.tickets ?? []).filter((t: Message) => t.service === "omd-c").map((t: Message) => t.participant as string))].sort()

describe("a drill over the WebSocket (omd-lines-lost-in-failover)", () => {
  it("a scripted trainee with the right diagnosis and actions gets full marks; a blind trainee never hears the fault named; the debrief lists both runs", async () => {
    // 30×: the 110 simulated seconds between the pause (09:34:10) and the diagnosis target (09:36) are 3.7 s of wall time, a margin on a loaded machine
    const { hub, serving, url } = await serve(30)
    const instructor = await DrillClient.open(url)
    const trainee = await DrillClient.open(url)
    const watcher = await DrillClient.open(url)
    try {
      instructor.send({ type: "hello", token: TOKEN })
      trainee.send({ type: "hello" })
      watcher.send({ type: "hello" })
      expect((await instructor.next("welcome")).role).toBe("instructor")
      expect((await trainee.next("welcome")).role).toBe("trainee")
      // Behind the gate: nothing may be submitted, and the world stands at the window's start (09:25).
      expect((await trainee.next("gate")).state).toBe("waiting")
      trainee.send({ type: "act", action: "restart-service", target: "omdc-pub-dc1-a", ref: 1 })
      expect(await trainee.next("error", (m) => m.ref === 1)).toEqual({ type: "error", ref: 1, message: "the drill has not started" })
      // The instructor sees the hidden script; trainees never get a `script`.
      const script = await instructor.next("script")
      expect(script.faults.map((f: Message) => [f.id, f.kind, f.at])).toEqual([["publishers-stuck-in-failover", "compound", INCIDENT]])

      await hub.idealReady
      instructor.send({ type: "start", token: TOKEN, ref: "go" })
      expect((await instructor.next("ack", (m) => m.ref === "go")).detail).toBe("drill started at 09:25:00")
      // The silent-market-data alarm is raised once both lines are quiet; the calls follow within 60–179 s
      // (monitor.ts callDelay), so by 09:34:06 every affected participant has called.
      await trainee.next("alarms", (m) => m.alarms.some((a: Message) => a.what === "market-data-silent" && a.service === "omd-c" && a.cleared === null))
      await trainee.next("clock", (m) => m.t >= INCIDENT + 3 * MIN + 10_000_000, 120_000)
      instructor.send({ type: "pause", token: TOKEN, ref: "p" })
      await instructor.next("ack", (m) => m.ref === "p")
      // A control sends the lists at once, then the clock: once the trainee holds a paused clock, its
      // tickets are those of the paused instant (otherwise they follow at most every 500 ms).
      await trainee.next("clock", (m) => m.paused === true)
      const participants = callers(trainee)
      trainee.send({ type: "diagnose", element: "omdc-pub-dc1-a", fault: "node-crash", services: ["omd-c"], participants, ref: "d" })
      const diagnosed = await trainee.next("submitted", (m) => m.ref === "d")
      expect(diagnosed.submission.verdict).toBeUndefined() // the trainee is not told whether it is right
      const live = await instructor.next("submitted", (m) => m.submission.n === 1)
      expect(live.submission.verdict).toBe("correct diagnosis, on time; detection, on time")
      trainee.send({ type: "act", action: "restart-service", target: "omdc-pub-dc1-a", ref: "a" })
      trainee.send({ type: "act", action: "restart-service", target: "omdc-pub-dc1-b", ref: "b" })
      await trainee.next("submitted", (m) => m.ref === "b")
      instructor.send({ type: "resume", token: TOKEN })
      instructor.send({ type: "end-drill", token: TOKEN, ref: "end" })
      await instructor.next("ack", (m) => m.ref === "end")
      const scored = await trainee.next("score", () => true, 240_000)
      const outcome = await hub.done
      const score = scored.score
      // Diagnosis and both actions at the pause, between 09:34:10 and the 5- and 6-minute targets.
      const pausedAt = outcome.submissions[0]!.at
      expect(pausedAt - INCIDENT).toBeLessThanOrEqual(5 * MIN)
      expect(score.detectedAfter).toBe(pausedAt - INCIDENT)
      expect(score.diagnosedAfter).toBe(pausedAt - INCIDENT)
      expect(score.diagnosis).toEqual({ correct: true, element: true, fault: true, participants: true, services: true })
      expect(score.actions).toEqual([
        { action: "restart-service", target: "omdc-pub-dc1-a", after: pausedAt - INCIDENT, within: 6 * MIN, onTime: true },
        { action: "restart-service", target: "omdc-pub-dc1-b", after: pausedAt - INCIDENT, within: 6 * MIN, onTime: true }
      ])
      expect(score.wrongActions).toEqual([])
      // Restarting before the ideal's 09:37 costs less than the ideal: the harm mark is whole.
      expect(score.harm.totalDown).toBeLessThan(score.idealHarm.totalDown)
      expect(score.marks).toEqual({ detection: 20, diagnosis: 30, actions: 30, harm: 20, total: 100, max: 100 })

      // Blindness: everything the watching trainee got before the score (its welcome's pick lists and map
      // layout list every element of the estate and every fault kind, and say nothing of what is wrong) never names the
      // fault's id or kind (`compound`, `node-crash`), and names the crashed publishers only in `map`
      // messages — a node that is down is what monitoring shows; why is not.
      const upToScore = watcher.frames.slice(0, watcher.messages.findIndex((m) => m.type === "score"))
      expect(upToScore.length).toBeGreaterThan(10)
      // The team's own submissions (`submitted`, `submissions`) echo what a trainee typed, not what the
      // server knows: they are left out too.
      const told = upToScore.filter((f) => !/^\{"type":"(welcome|submitted|submissions)"/.test(f))
      for (const secret of ["publishers-stuck-in-failover", "node-crash", "compound", "scenario.fault", "world.change", "live.control"]) {
        expect(told.filter((f) => f.includes(secret))).toEqual([])
      }
      const naming = told.filter((f) => f.includes("omdc-pub-dc1-"))
      expect(naming.length).toBeGreaterThan(0)
      expect(new Set(naming.map((f) => (JSON.parse(f) as Message).type))).toEqual(new Set(["map"]))
      expect(watcher.messages.filter((m) => m.type === "script" || m.type === "active-faults" || m.type === "events")).toEqual([])

      // Saved, and the debrief lists both runs; rebuilding it from the folder gives the same files.
      expect(scored.saved).toBe(join(out, `${NAME}-20261205-010203Z`))
      const debrief = JSON.parse(readFileSync(join(scored.saved, "debrief.json"), "utf8"))
      expect(debrief.runs.map((r: Message) => [r.run, r.score.marks.total])).toEqual([["trainee", 100], ["ideal", 100]])
      expect(debrief.runs[1].submissions.map((s: Message) => [s.at - INCIDENT, s.request.type])).toEqual([[5 * MIN, "diagnose"], [6 * MIN, "act"], [6 * MIN, "act"]])
      const page = readFileSync(join(scored.saved, "debrief.html"), "utf8")
      expect(page).toContain('data-run="trainee"')
      expect(page).toContain('data-run="ideal"')
      const before = readFileSync(join(scored.saved, "debrief.json"), "utf8")
      const rebuilt = await rebuildDebrief(scored.saved)
      expect(Result.isSuccess(rebuilt)).toBe(true)
      expect(readFileSync(join(scored.saved, "debrief.json"), "utf8")).toBe(before)
    } finally {
      instructor.close()
      trainee.close()
      watcher.close()
      await serving.close()
    }
  }, 300_000)
})

describe("a blind trainee on a drill whose fault monitoring cannot see (ecp-stalled-by-mtu)", () => {
  it("never receives the fault's id, kind or any of its links, from the gate to the score", async () => {
    // The MTU cut on the four links of the primary site's ECP servers drops full-size packets: nothing is
    // down, so not even the map may name those links; the trainee sees late transfers and calls.
    const name = "ecp-stalled-by-mtu"
    const drill = await shippedDrill(name)
    const hub = new DrillHub({
      drill,
      speed: 1000,
      token: TOKEN,
      ideal: () => idealInWorker({ path: drillPath(name), estate: undefined, seed: undefined }),
      save: (outcome) => saveDrillRun(out, outcome, new Date(Date.UTC(2026, 11, 5, 1, 2, 4))),
      log: () => undefined
    })
    const serving = await startServer({ host: "127.0.0.1", port: 0, viewer: undefined, traces: new Map(), drillHub: hub })
    hub.run()
    const url = `ws://127.0.0.1:${serving.port}/drill`
    const instructor = await DrillClient.open(url)
    const trainee = await DrillClient.open(url)
    try {
      trainee.send({ type: "hello" })
      instructor.send({ type: "hello", token: TOKEN })
      await trainee.next("welcome")
      await instructor.next("welcome")
      instructor.send({ type: "start", token: TOKEN })
      // the window runs to its end (07:40) by itself; then the score
      const scored = await trainee.next("score", () => true, 240_000)
      const frames = trainee.frames.slice(0, trainee.messages.indexOf(scored))
      const told = frames.filter((f) => !f.startsWith('{"type":"welcome"'))
      // what it saw is real: alarms about ECP and calls from the affected participants
      expect(told.some((f) => f.startsWith('{"type":"alarms"') && f.includes('"service":"ecp-sftp"'))).toBe(true)
      const secrets = ["ecp-links-mtu-1400", "mtu-cut", "compound", ...drill.scenario.faults.flatMap((f) => f.kind.targets(f.params, drill.scenario.model))]
      expect(secrets).toHaveLength(7)
      for (const secret of secrets) expect(told.filter((f) => f.includes(secret))).toEqual([])
      // and after the score, the debrief may name everything: the score names the expected action
      expect(JSON.stringify(scored)).toContain("ecp-dc1")
      // The window ended by itself: scored and saved once, the gate over once, no error.
      await hub.done
      await new Promise((resolve) => setTimeout(resolve, 1500))
      expect(trainee.messages.filter((m) => m.type === "score" || m.type === "error" || (m.type === "gate" && m.state === "over")).map((m) => m.type)).toEqual(["gate", "score"])
    } finally {
      instructor.close()
      trainee.close()
      await serving.close()
    }
  }, 300_000)
})
