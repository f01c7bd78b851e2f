/**
 * The whole chain at 1×: a live world (default estate), the rig publishing participant P's OMD-C (P has one
 * circuit and takes SS), `/rig` over HTTP, and `twin omd listen` as a child process joined before the day
 * starts. A 20 % loss on P's circuit for 3 s takes numbers off both lines: the listener's final statistics
 * must agree with the trace — as many gaps as the trace's `omd.gap` events for P on SS, the same number of
 * messages, every one recovered from the rig's RTS, none unrecovered.
 *
 * Two things the twin cannot promise on a busy machine. A listener waits for the other line by the wall
 * clock, and one descheduled between reading line A and line B can give up on it too soon (its line
 * timeout: given 2 s here, see the spawn). And the kernel may not deliver every datagram: a listener starved
 * of CPU overflows its socket's receive buffer, and a packet lost from both lines is a gap the trace does
 * not have. The kernel counts such drops per socket (/proc/net/udp, `drops`); the test reads them for the
 * listener's own sockets (bound to P's SS line groups) while it runs, and only when there were some may the
 * listener have more gaps than the trace — never fewer, and every one recovered.
 */
import { spawn } from "node:child_process"
import { existsSync, readFileSync } from "node:fs"
import http from "node:http"
import { describe, expect, it } from "vitest"
import { startRig } from "../../../../../twin/rig/rig.ts"
import { LiveSession } from "../../../../../twin/serve/live-session.ts"
import { omdRig } from "../../../../../twin/wire/omd/rig/omd-endpoint.ts"
import { defaultEstate, NINE, seconds } from "./support.ts"

/**
 * Datagrams the kernel dropped on the UDP sockets bound to `groups` (address:port), per /proc/net/udp's
 * last column; 0 where there is no such file (the strict comparison then applies).
 */
const kernelDrops = (groups: ReadonlyArray<{ address: string; port: number }>): number => {
  if (!existsSync("/proc/net/udp")) return 0
  // /proc/net/udp writes an IPv4 address as 8 hex digits in the host's (little-endian) byte order, then :PORT.
  const hex = (address: string, port: number) =>
    `${address.split(".").map((o) => Number(o).toString(16).padStart(2, "0").toUpperCase()).reverse().join("")}:${port.toString(16).padStart(4, "0").toUpperCase()}`
  const wanted = new Set(groups.map((g) => hex(g.address, g.port)))
  let drops = 0
  for (const line of readFileSync("/proc/net/udp", "utf8").split("\n").slice(1)) {
    const cols = line.trim().split(/\s+/)
    if (cols.length > 12 && wanted.has(cols[1]!)) drops += Number(cols[cols.length - 1])
  }
  return drops
}

describe("twin omd listen against the rig", () => {
  it("its gaps, recovered and unrecovered agree with the trace's omd.gap for P", async () => {
    const model = defaultEstate()
    const participant = model.file.participants.find((p) => p.circuits.length === 1 && p.omdC.includes("SS"))!
    const P = participant.id
    const live = new LiveSession({ model, seed: 7, window: { from: NINE, to: NINE + seconds(120) }, moved: [] })
    // The day starts once the listener has joined (it says `listening:` on stderr): a fixed head start was
    // not always enough for a child process to load on a busy machine, and a late join is a gap of its own.
    let wall0 = Number.POSITIVE_INFINITY
    const rigLog: Array<string> = []
    const rig = await startRig([omdRig({ addresses: { octet: 206, port: 48_000 } })], {
      session: live,
      watched: [P],
      host: "127.0.0.1",
      stateDir: "/tmp/omd-rig-test",
      // Nothing is due before the day starts (as while paused).
      wallAt: (t) => (wall0 === Number.POSITIVE_INFINITY ? undefined : wall0 + (t - NINE) / 1_000),
      log: (line) => rigLog.push(line)
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
      // `--line-timeout 2s`: a number one line lost waits 2 s (not 100 ms) for the other line. The rig sends
      // both lines' packets of an instant together, but in CI this process or the listener can be descheduled
      // for more than 100 ms between the two, and the listener then counted a gap line B filled a moment later
      // (seen in CI: 35075-35110, "recovered from RTS (0 messages)"). The trace's gaps are lost on both lines:
      // declared as soon as both lines have passed them, whatever the timeout.
      child = spawn(process.execPath, ["twin/bin/twin.ts", "omd", "listen", "--participant", P, "--channel", "SS", "--for", "30s", "--json", "--line-timeout", "2s", "--rig-url", url], { stdio: ["ignore", "pipe", "pipe"] })
      let out = ""
      child.stdout!.on("data", (d: Buffer) => (out += d.toString()))
      let err = ""
      child.stderr!.on("data", (d: Buffer) => {
        err += d.toString()
        if (wall0 === Number.POSITIVE_INFINITY && err.includes("listening: RTS")) wall0 = Date.now() + 200
      })
      const exited = new Promise<number | null>((r) => child!.on("exit", (code) => r(code)))
      let injected = false
      // P's SS lines as the rig lists them: the listener's sockets are bound to these groups.
      const lines = rig.listing().filter((l) => l.participant === P && l.channel === "SS" && (l.role === "line-A" || l.role === "line-B"))
      expect(lines).toHaveLength(2)
      let drops = 0
      timer = setInterval(() => {
        // Read while the listener runs: its sockets (and their counts) go when it exits.
        drops = Math.max(drops, kernelDrops(lines))
        const target = NINE + (Date.now() - wall0) * 1_000
        if (target > live.now) live.advance(target) // -Infinity until the listener has joined
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
      const gapMessages = gaps.reduce((n, g) => n + g.last - g.first + 1, 0)
      if (drops === 0) {
        expect(ss.gaps, `the listener's gaps, no datagram dropped by the kernel on its line sockets; trace gaps ${JSON.stringify(gaps)}; rig: ${rigLog.join(" | ")}; listener: ${err.slice(-3000)}`).toBe(gaps.length)
        expect(ss.gapMessages).toBe(gapMessages)
      } else {
        // The kernel dropped datagrams on the listener's own sockets: it may have seen more gaps than the trace.
        expect(ss.gaps).toBeGreaterThanOrEqual(gaps.length)
        expect(ss.gapMessages).toBeGreaterThanOrEqual(gapMessages)
      }
      expect([ss.recovered, ss.unrecovered]).toEqual([ss.gapMessages, 0])
    } finally {
      if (child !== undefined && child.exitCode === null) child.kill("SIGKILL")
      clearInterval(timer)
      server.close()
      await rig.close()
    }
  }, 120_000)
})
