import { describe, expect, it } from "vitest"
import { DrillHub } from "../../../../twin/serve/drill/drill-hub.ts"
import type { IdealRun } from "../../../../twin/serve/drill/ideal-run.ts"
import { startServer } from "../../../../twin/serve/server.ts"
import { DrillClient, shippedDrill } from "./support.ts"

const TOKEN = "instructor-token-5678"
const START = (9 * 60 + 25) * 60_000_000

describe("drill controls and refusals (omd-lines-lost-in-failover, the world behind the gate)", () => {
  it("refuses a trainee's controls and bad frames, applies the instructor's, and tells the trainee only what it may know", async () => {
    const drill = await shippedDrill("omd-lines-lost-in-failover")
    // The ideal response is not needed here: it never comes.
    const hub = new DrillHub({ drill, speed: 60, token: TOKEN, ideal: () => new Promise<IdealRun>(() => undefined), save: () => Promise.resolve(""), log: () => undefined })
    const serving = await startServer({ host: "127.0.0.1", port: 0, viewer: undefined, traces: new Map(), drillHub: hub })
    hub.run()
    const url = `ws://127.0.0.1:${serving.port}/drill`
    const instructor = await DrillClient.open(url)
    const trainee = await DrillClient.open(url)
    try {
      trainee.send({ type: "diagnose", element: "x", fault: "node-crash", participants: [], services: [], ref: 0 })
      expect(await trainee.next("error", (m) => m.ref === 0)).toEqual({ type: "error", ref: 0, message: 'hello: expected a hello first, got "diagnose"' })
      trainee.send({ type: "hello" })
      instructor.send({ type: "hello", token: TOKEN })
      const welcome = await trainee.next("welcome")
      expect([welcome.role, welcome.drill.from, welcome.actions.map((a: { action: string }) => a.action)]).toEqual([
        "trainee",
        START,
        ["roll-back-unit", "fail-over-site", "switch-carrier", "restart-service", "escalate-carrier"]
      ])
      // The drill's id and name reach the instructor only (the shipped name says "both OMD-C lines go silent").
      expect(Object.keys(welcome.drill)).toEqual(["briefing", "from", "to"])
      expect(trainee.frames.filter((f) => f.includes(drill.name) || f.includes(drill.id))).toEqual([])
      const told = await instructor.next("welcome")
      expect([told.drill.id, told.drill.name]).toEqual([drill.id, drill.name])

      trainee.send({ type: "start", ref: 1 })
      expect(await trainee.next("error", (m) => m.ref === 1)).toEqual({ type: "error", ref: 1, message: "instructor token required" })
      trainee.socket.send("{not json")
      expect((await trainee.next("error", (m) => m.ref === undefined && m.message.startsWith("message"))).message).toBe("message: expected JSON, got text that does not parse")
      trainee.send({ type: "act", action: "restart-service", target: "ocg-dc1-05", ref: 2, extra: true })
      expect(await trainee.next("error", (m) => m.ref === 2)).toEqual({ type: "error", ref: 2, message: "extra: expected no such field, got true" })

      // The instructor injects from the pick lists, ends it, hints: the trainee gets the hint, never the fault.
      instructor.send({ type: "inject", token: TOKEN, fault: { kind: "link-down", link: "ca-pop-1--ar-dc1-a" }, id: "cut-1", ref: "i" })
      expect((await instructor.next("ack", (m) => m.ref === "i")).detail).toBe("injected link-down cut-1 on ca-pop-1--ar-dc1-a until ended")
      const active = await instructor.next("active-faults", (m) => m.faults.length === 1)
      expect(active.faults).toEqual([{ id: "cut-1", kind: "link-down", targets: ["ca-pop-1--ar-dc1-a"], since: START, source: "instructor" }])
      instructor.send({ type: "inject", token: TOKEN, fault: { kind: "link-down", link: "no-such-link" }, ref: "bad" })
      expect((await instructor.next("error", (m) => m.ref === "bad")).message).toBe('fault.link: expected a link id of the estate (or a participant circuit id), got "no-such-link"')
      instructor.send({ type: "end-fault", token: TOKEN, id: "cut-1", ref: "e" })
      expect((await instructor.next("ack", (m) => m.ref === "e")).detail).toBe("link-down cut-1 ends")
      instructor.send({ type: "hint", token: TOKEN, text: "Look at the market data alarms.", ref: "h" })
      expect(await trainee.next("hint")).toEqual({ type: "hint", at: START, text: "Look at the market data alarms." })

      // The trainee's map showed the link down, then up: the state, not the fault.
      const maps = trainee.messages.filter((m) => m.type === "map").map((m) => m.down.links)
      expect(maps.at(0)).toEqual([])
      expect(maps).toContainEqual(["ca-pop-1--ar-dc1-a"])
      expect(trainee.frames.filter((f) => f.includes("cut-1") || f.includes("link-down"))).toEqual(trainee.frames.filter((f) => f.startsWith('{"type":"welcome"') && f.includes("link-down")))
      expect(trainee.messages.filter((m) => m.type === "script" || m.type === "active-faults")).toEqual([])
      expect(hub.state).toBe("waiting")
    } finally {
      instructor.close()
      trainee.close()
      await serving.close()
    }
  }, 120_000)
})
