/**
 * `twin omd listen` as a user runs it, against a stand-in for `twin serve`'s /rig (an HTTP server listing
 * P0001's lines A and B of channel SS and an RTS) and the in-test multicast sender and RTS server: the
 * process joins the lines it read from /rig, recovers the gap both lines lost over TCP, and prints its
 * statistics as JSON; bad flags and a participant the rig does not serve are one line and exit 2.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process"
import * as fs from "node:fs"
import * as http from "node:http"
import * as os from "node:os"
import * as path from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import { encodePacket, type AddOrder, type OmdMessage } from "../../../twin/wire/omd/index.ts"
import { MulticastSender, randomAddressBlock, TestRtsServer } from "../wire/omd/listen/loopback-peers.ts"

/** Runs `twin …` without blocking this process (the stand-in /rig server lives in it). */
const twin = (...args: ReadonlyArray<string>): Promise<{ code: number | null; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, ["twin/bin/twin.ts", ...args], { stdio: ["ignore", "pipe", "pipe"] })
    children.push(child)
    let stdout = ""
    let stderr = ""
    child.stdout!.on("data", (c: Buffer) => (stdout += c.toString()))
    child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()))
    child.on("close", (code) => resolve({ code, stdout, stderr }))
  })

const cleanup: Array<() => Promise<unknown> | void> = []
const children: Array<ChildProcess> = []
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGTERM")
  for (const close of cleanup.splice(0).reverse()) await close()
})

/** A stand-in /rig: `body`, or `body(n)` for its n-th request (from 0: the listing as it changes). */
const serveRig = (body: unknown): Promise<string> =>
  new Promise((resolve) => {
    let requests = 0
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" })
      res.end(JSON.stringify(typeof body === "function" ? body(requests++) : body))
    })
    cleanup.push(() => new Promise((r) => server.close(r)))
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      resolve(`http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}/rig`)
    })
  })

const order = (seq: number): AddOrder => ({ msgType: 30, securityCode: 5, orderId: BigInt(seq), price: 1000, quantity: 100, side: 0, orderType: "2", orderBookPosition: 0 })

