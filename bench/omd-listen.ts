/**
 * `twin omd listen`'s feed handler under load: a child process sends both lines on loopback multicast at a
 * given rate (bench/omd-listen-sender.ts); this process runs the OmdListener and reports what it processed,
 * the gaps it saw (both lines lost the same numbers: the listener or the kernel could not keep up) and its
 * CPU per message. One channel, both lines, each message sent twice (A and B).
 */
import { fork } from "node:child_process"
import { OmdListener } from "../twin/wire/omd/listen/listener.ts"

interface Result {
  readonly rate: number
  readonly sent: number
  readonly processed: number
  readonly gaps: number
  readonly gapMessages: number
  readonly cpuUsPerMessage: number
}

const run = async (rate: number, seconds: number, port: number): Promise<Result> => {
  const lineA = { address: "239.255.250.1", port }
  const lineB = { address: "239.255.250.2", port: port + 1 }
  const listener = await OmdListener.start({ channels: [{ channel: "SS", channelId: 1, lineA, lineB }], rts: undefined, username: "bench" })
  const cpu0 = process.cpuUsage()
  const sender = fork(new URL("./omd-listen-sender.ts", import.meta.url), [lineA.address, String(lineA.port), lineB.address, String(lineB.port), String(rate), String(seconds)])
  const sent = await new Promise<number>((resolve) => sender.on("message", (m: { sent: number }) => resolve(m.sent)))
  await new Promise((r) => setTimeout(r, 300))
  const cpu = process.cpuUsage(cpu0)
  const report = await listener.stop()
  const ss = report.channels[0]!
  return {
    rate, sent, processed: ss.processed, gaps: ss.gaps, gapMessages: ss.gapMessages,
    cpuUsPerMessage: (cpu.user + cpu.system) / Math.max(1, ss.processed)
  }
}

export const renderOmdListenBench = async (): Promise<string> => {
  const lines = [
    "omd-listen: OmdListener (twin omd listen) on loopback, one channel, both lines from a sender process, 4 s per rate",
    "| messages/s per line | sent | processed | gaps (messages) | CPU µs per message (both copies) |",
    "|---:|---:|---:|---:|---:|"
  ]
  let port = 46_000 + Math.floor(Math.random() * 1000) * 2
  for (const rate of [50_000, 100_000, 200_000, 400_000]) {
    const r = await run(rate, 4, port)
    port += 2
    lines.push(`| ${rate.toLocaleString("en")} | ${r.sent.toLocaleString("en")} | ${r.processed.toLocaleString("en")} | ${r.gaps} (${r.gapMessages.toLocaleString("en")}) | ${r.cpuUsPerMessage.toFixed(2)} |`)
  }
  return lines.join("\n")
}
