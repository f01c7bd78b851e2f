/**
 * `npm run bench -- live [--minutes M] [--from HH:MM] [--warm M] [--before DIR] [--speed 1000|300] [--rig none|default] [--threads 1|2] [--trading-parts 1,3] [--series]`: whether the default estate's live world
 * keeps pace with the wall clock in trading hours (issue 22 item 2: ×1000 with `lagMs` p95 < 200 ms).
 *
 * Each row is the live world as `twin serve --from … --to …` builds it: the session, the hub and its pacer,
 * the HTTP server with one WebSocket client that says `hello` and reads every frame (JSON-parsed, as the
 * viewer does; in a child process, bench/live-client.ts, as a browser is), and for `rig default` the rig's endpoints for the first participant of each group (what
 * `twin serve` starts without `--rig`), on loopback, every OMD-C line sent as if joined (the rig's whole
 * cost; `twin serve` sends a line only while a receiver has joined it). The world runs from `--from` (09:30) for `--minutes`
 * (30) virtual minutes or until it has had `WALL_CAP_MS` of wall time. With `--warm M` the world opens M
 * minutes before `--from` and is run unpaced to it first: the row then measures a world already trading
 * (as one served from the morning is at 09:30), not one logging on and warming up its JIT at the open.
 *
 * Lag is measured by the bench, not read from the pacer: the pacer caps its debt at 2 s (maxLagMs) and
 * re-anchors, which would hide a world that falls behind for good. Here lag = (wall time since the start ×
 * speed − virtual time reached) / speed, sampled every `SAMPLE_MS` of wall time between the hub's ticks
 * (so a sample is taken when a tick has just ended: at most one tick's budget, 40 ms, under the worst);
 * `--series` prints each row's samples in order above it (where in the window the lag was made).
 * "v s / wall s" is the virtual seconds run per wall second over the whole row: the speed the world can
 * hold there; at ×1000 it must be ≥ 1,000. "v s / CPU s" divides by the process's CPU time instead: the
 * speed it would hold with a core of its own, the figure to compare on a shared, loaded machine.
 *
 * "engine alone" runs the same session without the hub, the server or the rig, in 1 min slices as fast as
 * it goes: the ceiling of any serve path (its µs per kernel event is the engine's). `--before DIR` runs
 * another checkout's serve path (e.g. /work/main) in the same process, row by row alternating with this
 * tree's, so a change is measured side by side on the same machine state; its modules are imported from
 * DIR (it must have the same serve API).
 *
 * `--threads`: rows with the world in one thread, in two (`twin serve --threads 2`: the trading path in a
 * worker thread, docs/live.md "Two threads"), or both (the default; another checkout, `--before`, runs the same). A
 * two-thread row writes the one-thread trace with each step's lines grouped by part, so each thread count
 * is checked against its own rows.
 */
import { fork } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { Result } from "effect"
import { flag } from "./flag.ts"

type SessionModule = typeof import("../twin/serve/live-session.ts")
type HubModule = typeof import("../twin/serve/live-hub.ts")
type ServerModule = typeof import("../twin/serve/server.ts")
type RigModule = typeof import("../twin/rig/rig.ts")
type WatchedModule = typeof import("../twin/rig/watched.ts")
type EndpointsModule = typeof import("../twin/wire/endpoints.ts")
type RigStartModule = typeof import("../twin/cli/rig-start.ts")
type OmdEndpointModule = typeof import("../twin/wire/omd/rig/omd-endpoint.ts")
type OmdRigEndpoint = import("../twin/wire/omd/rig/omd-endpoint.ts").OmdRigEndpoint
type LoadModule = typeof import("../topology/load.ts")
type ModelModule = typeof import("../topology/model.ts")
type SettingsModule = typeof import("../scenarios/settings/settings.ts")
type TimeModule = typeof import("../twin/engine/time.ts")
type RigEndpoint = import("../twin/rig/rig-endpoint.ts").RigEndpoint

const SAMPLE_MS = 100
const WALL_CAP_MS = 60_000
const TOKEN = "bench-live-token"

/** One serve path: this tree's or another checkout's (`--before`), every module imported from its root. */
interface ServePath {
  readonly label: string
  readonly session: SessionModule
  readonly hub: HubModule
  readonly server: ServerModule
  readonly rig: RigModule
  readonly watched: WatchedModule
  readonly endpoints: EndpointsModule
  readonly rigStart: RigStartModule
  readonly omd: OmdEndpointModule
  readonly load: LoadModule
  readonly model: ModelModule
  readonly settings: SettingsModule
  readonly time: TimeModule
}

