/**
 * `twin drill DRILL [--port P] [--host H] [--speed X] [--token T] [--out DIR] [--rig …] [--state DIR]`: a
 * training drill (docs/drills.md) — the drill's world paced to the wall clock behind a "start drill" gate,
 * the instructor page (the URL with the token) and the blind trainee page on `/drill`, the trainee's
 * diagnoses and actions scored against the ideal response (run meanwhile in a worker thread), everything
 * saved under out/drills/<drill>-<time>/ with a debrief; the real endpoints (twin/rig, `--rig` as in `twin
 * serve`) follow the drill's world. `twin drill debrief DIR` rebuilds a saved drill's score and debrief.
 */
import { Console, Effect, Option, Result } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { randomBytes } from "node:crypto"
import { resolve } from "node:path"
import { catalogues } from "../../scenarios/catalogues.ts"
import { loadDrill } from "../../scenarios/drill/load-drill.ts"
import { InputInvalid, issue } from "../../topology/input-issue.ts"
import { formatClock } from "../engine/time.ts"
import { DrillHub } from "../serve/drill/drill-hub.ts"
import { idealInWorker } from "../serve/drill/ideal-thread.ts"
import { rebuildDebrief, saveDrillRun } from "../serve/drill/save.ts"
import { DEFAULT_SPEED } from "../serve/pacer.ts"
import { MAX_SPEED, MIN_SPEED } from "../serve/protocol.ts"
import { listingLines } from "../rig/rig.ts"
import { startRigScoped } from "./rig-start.ts"
import { checkHost, hostFlag, listen, portFlag, rigFlag, stateFlag, viewerBuilt, warnIfExposed, warnIfShortToken } from "./serve-command.ts"

const invalid = (flag: string, expected: string, got: string) => new InputInvalid({ file: flag, issues: [issue("", expected, got)] })

const drillArg = Argument.String("DRILL").pipe(Argument.withDescription("A drill file (scenarios/drills/*.yaml), or `debrief` followed by a saved drill's folder"))
const dirArg = Argument.String("DIR").pipe(Argument.withDescription("With `debrief`: the saved drill's folder (out/drills/NAME-TIME)"), Argument.optional)
const speedFlag = Flag.Finite("speed").pipe(
  Flag.withDescription(`Simulated seconds per wall second, ${MIN_SPEED}–${MAX_SPEED} (default ${DEFAULT_SPEED})`),
  Flag.withDefault(DEFAULT_SPEED)
)
const tokenFlag = Flag.String("token").pipe(Flag.withDescription("The instructor's token (default: a random one, printed in the instructor URL)"), Flag.optional)
const outFlag = Flag.String("out").pipe(Flag.withDescription("Where drills are saved, one folder each (default out/drills)"), Flag.withDefault("out/drills"))
const estateFlag = Flag.String("estate").pipe(Flag.withDescription("Estate file (default: the drill's)"), Flag.optional)
const seedFlag = Flag.Int("seed").pipe(Flag.withDescription("Seed of every random draw, the hidden script's too (default: the drill's)"), Flag.optional)

const debrief = Effect.fn("Cli.drillDebrief")(function*(dir: string) {
  const rebuilt = yield* Effect.promise(() => rebuildDebrief(dir))
  if (Result.isFailure(rebuilt)) return yield* rebuilt.failure
  const [trainee, ideal] = rebuilt.success.runs
  yield* Console.log(`${rebuilt.success.drill.name}`)
  yield* Console.log(`trainee: ${trainee.score.marks.total}/${trainee.score.marks.max}, ${trainee.harm.totalDown} participant-minutes down, ${trainee.harm.totalDegraded} degraded`)
  yield* Console.log(`ideal:   ${ideal.score.marks.total}/${ideal.score.marks.max}, ${ideal.harm.totalDown} participant-minutes down, ${ideal.harm.totalDegraded} degraded`)
  yield* Console.log(`debrief: ${resolve(dir, "debrief.html")}`)
})

