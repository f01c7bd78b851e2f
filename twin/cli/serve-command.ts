/**
 * `twin serve [SCENARIO] [--port P] [--host H] [--speed X] [--token T] [--allow-origin O,…]`: a live drill — the world runs paced
 * to the wall clock and the viewer watches it over a WebSocket; an instructor (the URL with the token)
 * injects faults, starts phases and moves units, trainees watch. Without SCENARIO: the estate's trading day
 * with no cutover actions. `twin serve --trace FILE`: the viewer playing a recorded trace.
 * Stays up until Ctrl-C. docs/live.md describes the drill and the protocol.
 */
import { Console, Effect, Option } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { randomBytes } from "node:crypto"
import { existsSync, statSync } from "node:fs"
import { basename, resolve } from "node:path"
import { catalogues } from "../../scenarios/catalogues.ts"
import { loadScenario } from "../../scenarios/load.ts"
import { InputInvalid, issue } from "../../topology/input-issue.ts"
import { isSeed, SEED_EXPECTED } from "../engine/seed.ts"
import { formatClock, parseClock } from "../engine/time.ts"
import { LiveHub } from "../serve/live-hub.ts"
import { LiveSession, type LiveWorldSpec } from "../serve/live-session.ts"
import { DEFAULT_SPEED } from "../serve/pacer.ts"
import { MAX_SPEED, MIN_SPEED } from "../serve/protocol.ts"
import { isLoopback, ListenFailed, type Serving, startServer } from "../serve/server.ts"
import { ensureViewerBuilt } from "../serve/viewer-build.ts"
import { listingLines } from "../rig/rig.ts"
import { ocgSessionsOf } from "../models/ocg/index.ts"
import { cutoverState, loadValidEstate, moved } from "./estate-input.ts"
import { resolveWatched, startRigScoped } from "./rig-start.ts"
import { noTimetableWithScenario, timetableFlag, timetableOfFlag } from "./timetable-flag.ts"
import { simulationWindow } from "../simulate/wiring.ts"

export const scenarioArg = Argument.String("SCENARIO").pipe(
  Argument.withDescription("Scenario to drill (its phases run at their times); without it, the estate's trading day"),
  Argument.optional
)
export const portFlag = Flag.Int("port").pipe(Flag.withDescription("Port to listen on (0 picks a free one) (default 8080)"), Flag.withDefault(8080))
export const hostFlag = Flag.String("host").pipe(
  Flag.withDescription("Address to listen on (default 127.0.0.1, loopback; anything else exposes the drill to the network)"),
  Flag.withDefault("127.0.0.1")
)
export const speedFlag = Flag.Finite("speed").pipe(
  Flag.withDescription(`Simulated seconds per wall second, ${MIN_SPEED}–${MAX_SPEED} (default ${DEFAULT_SPEED}: a simulated minute per second)`),
  Flag.withDefault(DEFAULT_SPEED)
)
const tokenFlag = Flag.String("token").pipe(Flag.withDescription("The instructor's token (default: a random one, printed in the instructor URL)"), Flag.optional)
const traceFlag = Flag.String("trace").pipe(Flag.withDescription("Serve the viewer playing this trace (NDJSON) instead of a live world (default: none, a live world)"), Flag.optional)
export const estateFlag = Flag.String("estate").pipe(Flag.withDescription("Estate file (without SCENARIO) (default: the shipped estate)"), Flag.optional)
export const seedFlag = Flag.Int("seed").pipe(Flag.withDescription("Seed of every random draw (default: the scenario's, else 1)"), Flag.optional)
export const fromFlag = Flag.String("from").pipe(Flag.withDescription("Without SCENARIO: start of the day, HH:MM[:SS] (default 06:00)"), Flag.withDefault("06:00"))
export const toFlag = Flag.String("to").pipe(Flag.withDescription("Without SCENARIO: end of the day, HH:MM[:SS] (default 18:30)"), Flag.withDefault("18:30"))