const importFrom = async <M>(root: string, path: string): Promise<M> => await import(pathToFileURL(join(root, path)).href)

const loadServePath = async (root: string, label: string): Promise<ServePath> => ({
  label,
  session: await importFrom<SessionModule>(root, "twin/serve/live-session.ts"),
  hub: await importFrom<HubModule>(root, "twin/serve/live-hub.ts"),
  server: await importFrom<ServerModule>(root, "twin/serve/server.ts"),
  rig: await importFrom<RigModule>(root, "twin/rig/rig.ts"),
  watched: await importFrom<WatchedModule>(root, "twin/rig/watched.ts"),
  endpoints: await importFrom<EndpointsModule>(root, "twin/wire/endpoints.ts"),
  rigStart: await importFrom<RigStartModule>(root, "twin/cli/rig-start.ts"),
  omd: await importFrom<OmdEndpointModule>(root, "twin/wire/omd/rig/omd-endpoint.ts"),
  load: await importFrom<LoadModule>(root, "topology/load.ts"),
  model: await importFrom<ModelModule>(root, "topology/model.ts"),
  settings: await importFrom<SettingsModule>(root, "scenarios/settings/settings.ts"),
  time: await importFrom<TimeModule>(root, "twin/engine/time.ts")
})

interface Window {
  readonly from: string
  readonly minutes: number
  /** Minutes the world runs unpaced before `from` (`--warm`): the row then measures a world already trading. */
  readonly warm: number
}

/**
 * The default estate's live world as `twin serve --from --to` builds it (seed 1, nothing moved), opening
 * `warm` minutes before `from` and already run to `from`.
 */
const newSession = (serve: ServePath, window: Window, threads: 1 | 2, tradingParts: number) => {
  const parsed = serve.load.parseEstate("default", readFileSync(serve.load.defaultEstatePath, "utf8"))
  if (Result.isFailure(parsed)) throw new Error("the default estate does not parse")
  const model = serve.model.buildModel(parsed.success)
  const settings = serve.settings.estateSettings("default", model)
  if (Result.isFailure(settings)) throw new Error("the default estate's settings do not resolve")
  const from = serve.time.parseClock(window.from)
  if (from === undefined) throw new Error(`--from: expected HH:MM, got ${window.from}`)
  const session = new serve.session.LiveSession({
    model,
    seed: 1,
    window: { from: from - window.warm * 60_000_000, to: from + window.minutes * 60_000_000 },
    moved: [],
    settings: settings.success,
    ...(threads === 2 ? { threads } : {}),
    ...(tradingParts > 1 ? { tradingParts } : {})
  })
  session.advance(from)
  return session
}

interface LiveRow {
  readonly serve: string
  readonly speed: number
  readonly rig: "none" | "default"
  readonly wallMs: number
  readonly virtualSeconds: number
  readonly lags: ReadonlyArray<number>
  /** The lag samples in the order taken (`--series`). */
  readonly series: ReadonlyArray<number>
  readonly reached: string
  readonly over: boolean
  readonly clientEvents: number
  readonly logEvents: number
  readonly omdSent: number
  readonly omdDropped: number
  readonly cpuMs: number
  readonly steps: number
  /** The trace the world wrote (NDJSON lines), to check every row wrote the same. */
  readonly lines: ReadonlyArray<string>
  /** Two threads: wall s the serving thread ran its part / waited for the trading part (else undefined). */
  readonly parts: { readonly own: number; readonly wait: number } | undefined
}

/** Counts a two-thread session's split from now on (the warm-up before `from` is not the row's). */
const countPartsFromHere = (session: { readonly partTimes?: { ownMs: number; waitMs: number; mergeMs: number } | undefined }) => {
  if (session.partTimes !== undefined) Object.assign(session.partTimes, { ownMs: 0, waitMs: 0, mergeMs: 0 })
}

/** A two-thread session's split of its steps' wall time (a checkout or a thread count without it: none). */
const partsOf = (session: { readonly partTimes?: { ownMs: number; waitMs: number } | undefined }, threads: 1 | 2) =>
  threads === 2 && session.partTimes !== undefined ? { own: session.partTimes.ownMs / 1000, wait: session.partTimes.waitMs / 1000 } : undefined

const percentile = (sorted: ReadonlyArray<number>, p: number): number =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))


