/**
 * A `twin serve`-like world for the rig's OMD-C tests: a LiveSession and startRig with the OMD-C endpoint
 * only, every packet due as soon as queued (the test steps the world itself and waits for the sends), raw UDP
 * receivers joined to a participant's groups, and a recorder on the tap (what the twin says arrived).
 */
import net from "node:net"
import { readFileSync } from "node:fs"
import { Result } from "effect"
import { defaultEstatePath, parseEstate } from "../../../../../topology/load.ts"
import { buildModel, type EstateModel } from "../../../../../topology/model.ts"
import type { Micros } from "../../../../../twin/engine/time.ts"
import { startRig, type Rig } from "../../../../../twin/rig/rig.ts"
import type { RigListing } from "../../../../../twin/rig/rig-endpoint.ts"
import { LiveSession } from "../../../../../twin/serve/live-session.ts"
import type { Settings } from "../../../../../twin/settings/settings.ts"
import type { OmdArrival } from "../../../../../twin/simulate/taps.ts"
import { decodePacket, isOmdDecodeError, type DecodedPacket, PacketFramer } from "../../../../../twin/wire/omd/index.ts"
import { startLineReceiver } from "./line-receiver.ts"
import { type OmdRigEndpoint, type OmdRigOptions, startOmdRig } from "../../../../../twin/wire/omd/rig/omd-endpoint.ts"

export { tiny, NINE, minutes } from "../../../serve/support.ts"

let defaultModel: EstateModel | undefined
export const defaultEstate = (): EstateModel => {
  if (defaultModel !== undefined) return defaultModel
  const parsed = parseEstate("default", readFileSync(defaultEstatePath, "utf8"))
  if (Result.isFailure(parsed)) throw new Error("the default estate does not parse")
  return (defaultModel = buildModel(parsed.success))
}

export const seconds = (s: number): Micros => s * 1_000_000

