/**
 * `twin simulate`: run the estate through a window of the trading day on virtual time and write the trace
 * (NDJSON, docs/trace.md); print a summary of events and participants by health (`--json`: the same as an
 * object: window, events, trace lines, the trace's path, the parts it ran in, wall seconds, health at the end;
 * `--csv`: the health table, a row per service).
 */
import { Console, Effect, Option, Result } from "effect"
import { Command, Flag } from "effect/cli"
import { InputInvalid, issue } from "../../topology/input-issue.ts"
import { openOutput, outputFilePath } from "../../topology/output-file.ts"
import { isSeed, SEED_EXPECTED } from "../engine/seed.ts"
import { formatClock, parseClock } from "../engine/time.ts"
import { NdjsonTrace } from "../engine/trace.ts"
import { type PartProgress, splitRun } from "../simulate/simulate-in-parts.ts"
import { renderCsv } from "../contract/csv.ts"
import { cutoverState, json, loadValidEstate, moved } from "./estate-input.ts"
import { csv, outputFormat } from "./output-format.ts"
import { stoppedAt } from "./stopped.ts"
import { timetableFlag, timetableOfFlag } from "./timetable-flag.ts"
import { simulationWindow } from "../simulate/wiring.ts"

const estateFlag = Flag.String("estate").pipe(
  Flag.withDescription("Estate file (YAML or JSON) (default: the shipped estate, topology/default-estate.yaml)"),
  Flag.optional
)
const seed = Flag.Int("seed").pipe(Flag.withDescription("Seed of every random draw in the run (default 1)"), Flag.withDefault(1))
const from = Flag.String("from").pipe(Flag.withDescription("Start of the window, HH:MM[:SS] (default 06:00)"), Flag.withDefault("06:00"))
const to = Flag.String("to").pipe(Flag.withDescription("End of the window, HH:MM[:SS] (default 18:30)"), Flag.withDefault("18:30"))
const out = Flag.String("out").pipe(Flag.withDescription("Where to write the trace (NDJSON) (default trace.ndjson)"), Flag.withDefault("trace.ndjson"))
const workers = Flag.Int("workers").pipe(
  Flag.withDescription("Threads, each running parts one after another and taking the next when free: 2 runs the trading path and the other systems side by side, 1 all in this thread (same trace) (default 2)"),
  Flag.withDefault(2)
)
const tradingParts = Flag.Int("trading-parts").pipe(
  Flag.withDescription(
    "The OCG-C/OTP-C trading path in this many parts by participants, run in turn by the threads: faster at scale (about 500 participants a part), but not one world — messages of different parts' sessions no longer queue behind each other on a gateway-host pair (docs/scaling.md) (default 1)"
  ),
  Flag.withDefault(1)
)
/** Each part wires every gateway and host (~0.7 s at 6,000 participants): more parts than this only add that. */
const MAX_TRADING_PARTS = 64
const metricsEvery = Flag.Int("metrics-every").pipe(
  Flag.withDescription("Seconds between metrics samples in the trace (default 60)"),
  Flag.withDefault(60)
)

/** `otp-c to 10:30 (1517714 events) | otp-csc… to 14:20 (6012345 events)`: each part, by its first service. */
/**
 * How far the parts got, one entry per system's parts: a part alone as `otp-c to 09:40 (N events)`, the
 * trading path's parts by participants together (`otp-c in 12 parts to 18:30 ×7, 13:20, 2 not started (N
 * events)`) — a line of twelve parts' clocks would not fit a terminal.
 */
const progressLine = (parts: ReadonlyArray<PartProgress>): string => {
  const groups: Array<Array<PartProgress>> = []
  for (const p of parts) {
    const last = groups.at(-1)
    if (last !== undefined && last[0]!.services.join() === p.services.join()) last.push(p)
    else groups.push([p])
  }
  return groups.map(groupLine).join(" | ")
}

const clockOf = (p: PartProgress): string => (p.events === 0 ? "--:--" : formatClock(p.now).slice(0, 5))

const groupLine = (group: ReadonlyArray<PartProgress>): string => {
  const first = group[0]!
  const name = `${first.services[0]}${first.services.length > 1 ? "…" : ""}`
  const events = group.reduce((n, p) => n + p.events, 0)
  if (group.length === 1) return `${name} to ${clockOf(first)} (${events} events)`
  const at = new Map<string, number>()
  for (const p of group) if (p.events > 0) at.set(clockOf(p), (at.get(clockOf(p)) ?? 0) + 1)
  const clocks = [...at].sort(([a], [b]) => b.localeCompare(a)).map(([clock, n]) => (n > 1 ? `${clock} ×${n}` : clock))
  const waiting = group.filter((p) => p.events === 0).length
  const where = [...clocks, ...(waiting > 0 ? [`${waiting} not started`] : [])].join(", ")
  return `${name} in ${group.length} parts to ${where} (${events} events)`
}

/** `--csv`: participants by health at the end, one row per service. */
const healthCsv = (health: Record<string, Record<string, number>>): string =>
  renderCsv(["service", "served", "served_without_redundancy", "degraded", "down"], Object.entries(health).map(([service, c]) =>
    [service, c["served"], c["served-without-redundancy"], c["degraded"], c["down"]]))

