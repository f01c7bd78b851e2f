/**
 * OCG-C FIX endpoint round trips (`npm run bench -- fix`): New Order Single in → Execution Report (new)
 * out, through one session and through 100 sessions at once, on loopback. Each session is a closed loop
 * (the next order leaves when the last report arrives), so the figures are the endpoint's round-trip
 * latency (p50, p99) and the orders per second that latency allows. The clients are minimal writers of
 * pre-built frames in the same process (no FIX engine: this measures the gateway, codec and session
 * layer), sharing its cores with the server.
 */
import { generateKeyPairSync } from "node:crypto"
import { connect, type Socket } from "node:net"
import { encodeFrame, FrameReader } from "../twin/wire/ocg/codec/frame.ts"
import { utcTimestamp } from "../twin/wire/ocg/codec/timestamp.ts"
import { encryptPassword } from "../twin/wire/ocg/password.ts"
import { tcpListener } from "../twin/wire/ocg/listener.ts"
import { OcgCore } from "../twin/wire/ocg/session/core.ts"

const PASSWORD = "bench"

// SendingTime (52) now: the gateway refuses one more than 120 s from its clock, as a FIX engine's would be.
const frame = (compId: string, seq: number, body: ReadonlyArray<readonly [number, string]>) =>
  encodeFrame("FIXT.1.1", [body[0]!, [49, compId], [56, "HKEXOCG"], [34, String(seq)], [52, utcTimestamp(Date.now())], ...body.slice(1)])

interface Result {
  readonly orders: number
  readonly seconds: number
  readonly latenciesUs: Array<number>
}

const session = (port: number, compId: string, publicKey: ReturnType<typeof generateKeyPairSync>["publicKey"], until: number, sample: (us: number) => void): Promise<number> =>
  new Promise((resolve, reject) => {
    const socket: Socket = connect(port, "127.0.0.1")
    socket.setNoDelay(true)
    const reader = new FrameReader(1 << 20)
    let seq = 1
    let orders = 0
    let sentAt = 0n
    const sendOrder = () => {
      seq++
      sentAt = process.hrtime.bigint()
      socket.write(frame(compId, seq, [[35, "D"], [11, String(seq)], [48, "700"], [54, "1"], [38, "1000"], [40, "2"], [44, "100.5"], [60, "20261205-00:00:00"]]))
    }
    socket.on("connect", () => {
      socket.write(frame(compId, 1, [[35, "A"], [98, "0"], [108, "20"], [789, "1"], [554, encryptPassword(publicKey, PASSWORD, Date.now())], [1137, "9"]]))
    })
    socket.on("data", (chunk: Buffer) => {
      for (const f of reader.push(chunk)) {
        if ("_tag" in f) return reject(new Error(f.message))
        const type = f.fields[0]![1]
        if (type === "A") sendOrder()
        else if (type === "8") {
          sample(Number(process.hrtime.bigint() - sentAt) / 1000)
          orders++
          if (Date.now() < until) sendOrder()
          else {
            socket.destroy()
            resolve(orders)
          }
        } else if (type === "5" || type === "3" || type === "j") return reject(new Error(`unexpected ${type}`))
      }
    })
    socket.on("error", reject)
  })

export const benchFix = async (sessions: number, seconds: number): Promise<Result> => {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 })
  const compIds = Array.from({ length: sessions }, (_, i) => `CO${String(i + 1).padStart(5, "0")}`)
  const core = new OcgCore({
    sessions: compIds.map((compId) => ({ compId, participant: `P${compId}`, type: "trading" as const, gateways: new Set(["gw"]), password: PASSWORD, throttleMps: 1e9 })),
    clock: { now: () => 0, wallMs: () => Date.now(), over: () => false },
    privateKey,
    log: () => undefined,
    limits: { maxInboundPerSecond: 1e9 }
  })
  const listener = tcpListener("127.0.0.1", (port) => core.open("gw", port), () => undefined)
  await listener.open()
  try {
    const latenciesUs: Array<number> = []
    const t0 = performance.now()
    const until = Date.now() + seconds * 1000
    const counts = await Promise.all(compIds.map((c) => session(listener.port, c, publicKey, until, (us) => latenciesUs.push(us))))
    return { orders: counts.reduce((a, b) => a + b, 0), seconds: (performance.now() - t0) / 1000, latenciesUs }
  } finally {
    await listener.close()
  }
}

const percentile = (sorted: ReadonlyArray<number>, p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0

export const renderFixBench = async (): Promise<string> => {
  const lines = [
    "fix: OCG-C FIX endpoint, New Order Single → Execution Report round trips on loopback (closed loop per session; client and server share the process)",
    "| sessions | orders | seconds | orders/s | p50 µs | p99 µs |",
    "|---:|---:|---:|---:|---:|---:|"
  ]
  await benchFix(1, 0.5) // warm-up
  for (const n of [1, 100]) {
    const r = await benchFix(n, 3)
    const sorted = [...r.latenciesUs].sort((a, b) => a - b)
    lines.push(`| ${n} | ${r.orders.toLocaleString("en")} | ${r.seconds.toFixed(2)} | ${Math.round(r.orders / r.seconds).toLocaleString("en")} | ${Math.round(percentile(sorted, 50))} | ${Math.round(percentile(sorted, 99))} |`)
  }
  return lines.join("\n")
}