/** A row's label: the serve path's, and its threads when two. */
const labelOf = (serve: ServePath, threads: 1 | 2, tradingParts: number) =>
  (threads === 2 ? `${serve.label}, 2 threads${tradingParts > 1 ? `, ${tradingParts} parts` : ""}` : serve.label)

/** Ends a two-thread world's worker (a checkout without `close` has none). */
const closeSession = (session: { close?: () => Promise<void> }) => session.close?.() ?? Promise.resolve()

const runLive = async (serve: ServePath, window: Window, speed: number, rigChoice: "none" | "default", stateDir: string, threads: 1 | 2, tradingParts: number): Promise<LiveRow> => {
  const session = newSession(serve, window, threads, tradingParts)
  // Steps of the world (the hub's slices, the controls' catch-ups): how much virtual time one covers.
  let steps = 0
  const advance = session.advance.bind(session)
  session.advance = (t) => {
    steps++
    return advance(t)
  }
  const hub = new serve.hub.LiveHub({ session, speed, token: TOKEN, log: () => undefined })
  const omd: Array<OmdRigEndpoint> = []
  const rig = rigChoice === "none" ? undefined : await (async () => {
    const watched = serve.watched.watchedParticipants(session.model, undefined)
    if (Result.isFailure(watched)) throw new Error("no default participants to watch")
    // Every endpoint `twin serve` starts, in its order; the OMD-C one started here to read its counters.
    const factories = serve.endpoints.rigEndpoints.map((f) =>
      f.service !== "omd-c" ? f : {
        service: f.service,
        start: async (context: Parameters<typeof f.start>[0]): Promise<RigEndpoint> => {
          // Every watched line sent as if a receiver had joined it (the rig sends only joined lines since
          // 2026-12-07, and nothing joins here): the rig's whole cost, as trees before then always paid it.
          const e = await serve.omd.startOmdRig(context, { joined: () => true })
          omd.push(e)
          return e
        }
      }
    )
    return serve.rig.startRig(factories, {
      session,
      watched: watched.success,
      host: "127.0.0.1",
      stateDir,
      wallAt: serve.rigStart.epochWallAt((t) => hub.pacer.wallAt(t)),
      log: () => undefined
    })
  })()
  const serving = await serve.server.startServer({ host: "127.0.0.1", port: 0, viewer: undefined, traces: new Map(), hub })
  // The viewer in a process of its own (bench/live-client.ts), as a browser is: its parsing is not the server's.
  const client = fork(new URL("./live-client.ts", import.meta.url), [`ws://127.0.0.1:${serving.port}/live`])
  const reply = <T>() => new Promise<T>((resolve) => client.once("message", (m) => resolve(m as T)))
  const ready = await reply<{ ready?: boolean; error?: string }>()
  if (ready.error !== undefined) throw new Error(`the bench's client cannot connect: ${ready.error}`)
  await pause(50)
  const lags: Array<number> = []
  const v0 = session.now
  const cpu = process.cpuUsage()
  const w0 = performance.now()
  countPartsFromHere(session)
  hub.start()
  try {
    await new Promise<void>((resolve) => {
      const sampler = setInterval(() => {
        const wall = performance.now() - w0
        const ideal = wall * 1000 * speed
        lags.push(Math.max(0, (ideal - (session.now - v0)) / 1000 / speed))
        if (session.over || wall > WALL_CAP_MS) {
          clearInterval(sampler)
          resolve()
        }
      }, SAMPLE_MS)
    })
  } finally {
    hub.stop()
  }
  const wallMs = performance.now() - w0
  const used = process.cpuUsage(cpu)
  // Let the last frames reach the client before counting them.
  let clientEvents = 0
  for (let i = 0; i < 40; i++) {
    client.send({ count: true })
    clientEvents = (await reply<{ events: number }>()).events
    if (clientEvents >= session.lines.length) break
    await pause(50)
  }
  let omdSent = 0
  let omdDropped = 0
  for (const e of omd) {
    for (const n of e.sent.values()) omdSent += n
    omdDropped += e.queue.dropped
  }
  client.send({ quit: true })
  await new Promise<void>((resolve) => (client.connected ? client.once("exit", () => resolve()) : resolve()))
  await rig?.close()
  await serving.close()
  await closeSession(session)
  return {
    serve: labelOf(serve, threads, tradingParts),
    speed,
    rig: rigChoice,
    wallMs,
    virtualSeconds: (session.now - v0) / 1_000_000,
    lags: [...lags].sort((a, b) => a - b),
    series: lags,
    reached: serve.time.formatClock(session.now).slice(0, 8),
    over: session.over,
    clientEvents,
    logEvents: session.lines.length,
    omdSent,
    omdDropped,
    cpuMs: (used.user + used.system) / 1000,
    steps,
    lines: session.lines,
    parts: partsOf(session, threads)
  }
}