export interface RigWorld {
  readonly live: LiveSession
  readonly rig: Rig
  readonly omd: OmdRigEndpoint
  /** Every tap arrival at a watched participant (what the twin says arrived). */
  readonly arrivals: Array<OmdArrival>
  readonly logs: Array<string>
  /** Runs the world to `to` in steps of `step`, letting the rig send after each. */
  readonly runTo: (to: Micros, step?: Micros) => Promise<void>
  readonly close: () => Promise<void>
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export const startRigWorld = async (options: {
  readonly model: EstateModel
  readonly watched: ReadonlyArray<string>
  readonly window: { readonly from: Micros; readonly to: Micros }
  readonly rig: OmdRigOptions
  readonly seed?: number
  readonly settings?: Settings
  /** 2: the live world in two parts (the trading path in a worker thread, twin serve --threads 2). */
  readonly threads?: 1 | 2
}): Promise<RigWorld> => {
  const live = new LiveSession({
    model: options.model,
    seed: options.seed ?? 7,
    window: options.window,
    moved: [],
    ...(options.settings === undefined ? {} : { settings: options.settings }),
    ...(options.threads === 2 ? { threads: 2 as const } : {})
  })
  const logs: Array<string> = []
  let omd: OmdRigEndpoint | undefined
  /** Whether the rig may send now (`runTo` lets it, one turn at a time). */
  let sending = false
  const rig = await startRig([{ service: "omd-c", start: async (ctx) => (omd = await startOmdRig(ctx, options.rig)) }], {
    session: live,
    watched: options.watched,
    host: "127.0.0.1",
    stateDir: "/tmp/omd-rig-test",
    // While `runTo` lets it send, everything queued is due (never late: the rig drops packets over 2 s late);
    // otherwise nothing is (as while paused).
    wallAt: () => (sending ? Date.now() - 1 : undefined),
    log: (line) => logs.push(line)
  })
  const arrivals: Array<OmdArrival> = []
  const watched = new Set(options.watched)
  const inner = live.taps.omd!
  live.taps.omd = (a) => {
    if (a.participants.some((p) => watched.has(p))) arrivals.push({ ...a, participants: [...a.participants] })
    inner(a)
  }
  const endpoint = omd!
  return {
    live,
    rig,
    omd: endpoint,
    arrivals,
    logs,
    runTo: async (to, step = 200_000) => {
      while (live.now < to) {
        live.advance(Math.min(to, live.now + step))
        // Every queued packet goes out, one turn of the rig's queue at a time (at most MAX_TURN, 1,024
        // packets, ~2.3 MB of a receiver's 4 MB buffer), each read by the receivers before the next: a
        // receiver starved by a loaded machine then cannot overflow, however long it waits (seen in CI: a
        // block of 964–2,184 numbers missing on one line when the rig sent turn after turn meanwhile; earlier,
        // 10,546 numbers of a 30,000-message refresh snapshot, when a whole step was read at once).
        for (let i = 0; i < 20_000 && endpoint.queue.size > 0; i++) {
          sending = true
          endpoint.queue.drainSoon()
          await new Promise<void>((resolve) => setImmediate(resolve))
          sending = false
          for (const r of receivers) await r.sync()
        }
        await pause(3)
        for (const r of receivers) await r.sync()
      }
      await pause(50)
      for (const r of receivers) await r.sync()
    },
    close: () => rig.close().then(() => live.close())
  }
}

export interface Received {
  readonly packets: Array<DecodedPacket>
  readonly errors: Array<string>
  /** The sequence numbers of the messages received (not the Sequence Reset's packet), in arrival order. */
  readonly seqs: () => Array<number>
  readonly close: () => Promise<void>
}

/** The receivers open now: `runTo` waits for each to have read everything sent, after every step. */
const receivers = new Set<{ readonly sync: () => Promise<void> }>()

/**
 * A raw UDP receiver joined to `line`'s group on loopback, decoding with the codec. It reads on its own
 * thread (line-receiver.ts: on a loaded machine a reader on this loop falls behind the rig's bursts);
 * `packets` holds what it read up to the last `runTo`.
 */
export const joinLine = async (line: RigListing): Promise<Received> => {
  const packets: Array<DecodedPacket> = []
  const errors: Array<string> = []
  const reader = await startLineReceiver(line, (bytes) => {
    const d = decodePacket(bytes)
    if (isOmdDecodeError(d)) errors.push(`${d.reason} at ${d.offset}`)
    else packets.push(d)
  })
  receivers.add(reader)
  return {
    packets,
    errors,
    seqs: () => packets.flatMap((p) => (p.messages[0]?.msgType === 100 ? [] : Array.from({ length: p.header.msgCount }, (_, i) => p.header.seqNum + i))),
    close: async () => {
      receivers.delete(reader)
      await reader.close()
    }
  }
}

/** The numbers the tap says reached `participant` on `line` of `channel`, in arrival order. */
export const tapSeqs = (arrivals: ReadonlyArray<OmdArrival>, participant: string, channel: string, line: "A" | "B"): Array<number> => {
  const out: Array<number> = []
  for (const a of arrivals) {
    const m = a.message
    if (!a.participants.includes(participant) || !("channel" in m) || m.channel !== channel || !("line" in m) || m.line !== line) continue
    const lost = new Set(a.lost)
    if (m._tag === "slice") for (let s = m.first; s <= m.last; s++) { if (!lost.has(s)) out.push(s) }
    if ((m._tag === "session-status" || m._tag === "dr-signal") && !lost.has(m.seq)) out.push(m.seq)
  }
  return out
}

export const listed = (world: RigWorld, participant: string, channel: string, role: string): RigListing => {
  const l = world.rig.listing().find((x) => x.participant === participant && x.channel === channel && x.role === role)
  if (l === undefined) throw new Error(`no ${role} ${channel} for ${participant} on /rig`)
  return l
}

/** A raw RTS client: a TCP connection, packets cut by PktSize and decoded with the codec. */
export interface RtsClient {
  readonly packets: Array<DecodedPacket>
  readonly raw: Array<Uint8Array>
  readonly send: (bytes: Uint8Array) => void
  /** Resolves when `count` packets have come (or rejects after `timeoutMs`). */
  readonly waitFor: (count: number, timeoutMs?: number) => Promise<void>
  readonly closed: Promise<void>
  readonly close: () => Promise<void>
}

/** `echo`: answer the server's heartbeats with an exact copy (spec §4.3), as a live client does. */
export const rtsConnect = (address: string, port: number, echo = false): Promise<RtsClient> =>
  new Promise((resolve, reject) => {
    const socket = net.connect({ host: address, port })
    const framer = new PacketFramer()
    const packets: Array<DecodedPacket> = []
    const raw: Array<Uint8Array> = []
    const waiters: Array<() => void> = []
    let isClosed = false
    const closed = new Promise<void>((done) => socket.once("close", () => { isClosed = true; done(); for (const w of waiters.splice(0)) w() }))
    socket.on("data", (chunk) => {
      framer.push(chunk, (p) => {
        const d = decodePacket(p)
        if (echo && !isOmdDecodeError(d) && d.header.msgCount === 0) {
          socket.write(p)
          return
        }
        raw.push(p)
        if (!isOmdDecodeError(d)) packets.push(d)
      })
      for (const w of waiters.splice(0)) w()
    })
    socket.once("error", reject)
    socket.once("connect", () => {
      socket.off("error", reject)
      socket.on("error", () => undefined)
      resolve({
        packets,
        raw,
        send: (bytes) => void socket.write(bytes),
        waitFor: async (count, timeoutMs = 10_000) => {
          const deadline = Date.now() + timeoutMs
          while (packets.length < count) {
            if (Date.now() > deadline) throw new Error(`${packets.length} packets of ${count} within ${timeoutMs} ms`)
            if (isClosed) throw new Error(`connection closed after ${packets.length} packets of ${count}`)
            await new Promise<void>((r) => { waiters.push(r); setTimeout(r, 50) })
          }
        },
        closed,
        close: async () => {
          socket.destroy()
          await closed
        }
      })
    })
  })