export const rigFlag = Flag.String("rig").pipe(
  Flag.withDescription("Participants whose real feeds and sessions the rig serves on loopback: P1,P2 · group:NAME · none (default: the first participant of each participant group)"),
  Flag.optional
)
export const stateFlag = Flag.String("state").pipe(
  Flag.withDescription("Folder for the rig's lasting state: host and participants' keys, users' folders (default out/rig)"),
  Flag.withDefault("out/rig")
)
const realSessionsFlag = Flag.Boolean("real-sessions").pipe(
  Flag.withDescription("The watched participants' OCG-C sessions are the real FIX clients' only: the model runs no BSS of its own for their Comp IDs, their Logons and orders go to the model's OCG-C gateways and OTP-C host and the reports they get are the model's (default: off, the endpoint runs its own OTP-C and the model's BSS runs beside them)"),
  Flag.withDefault(false)
)
const threadsFlag = Flag.Int("threads").pipe(
  Flag.withDescription("Without SCENARIO: 2 runs the OCG-C/OTP-C trading path in a thread of its own beside the other systems, for speeds up to ×1000 (docs/live.md \"Two threads\"); not with --real-sessions (default 1: one world in one thread)"),
  Flag.withDefault(1)
)
const tradingPartsFlag = Flag.Int("trading-parts").pipe(
  Flag.withDescription("With --threads 2: the OCG-C/OTP-C trading path in this many parts by participants, all but the last in the worker thread and the last beside the other systems, so that both cores carry it (4: the default estate's best on two cores, ×1000 on average, lag p95 110–320 ms with the rig, under 200 in 23 of 32 runs); not one world, as `twin simulate --trading-parts` (docs/live.md \"Two threads\") (default 1)"),
  Flag.withDefault(1)
)
/** More parts than this only repeat each part's wiring. */
const MAX_TRADING_PARTS = 16
const allowOriginFlag = Flag.String("allow-origin").pipe(
  Flag.withDescription("Other origins whose pages may open the live channel, comma-separated (e.g. https://drills.example:8443); the server's own always may (default: none but the server's own)"),
  Flag.optional
)

const invalid = (flag: string, expected: string, got: string) => new InputInvalid({ file: flag, issues: [issue("", expected, got)] })

/** Listens, or fails with `--port:`/`--host:` and what went wrong; closed when the scope ends. */
export const listen = (options: Parameters<typeof startServer>[0]) =>
  Effect.acquireRelease(
    Effect.tryPromise({
      try: () => startServer(options),
      catch: (e) =>
        e instanceof ListenFailed && (e.code === "EADDRINUSE" || e.code === "EACCES")
          ? invalid("--port", "a free port (--port 0 picks one)", `${options.port} (${e.message})`)
          : invalid("--host", "an address of this machine to listen on", `${JSON.stringify(options.host)} (${e instanceof Error ? e.message : String(e)})`)
    }),
    (serving: Serving) => Effect.promise(() => serving.close())
  )

export const viewerBuilt = Effect.tryPromise({
  try: () => ensureViewerBuilt((line) => process.stderr.write(`${line}\n`)),
  catch: (e) => invalid("viewer", "a viewer that builds", e instanceof Error ? e.message : String(e))
})

/** Judged on the address actually bound (`127.1` and `::ffff:127.0.0.1` are loopback; `0.0.0.0` is not). */
export const warnIfExposed = (serving: Serving) =>
  isLoopback(serving.address)
    ? Effect.void
    : Console.error(`twin serve: warning: listening on ${serving.host} (${serving.address}), not loopback: anyone who can reach it can watch, and the token travels in plain HTTP`)

/** A token chosen by hand and short enough to guess gets a warning (the generated one is 24 hex digits). */
export const warnIfShortToken = (given: Option.Option<string>) =>
  Option.isSome(given) && given.value.length < 16
    ? Console.error(`twin serve: warning: --token has ${given.value.length} characters; a guessable token lets anyone on the network instruct (leave it out for a random one)`)
    : Effect.void

export const checkHost = (host: string) =>
  host.trim() === ""
    ? Effect.fail(invalid("--host", "an address to listen on (default 127.0.0.1; 0.0.0.0 for every address, on purpose)", JSON.stringify(host)))
    : Effect.void

