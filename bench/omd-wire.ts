/**
 * `npm run bench -- omd-wire`: messages a second the rig publishes on each of a participant's lines A and B
 * at once (SF: order-by-order content, 52 messages a packet) with no loss at a receiver in another process,
 * and the rig's CPU per message. The rig's own path, without the simulation: slices as the tap hands them
 * over (twin/wire/omd/rig/feed.ts), content and encoding (packets.ts), the send queue paced to the wall
 * clock at 1× (send-queue.ts), UDP multicast on loopback. Each rate runs `SECONDS` of wall time: one slice
 * a second per line, spread over the second as in a drill; a rate passes when the receiver got every
 * number on both lines. "late drops": runs the rig itself dropped for being over 2 s late (send-queue.ts):
 * loss with none is the receiver's (its socket buffer), loss with some is the rig not keeping up.
 */
import { fork } from "node:child_process"
import { readFileSync } from "node:fs"
import dgram from "node:dgram"
import { Result } from "effect"
import { defaultEstatePath, parseEstate } from "../topology/load.ts"
import { buildModel } from "../topology/model.ts"
import { OmdFeed, type LineTarget } from "../twin/wire/omd/rig/feed.ts"
import { SendQueue } from "../twin/wire/omd/rig/send-queue.ts"

const SECONDS = 4
const RATES = [50_000, 100_000, 200_000, 400_000, 600_000, 800_000]
/** Book numbers start after the day's reference data (START_OF_DAY_MESSAGES). */
const FIRST = 20_001

const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

export const renderOmdWireBench = async (): Promise<string> => {
  const parsed = parseEstate("default", readFileSync(defaultEstatePath, "utf8"))
  if (Result.isFailure(parsed)) throw new Error("the default estate does not parse")
  const model = buildModel(parsed.success)
  const P = model.file.participants.find((p) => p.omdC.includes("SF"))!.id
  const socket = dgram.createSocket({ type: "udp4", reuseAddr: true })
  await new Promise<void>((r) => socket.bind(0, "127.0.0.1", () => r()))
  socket.setMulticastInterface("127.0.0.1")
  socket.setMulticastLoopback(true)
  socket.setMulticastTTL(1)
  socket.setSendBufferSize(4 << 20)
  const receiver = fork(new URL("./omd-wire-receiver.ts", import.meta.url))
  const reply = <T>() => new Promise<T>((r) => receiver.once("message", (m) => r(m as T)))
  const rows: Array<string> = []
  try {
    let t0 = 0
    let wall0 = 0
    const queue = new SendQueue((t) => wall0 + (t - t0) / 1_000)
    const feed = new OmdFeed({
      model,
      seed: 1,
      watched: [P],
      base: { octet: 205, port: 46_000 },
      queue,
      sink: (_node: string, target: LineTarget, packet: Uint8Array) => socket.send(packet, target.port, target.address),
      log: () => undefined
    })
    const lines = (["line-A", "line-B"] as const).map((role) => feed.target(P, "SF", role)!)
    receiver.send({ join: lines.map((l) => ({ address: l.address, port: l.port })) })
    await reply()
    let next = FIRST
    rows.push("omd-wire (rig → loopback multicast → receiver process; SF, both lines at once, 1× pacing)")
    rows.push(`  ${"msgs/s per line".padStart(16)} ${"sent per line".padStart(14)} ${"received A".padStart(11)} ${"received B".padStart(11)} ${"loss".padStart(8)} ${"CPU µs/msg".padStart(11)} ${"CPU %".padStart(6)} ${"late drops".padStart(10)}`)
    // Virtual time runs on from rate to rate (a line never goes back in time: feed.ts keeps its order).
    let virtual = 9 * 3_600_000_000
    for (const rate of RATES) {
      const first = next
      t0 = virtual
      virtual += (SECONDS + 1) * 1_000_000
      wall0 = Date.now()
      const cpu = process.cpuUsage()
      const droppedBefore = queue.dropped
      const started = performance.now()
      for (let s = 0; s < SECONDS; s++) {
        const at = t0 + s * 1_000_000
        for (const line of ["A", "B"] as const) {
          feed.tap({ at, participants: [P], from: `bench-pub-${line}/SF`, message: { _tag: "slice", channel: "omdc/SF", line, first: next, last: next + rate - 1, sendTime: at }, lost: [] })
        }
        next += rate
        feed.advanced([])
        // Wait for this second's wall time to pass (the queue sends as packets fall due).
        while (Date.now() < wall0 + (s + 1) * 1_000) await pause(5)
      }
      while (queue.size > 0) await pause(5)
      await pause(300)
      const used = process.cpuUsage(cpu)
      const wall = performance.now() - started
      receiver.send({ report: { from: first, to: next - 1 } })
      const { counts } = await reply<{ counts: Array<number> }>()
      const sent = next - first
      const lost = sent * 2 - counts[0]! - counts[1]!
      const micros = used.user + used.system
      rows.push(`  ${rate.toLocaleString("en").padStart(16)} ${sent.toLocaleString("en").padStart(14)} ${counts[0]!.toLocaleString("en").padStart(11)} ${counts[1]!.toLocaleString("en").padStart(11)} ${String(lost).padStart(8)} ${(micros / (sent * 2)).toFixed(3).padStart(11)} ${((100 * micros) / 1_000 / wall).toFixed(0).padStart(6)} ${String(queue.dropped - droppedBefore).padStart(10)}`)
      next += 1_000
    }
    const clean = rows.slice(2).filter((r) => r.trim().split(/ +/)[4] === "0").map((r) => Number(r.trim().split(/ +/)[0]!.replaceAll(",", "")))
    rows.push(`  highest rate with no loss on either line: ${clean.length === 0 ? "none" : `${Math.max(...clean).toLocaleString("en")} msgs/s per line`} (target 100,000)`)
    queue.close()
  } finally {
    receiver.send({ quit: true })
    socket.close()
  }
  return rows.join("\n")
}