const clockFlag = (name: string, text: string): Result.Result<number, InputInvalid> => {
  const t = parseClock(text)
  return t === undefined
    ? Result.fail(new InputInvalid({ file: `--${name}`, issues: [issue("", "a time of day HH:MM or HH:MM:SS", JSON.stringify(text))] }))
    : Result.succeed(t)
}

export const simulateCommand = Command.make(
  "simulate",
  { estate: estateFlag, seed, from, to, timetable: timetableFlag, out, moved, metricsEvery, workers, tradingParts, json, csv },
  (flags) =>
    Effect.gen(function*() {
      const format = yield* Effect.fromResult(outputFormat(flags))
      if (!isSeed(flags.seed)) return yield* new InputInvalid({ file: "--seed", issues: [issue("", SEED_EXPECTED, String(flags.seed))] })
      const valid = yield* loadValidEstate(flags.estate, { simulates: true, flag: "--estate" })
      const state = yield* Effect.fromResult(cutoverState(valid.model, flags.moved))
      const start = yield* Effect.fromResult(clockFlag("from", flags.from))
      const end = yield* Effect.fromResult(clockFlag("to", flags.to))
      const timetable = yield* timetableOfFlag(flags.timetable)
      if (end <= start) {
        return yield* new InputInvalid({ file: "--to", issues: [issue("", `a time after --from ${flags.from}`, JSON.stringify(flags.to))] })
      }
      if (flags.metricsEvery <= 0) {
        return yield* new InputInvalid({ file: "--metrics-every", issues: [issue("", "a number of seconds above 0", String(flags.metricsEvery))] })
      }
      if (flags.workers < 1) {
        return yield* new InputInvalid({ file: "--workers", issues: [issue("", "a number of threads, 1 or more", String(flags.workers))] })
      }
      if (flags.tradingParts < 1 || flags.tradingParts > MAX_TRADING_PARTS) {
        return yield* new InputInvalid({ file: "--trading-parts", issues: [issue("", `a number of parts from 1 to ${MAX_TRADING_PARTS}`, String(flags.tradingParts))] })
      }
      yield* outputFilePath(flags.out)
      const file = yield* openOutput(flags.out)
      const trace = new NdjsonTrace(file.write)
      const began = performance.now()
      // How far the run got, for the line printed if it is stopped: this thread's part at its last pause.
      let reached = start
      const summary = yield* splitRun({
        model: valid.model,
        seed: flags.seed,
        window: simulationWindow(start, end, timetable),
        workers: flags.workers,
        tradingParts: flags.tradingParts,
        trace,
        moved: [...state.moved],
        settings: valid.settings,
        metricsEvery: flags.metricsEvery * 1_000_000,
        // One updating line on a terminal; a line per step when stderr goes to a file or a pipe.
        onProgress: (parts) =>
          process.stderr.write(`${process.stderr.isTTY ? "\r" : ""}simulated ${progressLine(parts)}${process.stderr.isTTY ? "" : "\n"}`),
        onStep: (now) => void (reached = now)
      }, file.flush, Effect.sync(() => trace.clear()).pipe(Effect.andThen(file.restart))).pipe(stoppedAt(() => reached))
      trace.drain()
      yield* file.commit
      if (process.stderr.isTTY) process.stderr.write("\n")
      const seconds = (performance.now() - began) / 1000
      // The lanes the parts ran on: this thread and the workers, at most one per part (simulate-in-parts.ts).
      const threads = summary.oneWorld !== undefined ? 1 : Math.min(flags.workers, summary.parts.length)
      if (format === "csv") return yield* Effect.sync(() => void process.stdout.write(healthCsv(summary.health)))
      if (format === "json") {
        return yield* Console.log(JSON.stringify({
          from: summary.from,
          to: summary.to,
          events: summary.events,
          traceLines: trace.count,
          trace: flags.out,
          parts: summary.parts,
          ...(summary.oneWorld === undefined ? {} : { oneWorld: summary.oneWorld }),
          threads,
          wallSeconds: Math.round(seconds * 10) / 10,
          health: summary.health
        }, null, 2))
      }
      yield* Console.log(`${summary.from}–${summary.to}: ${summary.events} events, ${trace.count} trace lines in ${seconds.toFixed(1)} s → ${flags.out}`)
      yield* Console.log(
        summary.oneWorld === undefined
          ? `in ${summary.parts.length} parts (${summary.parts.map((p) => p.join(" ")).join(" | ")}), ${threads} thread(s)${flags.tradingParts > 1 ? `; the trading path in ${flags.tradingParts} parts by participants, not one world (docs/scaling.md)` : ""}`
          : `in one world: ${summary.oneWorld}`
      )
      yield* Console.log("participants by health at the end:")
      for (const [service, counts] of Object.entries(summary.health)) {
        yield* Console.log(`  ${service.padEnd(9)} ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(", ")}`)
      }
      return Option.none()
    }).pipe(Effect.scoped)
).pipe(
  Command.withDescription("Simulate a window of the trading day on virtual time and write the trace"),
  Command.withExamples([
    { command: "twin simulate --from 09:00 --to 10:00 --seed 7 --out /tmp/morning.ndjson", description: "An hour of the morning on the shipped estate" },
    { command: "twin simulate --moved all --from 09:00 --to 09:20 --json", description: "Every unit on the new backbone; the summary as JSON" },
    { command: "twin simulate --estate big.yaml --trading-parts 3", description: "A large estate's day with the trading path in three parts (faster; not one world)" }
  ])
)