/** `--allow-origin a,b` → the origins, each `http(s)://host[:port]` with nothing after it. */
const allowedOrigins = (flag: Option.Option<string>) =>
  Effect.gen(function*() {
    if (Option.isNone(flag)) return []
    const out: Array<string> = []
    for (const text of flag.value.split(",").map((o) => o.trim())) {
      let url: URL | undefined
      try {
        url = new URL(text)
      } catch {
        url = undefined
      }
      if (url === undefined || !/^https?:$/.test(url.protocol) || url.origin !== text.replace(/\/+$/, "")) {
        return yield* invalid("--allow-origin", "origins like https://host:port, comma-separated", JSON.stringify(text))
      }
      out.push(url.origin)
    }
    return out
  })

/** Serves the viewer playing `traceFile` until Ctrl-C (also `twin run --view`). */
export const servePlayback = Effect.fn("Cli.servePlayback")(function*(
  traceFile: string,
  net: { host: string; port: number; allowOrigins?: ReadonlyArray<string> }
) {
  if (!existsSync(traceFile) || !statSync(traceFile).isFile()) return yield* invalid("--trace", "a trace file (NDJSON)", JSON.stringify(traceFile))
  const viewer = yield* viewerBuilt
  const name = basename(traceFile).endsWith(".ndjson") ? basename(traceFile) : `${basename(traceFile)}.ndjson`
  yield* checkHost(net.host)
  yield* Effect.scoped(Effect.gen(function*() {
    const serving = yield* listen({ host: net.host, port: net.port, viewer, traces: new Map([[name, resolve(traceFile)]]), allowOrigins: net.allowOrigins ?? [] })
    yield* warnIfExposed(serving)
    yield* Console.log(`viewer: ${serving.origin}/?trace=/trace/${encodeURIComponent(name)}`)
    yield* Console.error("Ctrl-C to stop.")
    return yield* Effect.never
  }))
})

export const liveWorld = Effect.fn("Cli.liveWorld")(function*(flags: {
  scenario: Option.Option<string>
  estate: Option.Option<string>
  seed: Option.Option<number>
  from: string
  to: string
  timetable: Option.Option<string>
  moved: Option.Option<string>
}) {
  if (Option.isSome(flags.seed) && !isSeed(flags.seed.value)) return yield* invalid("--seed", SEED_EXPECTED, String(flags.seed.value))
  if (Option.isSome(flags.scenario)) {
    yield* noTimetableWithScenario(flags.timetable)
    const scenario = yield* loadScenario(flags.scenario.value, { estate: Option.getOrUndefined(flags.estate), seed: Option.getOrUndefined(flags.seed), catalogues })
    return { spec: { scenario } satisfies LiveWorldSpec, title: scenario.name }
  }
  const valid = yield* loadValidEstate(flags.estate, { simulates: true, flag: "--estate" })
  const state = yield* Effect.fromResult(cutoverState(valid.model, flags.moved))
  const from = parseClock(flags.from)
  const to = parseClock(flags.to)
  if (from === undefined) return yield* invalid("--from", "a time of day HH:MM or HH:MM:SS", JSON.stringify(flags.from))
  if (to === undefined || to <= from) return yield* invalid("--to", `a time of day after --from ${flags.from}`, JSON.stringify(flags.to))
  const timetable = yield* timetableOfFlag(flags.timetable)
  const spec: LiveWorldSpec = {
    model: valid.model,
    seed: Option.getOrElse(flags.seed, () => 1),
    window: simulationWindow(from, to, timetable),
    moved: [...state.moved],
    settings: valid.settings
  }
  return { spec, title: `${valid.model.file.name}: ${timetable === "half-day" ? "half " : ""}trading day, no cutover actions` }
})

