/**
 * `npm run soak [-- --minutes 60 --clients 20 --speed 60 --scenario FILE --seed 7]` (issue 16 "Keep"): the real
 * `twin serve` of the market rehearsal, paced at ×speed, with `clients` WebSocket clients that connect,
 * drop and reconnect (resyncing with `hello {have: N}`), two of them instructors injecting link faults.
 * Every minute: the server's JS heap (read through the inspector, `Runtime.getHeapUsage`) and RSS, the
 * simulated clock and lag, clients connected, reconnects, faults acked, and clients stuck (connected, asked,
 * no answer within 10 s). At the end every client must hold the same trace as a fresh client — the same
 * number of events, the same digest, in time order without a gap — and, if the day ended, up to its end.
 * Prints the table (Markdown, for docs/reliability.md); exits 1 on a stuck client or a trace that differs.
 *
 * The day of the market rehearsal is 12.5 simulated hours: at ×60 it ends after 12.5 wall minutes, and the
 * rest of the hour is clients reconnecting to a finished drill (each must still get the whole day and `end`).
 */
import { parseArgs } from "node:util"
import WebSocket from "ws"
import { Random } from "../fuzz/random.ts"
import { startServed } from "./served.ts"

const { values } = parseArgs({
  options: {
    minutes: { type: "string", default: "60" },
    clients: { type: "string", default: "20" },
    speed: { type: "string", default: "60" },
    scenario: { type: "string", default: "scenarios/library/market-rehearsal.yaml" },
    seed: { type: "string", default: "7" }
  }
})
const MINUTES = Number(values.minutes)
const CLIENTS = Number(values.clients)
const TOKEN = "soak-instructor-token-1"
const STUCK_MS = 10_000
const random = new Random(Number(values.seed))

// ---- the server, with its inspector on loopback so the soak can read its heap
const served = await startServed([values.scenario, "--port", "0", "--speed", values.speed, "--token", TOKEN])
const { liveUrl, heapMiB, rssMiB } = served
const serverLog = served.log

// ---- the clients
/** FNV-1a over the events' JSON, in order: two clients with the same digest hold the same trace. */
const digest = (h: number, text: string): number => {
  let x = h
  for (let i = 0; i < text.length; i++) x = Math.imul(x ^ text.charCodeAt(i), 16777619) >>> 0
  return x
}

interface Stats {
  reconnects: number
  resyncs: number
  acks: number
  refusals: number
  stuck: number
  outOfOrder: number
}
const stats: Stats = { reconnects: 0, resyncs: 0, acks: 0, refusals: 0, stuck: 0, outOfOrder: 0 }

class SoakClient {
  socket: WebSocket | undefined
  held = 0
  hash = 2166136261
  lastT = 0
  clock = 0
  lagMs = 0
  ended = false
  links: Array<string> = []
  /** The digest after every 1,000th event: clients compared at a count both hold (the log grows meanwhile). */
  readonly checkpoints = new Map<number, number>()
  /** Wall ms of a question not yet answered (a hello or a control). */
  asked: number | undefined
  readonly n: number
  readonly instructor: boolean
  constructor(n: number, instructor: boolean) {
    this.n = n
    this.instructor = instructor
  }

  connect(): Promise<void> {
    return new Promise((resolve) => {
      const ws = new WebSocket(liveUrl)
      this.socket = ws
      ws.on("open", () => {
        this.hello()
        resolve()
      })
      ws.on("message", (data) => this.receive(data.toString()))
      ws.on("error", () => {})
      ws.on("close", () => {
        if (this.socket === ws) this.socket = undefined
        resolve()
      })
    })
  }

  hello(): void {
    this.asked ??= Date.now()
    this.socket?.send(JSON.stringify({ type: "hello", have: this.held, ...(this.instructor ? { token: TOKEN } : {}) }))
  }

  private receive(text: string): void {
    this.asked = undefined
    const m = JSON.parse(text) as { type: string; from?: number; events?: Array<{ t: number; kind: string; data: { links?: Array<{ id: string; generation: string }> } }>; t?: number; lagMs?: number; ref?: number }
    if (m.type === "events") {
      if (m.from !== this.held) {
        // not where we are: ask again from where we are (the viewer's resync)
        stats.resyncs++
        this.hello()
        return
      }
      for (const e of m.events!) {
        if (e.t < this.lastT) stats.outOfOrder++
        this.lastT = e.t
        if (e.kind === "estate.layout") this.links = (e.data.links ?? []).filter((l) => l.generation === "old" || l.generation === "new").map((l) => l.id)
        this.hash = digest(this.hash, JSON.stringify(e))
        if ((this.held + 1) % 1000 === 0) this.checkpoints.set(this.held + 1, this.hash)
        this.held++
      }
    } else if (m.type === "clock") {
      this.clock = m.t!
      this.lagMs = m.lagMs!
    } else if (m.type === "end") this.ended = true
    else if (m.type === "ack") stats.acks++
    else if (m.type === "error" && m.ref !== undefined) stats.refusals++
  }

  async drop(): Promise<void> {
    const ws = this.socket
    if (ws === undefined) return
    await new Promise<void>((resolve) => {
      ws.once("close", () => resolve())
      random.int(2) === 0 ? ws.terminate() : ws.close()
    })
    this.socket = undefined
    this.asked = undefined
  }
}