describe("twin omd listen", () => {
  it("reads P0001's lines from /rig, recovers the gap both lines lost from the RTS, prints JSON statistics, what the rig shed meanwhile and a pcap", async () => {
    const block = randomAddressBlock()
    const a = { address: block.group(1), port: block.port(1) }
    const b = { address: block.group(2), port: block.port(2) }
    const stored = new Map<number, OmdMessage>(Array.from({ length: 50 }, (_, i) => [i + 1, order(i + 1)]))
    const rts = await TestRtsServer.start(stored)
    cleanup.push(() => rts.close())
    const sender = await MulticastSender.start()
    cleanup.push(() => sender.close())
    // The rig says at the end it shed one packet of each line meanwhile (as a rig behind the drill's speed
    // would have made this gap): 3 shed already at the start, 5 at the end, on lines A and B together.
    const shed = (line: number, n: number) => (n === 0 ? (line === 0 ? { shed: 3 } : {}) : line === 0 ? { shed: 4 } : { shed: 1 })
    const url = await serveRig((n: number) => ({
      endpoints: [
        { service: "omd-c", name: "P0001 line A channel SS", participant: "P0001", transport: "udp-multicast", ...a, role: "line-A", channel: "SS", ...shed(0, n) },
        { service: "omd-c", name: "P0001 line B channel SS", participant: "P0001", transport: "udp-multicast", ...b, role: "line-B", channel: "SS", ...shed(1, n) },
        { service: "omd-c", name: "RTS", transport: "tcp", address: "127.0.0.1", port: rts.port, role: "rts" },
        { service: "ocg-c", name: "gateway", transport: "tcp", address: "127.0.0.1", port: 1, role: "fix-gateway" }
      ]
    }))
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "omd-listen-cli-"))
    cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }))
    const pcap = path.join(dir, "p0001.pcap")
    const child = spawn(process.execPath, ["twin/bin/twin.ts", "omd", "listen", "--participant", "P0001", "--for", "5s", "--json", "--pcap", pcap, "--rig-url", url], { stdio: ["ignore", "pipe", "pipe"] })
    children.push(child)
    let stdout = ""
    let stderr = ""
    child.stdout!.on("data", (c: Buffer) => (stdout += c.toString()))
    const up = new Promise<void>((resolve) => child.stderr!.on("data", (c: Buffer) => {
      stderr += c.toString()
      if (stderr.includes("listening: RTS")) resolve()
    }))
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve))
    await up
    // Sequence Reset, then numbers 1..50 in 5 packets of 10; packet 2 (21..30) lost on both lines.
    const reset = encodePacket(1, 0n, [{ msgType: 100, newSeqNo: 1 }])
    for (const to of [a, b]) await sender.send(reset, to)
    for (let k = 0; k < 5; k++) {
      if (k === 2) continue
      const packet = encodePacket(10 * k + 1, 0n, Array.from({ length: 10 }, (_, i) => order(10 * k + 1 + i)))
      for (const to of [a, b]) await sender.send(packet, to)
    }
    expect(await exited).toBe(0)
    expect(stderr).toContain(`listening: P0001 SS line A ${a.address}:${a.port} line B ${b.address}:${b.port} refresh - -`)
    expect(stderr).toContain("SS: gap 21-30 recovered from RTS (10 messages)")
    const report = JSON.parse(stdout)
    const ss = report.channels[0]
    expect([report.participant, ss.channel, ss.processed, ss.gaps, ss.recovered, ss.unrecovered, ss.lines.A.packets, ss.lines.B.packets, ss.books.orders])
      .toEqual(["P0001", "SS", 50, 1, 10, 0, 5, 5, 50])
    expect(rts.requests).toEqual([{ username: "P0001", channelId: 1, beginSeqNum: 21, endSeqNum: 30 }])
    // What the rig shed of these lines while it listened: 5 at the end less 3 at the start.
    expect(report.rigShed).toBe(2)
    // 10 datagrams: the reset and 4 packets on each line.
    expect(report.pcap).toEqual({ path: pcap, packets: 10 })
    expect(spawnSync("tcpdump", ["-r", pcap, "-nn"], { encoding: "utf8" }).stdout.trim().split("\n")).toHaveLength(10)
  })

  it("answers a participant the rig does not serve, a bad --for, --line-timeout or --channel with one line and exit 2", async () => {
    const url = await serveRig({
      endpoints: [{ service: "omd-c", name: "P0001 line A", participant: "P0001", transport: "udp-multicast", address: "239.255.0.1", port: 40001, role: "line-A", channel: "SS" }]
    })
    const unknown = await twin("omd", "listen", "--participant", "P0002", "--rig-url", url)
    expect([unknown.code, unknown.stderr]).toEqual([2, '--participant: expected a participant whose OMD-C lines the rig serves (P0001), got "P0002"\n'])
    const channel = await twin("omd", "listen", "--participant", "P0001", "--channel", "SF", "--rig-url", url)
    expect([channel.code, channel.stderr]).toEqual([2, "--channel: expected one of P0001's channels (SS), got \"SF\"\n"])
    const duration = await twin("omd", "listen", "--participant", "P0001", "--for", "soon", "--rig-url", url)
    expect([duration.code, duration.stderr]).toEqual([2, '--for: expected a duration like 60s, 500ms, 2m or 1h, got "soon"\n'])
    // The wait for the other line: a duration up to a minute (the flag is read before the rig is asked).
    const timeout = await twin("omd", "listen", "--participant", "P0001", "--line-timeout", "2m", "--rig-url", url)
    expect([timeout.code, timeout.stderr]).toEqual([2, '--line-timeout: expected a duration from 1ms to 60s, like 100ms or 2s, got "2m"\n'])
    const badBody = await serveRig({ endpoints: [{ service: "omd-c", port: "x" }] })
    const broken = await twin("omd", "listen", "--participant", "P0001", "--rig-url", badBody)
    expect(broken.code).toBe(2)
    // One line per field that is wrong: name, transport and address missing, port not a number.
    expect(broken.stderr.trim().split("\n")).toEqual([
      `${badBody}:endpoints[0].name: expected a value, got nothing`,
      `${badBody}:endpoints[0].transport: expected a value, got nothing`,
      `${badBody}:endpoints[0].address: expected a value, got nothing`,
      `${badBody}:endpoints[0].port: expected number, got "x"`
    ])
  })
})
