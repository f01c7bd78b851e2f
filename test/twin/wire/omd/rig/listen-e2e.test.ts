/**
 * The whole chain at 1×: a live world (default estate), the rig publishing participant P's OMD-C (P has one
 * circuit and takes SS), `/rig` over HTTP, and `twin omd listen` as a child process joined before the day
 * starts. A 20 % loss on P's circuit for 3 s takes numbers off both lines: the listener's final statistics
 * must agree with the trace — as many gaps as the trace's `omd.gap` events for P on SS, the same number of
 * messages, every one recovered from the rig's RTS, none unrecovered.
 */
import { spawn } from "node:child_process"
import http from "node:http"
import { describe, expect, it } from "vitest"
import { startRig } from "../../../../../twin/rig/rig.ts"
import { LiveSession } from "../../../../../twin/serve/live-session.ts"
import { omdRig } from "../../../../../twin/wire/omd/rig/omd-endpoint.ts"
import { defaultEstate, NINE, seconds } from "./support.ts"

describe("twin omd listen against the rig", () => {
  it("its gaps, recovered and unrecovered agree with the trace's omd.gap for P", async () => {
    const model = defaultEstate()
    const participant = model.file.participants.find((p) => p.circuits.length === 1 && p.omdC.includes("SS"))!
    const P = participant.id
    const live = new LiveSession({ model, seed: 7, window: { from: NINE, to: NINE + seconds(120) }, moved: [] })
    const wall0 = Date.now() + 4_000 // the listener joins before the day starts (no late start)
    const rig = await startRig([omdRig({ addresses: { octet: 206, port: 48_000 } })], {
      session: live,
      watched: [P],
      host: "127.0.0.1",
      stateDir: "/tmp/omd-rig-test",
      wallAt: (t) => wall0 + (t - NINE) / 1_000,
      log: () => undefined
    })
    const server = http.createServer((_req, res) => {
      res.setHeader("content-type", "application/json")
      res.end(JSON.stringify({ endpoints: rig.listing() }))
    })
    let timer: ReturnType<typeof setInterval> | undefined
    let child: ReturnType<typeof spawn> | undefined
    try {
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()))
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/rig`
      child = spawn(process.execPath, ["twin/bin/twin.ts", "omd", "listen", "--participant", P, "--channel", "SS", "--for", "30s", "--json", "--rig-url", url], { stdio: ["ignore", "pipe", "pipe"] })
      let out = ""
      child.stdout!.on("data", (d: Buffer) => (out += d.toString()))
      const exited = new Promise<number | null>((r) => child!.on("exit", (code) => r(code)))
      let injected = false
      timer = setInterval(() => {
        const target = NINE + (Date.now() - wall0) * 1_000
        if (target > live.now) live.advance(target)
        if (!injected && live.now > NINE + seconds(8)) {
          injected = true
          live.apply({ type: "inject", fault: { kind: "link-loss", link: participant.circuits[0]!.id, percent: 20 }, for: "3s" })
        }
      }, 20)
      expect(await exited).toBe(0)
      const ss = (JSON.parse(out) as { channels: Array<{ channel: string; gaps: number; gapMessages: number; recovered: number; unrecovered: number }> }).channels.find((c) => c.channel === "SS")!
      const gaps = live.log
        .filter((e) => e.kind === "omd.gap" && e.subject === P && (e.data as { channel?: string }).channel === "omdc/SS")
        .map((e) => e.data as { first: number; last: number })
      expect(gaps.length).toBeGreaterThan(0)
      expect(ss.gaps).toBe(gaps.length)
      expect(ss.gapMessages).toBe(gaps.reduce((n, g) => n + g.last - g.first + 1, 0))
      expect([ss.recovered, ss.unrecovered]).toEqual([ss.gapMessages, 0])
    } finally {
      if (child !== undefined && child.exitCode === null) child.kill("SIGKILL")
      clearInterval(timer)
      server.close()
      await rig.close()
    }
  }, 120_000)
})