const clients = Array.from({ length: CLIENTS }, (_, i) => new SoakClient(i, i < 2))
await Promise.all(clients.map((c) => c.connect()))

const began = Date.now()
const end = began + MINUTES * 60_000
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
/** Sleeps `ms`, or until the soak's end if that comes first (the loops below must not outlive it). */
const nap = (ms: number) => sleep(Math.max(0, Math.min(ms, end - 10_000 - Date.now())))

// churn: each client drops at random every 30 s – 3 min and is back within 0.5–3 s
const churn = async (c: SoakClient) => {
  while (Date.now() < end - 10_000) {
    await nap(30_000 + random.int(150_000))
    if (Date.now() >= end - 10_000) break
    await c.drop()
    await sleep(500 + random.int(2_500))
    stats.reconnects++
    await c.connect()
  }
}
// faults: each instructor injects a link-down for 2 simulated minutes every 45–120 s
let ref = 0
const inject = async (c: SoakClient) => {
  while (Date.now() < end - 10_000) {
    await nap(45_000 + random.int(75_000))
    if (Date.now() >= end - 10_000) break
    if (c.socket === undefined || c.links.length === 0 || c.ended) continue
    c.asked ??= Date.now()
    c.socket.send(JSON.stringify({ type: "inject", fault: { kind: "link-down", link: random.pick(c.links) }, for: "2m", token: TOKEN, ref: ++ref }))
  }
}
// stuck: every 5 s, a connected client with a question unanswered for 10 s is stuck; an ended drill sends no
// clocks, so each connected client is asked (hello) every 5 s once the day is over
const watch = async () => {
  while (Date.now() < end) {
    await sleep(5_000)
    for (const c of clients) {
      if (c.socket?.readyState !== WebSocket.OPEN) continue
      if (c.asked !== undefined && Date.now() - c.asked > STUCK_MS) {
        stats.stuck++
        console.error(`client ${c.n} stuck: no answer for ${Date.now() - c.asked} ms`)
        c.asked = undefined
      }
      if (c.ended) c.hello()
    }
  }
}

const rows: Array<string> = []
const report = async (minute: number) => {
  const heap = await heapMiB()
  const lead = clients.reduce((a, c) => (c.held > a.held ? c : a))
  const hh = new Date(lead.clock / 1000).toISOString().slice(11, 19)
  const connected = clients.filter((c) => c.socket?.readyState === WebSocket.OPEN).length
  const row = `| ${minute} | ${hh}${lead.ended ? " (end)" : ""} | ${lead.lagMs} | ${heap} | ${rssMiB()} | ${connected} | ${lead.held} | ${stats.reconnects} | ${stats.resyncs} | ${stats.acks} | ${stats.refusals} | ${stats.stuck} |`
  rows.push(row)
  console.error(row)
}
const header = "| minute | simulated | lag ms | heap MiB | RSS MiB | connected | events | reconnects | resyncs | faults acked | refused | stuck |\n|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
console.error(header)
await report(0)
const minutes = (async () => {
  for (let m = 1; m <= MINUTES; m++) {
    await sleep(Math.max(0, began + m * 60_000 - Date.now()))
    await report(m)
  }
})()
await Promise.all([...clients.map(churn), ...clients.filter((c) => c.instructor).map(inject), watch(), minutes])

// ---- the trace each client holds against a fresh client's
const fresh = new SoakClient(CLIENTS, false)
await fresh.connect()
await sleep(5_000)
for (const c of clients) if (c.socket === undefined) await c.connect()
await sleep(5_000)
// the same trace: the same digest at the last 1,000th event both hold, and (the day over) the same whole trace
const differ = clients.filter((c) => {
  const at = Math.floor(Math.min(c.held, fresh.held) / 1000) * 1000
  if (at > 0 && c.checkpoints.get(at) !== fresh.checkpoints.get(at)) return true
  return fresh.ended && (c.held !== fresh.held || c.hash !== fresh.hash)
})
const dayEnded = fresh.ended
console.log(`soak: ${MINUTES} min, ${CLIENTS} clients, ×${values.speed}, ${values.scenario}`)
console.log(header)
console.log(rows.join("\n"))
console.log(
  `\ntrace: a fresh client holds ${fresh.held} events${dayEnded ? ", up to the day's end" : " (the day had not ended)"}; ` +
    `${CLIENTS - differ.length} of ${CLIENTS} clients hold the same (digest at every 1,000th event${dayEnded ? ", and the whole day" : ""}); ` +
    `least held ${Math.min(...clients.map((c) => c.held))}; out of order: ${stats.outOfOrder}; stuck: ${stats.stuck}`
)
for (const c of differ) console.log(`client ${c.n}: ${c.held} events, digest ${c.hash.toString(16)} (fresh: ${fresh.hash.toString(16)})`)
const warnings = serverLog.filter((l) => /internal error|stopped at|Error/.test(l))
if (warnings.length > 0) console.log(`server said:\n${warnings.join("\n")}`)

for (const c of [...clients, fresh]) c.socket?.terminate()
served.stop()
process.exitCode = differ.length === 0 && stats.stuck === 0 && stats.outOfOrder === 0 ? 0 : 1