export const serveCommand = Command.make(
  "serve",
  {
    scenario: scenarioArg,
    port: portFlag,
    host: hostFlag,
    speed: speedFlag,
    token: tokenFlag,
    trace: traceFlag,
    estate: estateFlag,
    seed: seedFlag,
    from: fromFlag,
    to: toFlag,
    timetable: timetableFlag,
    moved,
    allowOrigin: allowOriginFlag,
    rig: rigFlag,
    realSessions: realSessionsFlag,
    threads: threadsFlag,
    tradingParts: tradingPartsFlag,
    state: stateFlag
  },
  (flags) =>
    Effect.gen(function*() {
      if (flags.port < 0 || flags.port > 65535) return yield* invalid("--port", "a port from 0 to 65535", String(flags.port))
      const allowOrigins = yield* allowedOrigins(flags.allowOrigin)
      if (Option.isSome(flags.trace)) {
        if (Option.isSome(flags.scenario)) return yield* invalid("--trace", "either SCENARIO (live) or --trace FILE (playback), not both", JSON.stringify(flags.trace.value))
        return yield* servePlayback(flags.trace.value, { host: flags.host, port: flags.port, allowOrigins })
      }
      if (!(flags.speed >= MIN_SPEED && flags.speed <= MAX_SPEED)) return yield* invalid("--speed", `a speed from ${MIN_SPEED} to ${MAX_SPEED}`, String(flags.speed))
      const token = Option.getOrElse(flags.token, () => randomBytes(12).toString("hex"))
      if (!/^[A-Za-z0-9._~-]{8,}$/.test(token)) return yield* invalid("--token", "at least 8 letters, digits or . _ ~ -", JSON.stringify(token))
      if (flags.threads !== 1 && flags.threads !== 2) return yield* invalid("--threads", "1 or 2", String(flags.threads))
      if (flags.threads === 2 && Option.isSome(flags.scenario)) {
        return yield* invalid("--threads", "1 with a SCENARIO (its checks and phase gates read one world)", "2")
      }
      if (flags.threads === 2 && flags.realSessions) {
        return yield* invalid("--threads", "1 with --real-sessions (their stand-ins run in the trading path's thread, the endpoint in this one)", "2")
      }
      if (flags.tradingParts < 1 || flags.tradingParts > MAX_TRADING_PARTS) {
        return yield* invalid("--trading-parts", `a number of parts from 1 to ${MAX_TRADING_PARTS}`, String(flags.tradingParts))
      }
      if (flags.tradingParts > 1 && flags.threads !== 2) {
        return yield* invalid("--trading-parts", "1 without --threads 2 (the parts share the trading path between the two threads)", String(flags.tradingParts))
      }
      const { spec, title } = yield* liveWorld(flags)
      const viewer = yield* viewerBuilt
      const model = "scenario" in spec ? spec.scenario.model : spec.model
      const watched = yield* resolveWatched(model, flags.rig)
      // --real-sessions: the watched participants' Comp IDs are driven by real FIX clients only.
      const realOcgSessions = flags.realSessions ? ocgSessionsOf(model.file.participants).filter((r) => watched.includes(r.participant)).map((r) => r.compId) : []
      const session = new LiveSession({
        ...spec,
        realOcgSessions,
        ...(flags.threads === 2 ? { threads: 2 as const } : {}),
        ...(flags.tradingParts > 1 ? { tradingParts: flags.tradingParts } : {})
      })
      const hub = new LiveHub({ session, speed: flags.speed, token })
      yield* checkHost(flags.host)
      yield* warnIfShortToken(flags.token)
      return yield* Effect.scoped(Effect.gen(function*() {
        const rig = yield* startRigScoped({ session, rig: flags.rig, host: flags.host, stateDir: flags.state, wallAt: (t) => hub.pacer.wallAt(t) })
        const serving = yield* listen({ host: flags.host, port: flags.port, viewer, traces: new Map(), hub, allowOrigins, rigListing: rig.listing })
        yield* warnIfExposed(serving)
        hub.start()
        const window = `${formatClock(session.window.from).slice(0, 5)}–${formatClock(session.window.to).slice(0, 5)}`
        yield* Console.log(`${title}, ${window} at ${flags.speed}×`)
        yield* Console.log(`trainee:    ${serving.origin}/?live`)
        yield* Console.log(`instructor: ${serving.origin}/?live&token=${token}`)
        const lines = listingLines(rig.listing())
        if (lines.length > 0) yield* Console.log(`real endpoints (also ${serving.origin}/rig):\n  ${lines.join("\n  ")}`)
        yield* Console.error("Ctrl-C to stop.")
        return yield* Effect.never
      }))
    })
).pipe(
  Command.withDescription("Live drill: run the world on the wall clock and serve the viewer (instructor and trainee views); or --trace FILE to play a trace"),
  Command.withExamples([
    { command: "twin serve scenarios/library/drills/gateway-fails-at-open.yaml", description: "A live drill: prints the trainee and the instructor URLs" },
    { command: "twin serve --trace out/cutover-rehearsal/trace.ndjson --port 0", description: "The viewer playing a recorded trace, on a free port" }
  ])
)