/** The session alone, as fast as it runs: the engine's ceiling for any serve path. */
const runEngineAlone = async (serve: ServePath, window: Window, threads: 1 | 2, tradingParts: number) => {
  const session = newSession(serve, window, threads, tradingParts)
  countPartsFromHere(session)
  const cpu = process.cpuUsage()
  const w0 = performance.now()
  let events = 0
  // In slices of a minute: the longest the hubs run (twin/serve/run-toward.ts), so the least per-slice cost.
  while (!session.over) events += session.advance(session.now + 60_000_000)
  const wallMs = performance.now() - w0
  const used = process.cpuUsage(cpu)
  const virtualSeconds = window.minutes * 60
  await closeSession(session)
  return { serve: labelOf(serve, threads, tradingParts), wallMs, events, virtualSeconds, cpuMs: (used.user + used.system) / 1000, parts: partsOf(session, threads) }
}

const n0 = (x: number) => Math.round(x).toLocaleString("en")
const splitOf = (parts: { readonly own: number; readonly wait: number } | undefined) => (parts === undefined ? "" : `${parts.own.toFixed(2)}/${parts.wait.toFixed(2)}`)

export const renderLiveBench = async (args: ReadonlyArray<string> = []): Promise<string> => {
  const window: Window = { from: flag(args, "--from") ?? "09:30", minutes: Number(flag(args, "--minutes") ?? 30), warm: Number(flag(args, "--warm") ?? 0) }
  if (!Number.isInteger(window.warm) || window.warm < 0) throw new Error(`--warm: expected whole minutes ≥ 0, got ${flag(args, "--warm")}`)
  const beforeDir = flag(args, "--before")
  const series = args.includes("--series")
  const here = await loadServePath(new URL("..", import.meta.url).pathname, "this tree")
  const before = beforeDir === undefined ? undefined : await loadServePath(beforeDir, `before (${beforeDir})`)
  const paths = before === undefined ? [here] : [before, here]
  const threadsArg = flag(args, "--threads") ?? "1,2"
  const threadCounts = threadsArg.split(",").map(Number)
  if (threadCounts.some((n) => n !== 1 && n !== 2)) throw new Error(`--threads: expected 1, 2 or 1,2, got ${threadsArg}`)
  // `--trading-parts K[,M]`: this tree's two-thread rows with the trading path in that many parts (default 1).
  const partsArg = flag(args, "--trading-parts") ?? "1"
  const partCounts = partsArg.split(",").map(Number)
  if (partCounts.some((n) => !Number.isInteger(n) || n < 1 || n > 16)) throw new Error(`--trading-parts: expected numbers from 1 to 16, got ${partsArg}`)
  // Another checkout runs each thread count asked for; this tree each, and its two threads with each part count.
  const runs = paths.flatMap((serve) =>
    threadCounts.flatMap((threads) =>
      (threads === 2 && serve === here ? partCounts : [1]).map((tradingParts) => ({ serve, threads: threads as 1 | 2, tradingParts }))
    )
  )
  const stateDir = mkdtempSync(join(tmpdir(), "bench-live-"))
  const out: Array<string> = []
  try {
    out.push(`live (default estate, ${window.from} + ${window.minutes} virtual min${window.warm > 0 ? ` after ${window.warm} min unpaced` : ""}, seed 1; lag uncapped, sampled every ${SAMPLE_MS} ms wall; a row stops after ${WALL_CAP_MS / 1000} s wall)`)
    out.push(`  ${"engine alone".padEnd(28)} ${"wall s".padStart(7)} ${"events".padStart(11)} ${"µs/event".padStart(9)} ${"v s / wall s".padStart(13)} ${"CPU s".padStart(6)} ${"v s / CPU s".padStart(12)} ${"own/wait s".padStart(11)}`)
    for (const { serve, threads, tradingParts } of runs) {
      const e = await runEngineAlone(serve, window, threads, tradingParts)
      out.push(`  ${e.serve.padEnd(28)} ${(e.wallMs / 1000).toFixed(2).padStart(7)} ${n0(e.events).padStart(11)} ${((e.wallMs * 1000) / e.events).toFixed(3).padStart(9)} ${n0(e.virtualSeconds / (e.wallMs / 1000)).padStart(13)} ${(e.cpuMs / 1000).toFixed(1).padStart(6)} ${n0(e.virtualSeconds / (e.cpuMs / 1000)).padStart(12)} ${splitOf(e.parts).padStart(11)}`)
    }
    out.push("")
    out.push(`  ${"serve path".padEnd(28)} ${"speed".padStart(6)} ${"rig".padEnd(8)} ${"wall s".padStart(7)} ${"v s / wall s".padStart(13)} ${"lag p50".padStart(8)} ${"p95".padStart(7)} ${"max ms".padStart(7)} ${"reached".padStart(9)} ${"client/log events".padStart(18)} ${"omd sent".padStart(10)} ${"omd dropped".padStart(12)} ${"CPU s".padStart(6)} ${"v s / CPU s".padStart(12)} ${"v ms/step".padStart(10)} ${"own/wait s".padStart(11)}`)
    const configs: ReadonlyArray<{ speed: number; rig: "none" | "default" }> = [
      { speed: 1000, rig: "none" },
      { speed: 1000, rig: "default" },
      { speed: 300, rig: "none" },
      { speed: 300, rig: "default" }
    ]
    const speedOnly = flag(args, "--speed")
    const rigOnly = flag(args, "--rig")
    // Every row's trace is the same world's: the same lines (a row cut short by the wall cap, a prefix of them),
    // per thread count (two threads group each step's lines by part).
    const references = new Map<string, ReadonlyArray<string>>()
    const differing: Array<string> = []
    for (const c of configs.filter((c) => (speedOnly === undefined || c.speed === Number(speedOnly)) && (rigOnly === undefined || c.rig === rigOnly))) {
      // Side by side: the before path then this tree's, for each configuration in turn.
      for (const { serve, threads, tradingParts } of runs) {
        const r = await runLive(serve, window, c.speed, c.rig, stateDir, threads, tradingParts)
        const reference = references.get(`${threads}/${tradingParts}`)
        const common = Math.min(reference?.length ?? 0, r.lines.length)
        for (let i = 0; i < common; i++) {
          if (r.lines[i] !== reference![i]) {
            differing.push(`${r.serve} ×${r.speed} ${r.rig} (line ${i + 1})`)
            break
          }
        }
        if (reference === undefined || r.lines.length > reference.length) references.set(`${threads}/${tradingParts}`, r.lines)
        if (series) out.push(`  lag ms every ${SAMPLE_MS} ms of wall: ${r.series.map(n0).join(" ")}`)
        out.push(
          `  ${r.serve.padEnd(28)} ${`×${r.speed}`.padStart(6)} ${r.rig.padEnd(8)} ${(r.wallMs / 1000).toFixed(2).padStart(7)} ${n0(r.virtualSeconds / (r.wallMs / 1000)).padStart(13)} ${n0(percentile(r.lags, 50)).padStart(8)} ${n0(percentile(r.lags, 95)).padStart(7)} ${n0(r.lags.at(-1) ?? 0).padStart(7)} ${`${r.reached}${r.over ? "" : "*"}`.padStart(9)} ${`${n0(r.clientEvents)}/${n0(r.logEvents)}`.padStart(18)} ${n0(r.omdSent).padStart(10)} ${n0(r.omdDropped).padStart(12)} ${(r.cpuMs / 1000).toFixed(1).padStart(6)} ${n0(r.virtualSeconds / (r.cpuMs / 1000)).padStart(12)} ${n0((r.virtualSeconds * 1000) / Math.max(1, r.steps)).padStart(10)} ${splitOf(r.parts).padStart(11)}`
        )
      }
    }
    const longest = Math.max(0, ...[...references.values()].map((r) => r.length))
    out.push(differing.length === 0 ? `  trace: every row wrote the same lines as the others of its thread and part count (${n0(longest)} in the longest)` : `  trace: DIFFERS in ${differing.join(", ")}`)
    out.push("  (* the row's wall cap ended it before the window's end; omd: packets handed to the sockets / shed for lateness;")
    out.push("   CPU s: this process's (the world, the server, the rig; the client is another process); v s / CPU s: the speed the")
    out.push("   serve path holds with a core of its own, what a loaded machine does not change much; v ms/step: virtual time a step covers;")
    out.push("   own/wait s, two threads: the serving thread's wall time running its part / waiting for the trading path's thread after it)")
  } finally {
    rmSync(stateDir, { recursive: true, force: true })
  }
  return out.join("\n")
}