export const drillCommand = Command.make(
  "drill",
  { drill: drillArg, dir: dirArg, port: portFlag, host: hostFlag, speed: speedFlag, token: tokenFlag, out: outFlag, estate: estateFlag, seed: seedFlag, rig: rigFlag, state: stateFlag },
  (flags) =>
    Effect.gen(function*() {
      if (flags.drill === "debrief") {
        if (Option.isNone(flags.dir)) return yield* invalid("DIR", "a saved drill's folder after `debrief` (out/drills/NAME-TIME)", "nothing")
        return yield* debrief(flags.dir.value)
      }
      if (Option.isSome(flags.dir)) return yield* invalid("DIR", "nothing after DRILL (a folder only after `debrief`)", JSON.stringify(flags.dir.value))
      if (flags.port < 0 || flags.port > 65535) return yield* invalid("--port", "a port from 0 to 65535", String(flags.port))
      if (!(flags.speed >= MIN_SPEED && flags.speed <= MAX_SPEED)) return yield* invalid("--speed", `a speed from ${MIN_SPEED} to ${MAX_SPEED}`, String(flags.speed))
      const token = Option.getOrElse(flags.token, () => randomBytes(12).toString("hex"))
      if (!/^[A-Za-z0-9._~-]{8,}$/.test(token)) return yield* invalid("--token", "at least 8 letters, digits or . _ ~ -", JSON.stringify(token))
      const estate = Option.getOrUndefined(flags.estate)
      const seed = Option.getOrUndefined(flags.seed)
      const drill = yield* loadDrill(flags.drill, { estate, seed, catalogues })
      yield* checkHost(flags.host)
      yield* warnIfShortToken(flags.token)
      const viewer = yield* viewerBuilt
      const out = flags.out
      const hub = new DrillHub({
        drill,
        speed: flags.speed,
        token,
        ideal: () => idealInWorker({ path: resolve(flags.drill), estate: estate === undefined ? undefined : resolve(estate), seed }),
        save: (outcome) => saveDrillRun(out, outcome, new Date())
      })
      return yield* Effect.scoped(Effect.gen(function*() {
        // The real endpoints follow the drill's world: a trainee may watch a feed or log in with real tools.
        const rig = yield* startRigScoped({ session: hub.world, rig: flags.rig, host: flags.host, stateDir: flags.state, wallAt: (t) => hub.pacer.wallAt(t) })
        const serving = yield* listen({ host: flags.host, port: flags.port, viewer, traces: new Map(), drillHub: hub, rigListing: rig.listing })
        yield* warnIfExposed(serving)
        hub.run()
        const w = drill.scenario.window
        yield* Console.log(`${drill.name}, ${formatClock(w.from).slice(0, 5)}–${formatClock(w.to).slice(0, 5)} at ${flags.speed}×, waiting for the instructor to start`)
        yield* Console.log(`trainee:    ${serving.origin}/?drill`)
        yield* Console.log(`instructor: ${serving.origin}/?drill&token=${token}`)
        const lines = listingLines(rig.listing())
        if (lines.length > 0) yield* Console.log(`real endpoints (also ${serving.origin}/rig):\n  ${lines.join("\n  ")}`)
        yield* Console.error("Ctrl-C to stop (after the score, the drill is saved under " + out + ").")
        return yield* Effect.never
      }))
    })
).pipe(
  Command.withDescription("Training drill: a hidden fault script, a blind trainee page, an instructor page, scoring against the ideal response and a debrief; `twin drill debrief DIR` rebuilds a saved drill's debrief"),
  Command.withExamples([
    { command: "twin drill scenarios/drills/gateway-fails-sessions-to-secondary.yaml", description: "Prints the trainee and instructor URLs; the world waits for the instructor's start" },
    { command: "twin drill debrief out/drills/gateway-fails-sessions-to-secondary-20271205-093000Z", description: "Rebuilds the score and debrief of a saved drill" }
  ])
)
