/**
 * `twin ecp serve [SCENARIO]`: the ECP SFTP endpoint alone beside a live world paced to the wall clock
 * (no viewer): ports printed at start-up, Ctrl-C to stop. `twin ecp key P`: where participant P's private
 * key is (generated on first use), for `sftp -i`. docs/ecp-sftp.md.
 */
import { Console, Effect } from "effect"
import { Argument, Command } from "effect/cli"
import { randomBytes } from "node:crypto"
import { InputInvalid, issue } from "../../topology/input-issue.ts"
import { formatClock } from "../engine/time.ts"
import { listingLines } from "../rig/rig.ts"
import { LiveHub } from "../serve/live-hub.ts"
import { LiveSession } from "../serve/live-session.ts"
import { MAX_SPEED, MIN_SPEED } from "../serve/protocol.ts"
import { ecpSftpEndpoint } from "../wire/ecp/endpoint.ts"
import { EcpKeyRefused, ensureParticipantKey, participantKeyPath } from "../wire/ecp/keys.ts"
import { loadValidEstate, moved } from "./estate-input.ts"
import { startRigScoped } from "./rig-start.ts"
import { timetableFlag } from "./timetable-flag.ts"
import { estateFlag, fromFlag, hostFlag, liveWorld, rigFlag, scenarioArg, seedFlag, speedFlag, stateFlag, toFlag } from "./serve-command.ts"

const invalid = (flag: string, expected: string, got: string) => new InputInvalid({ file: flag, issues: [issue("", expected, got)] })

const serve = Command.make(
  "serve",
  { scenario: scenarioArg, host: hostFlag, speed: speedFlag, estate: estateFlag, seed: seedFlag, from: fromFlag, to: toFlag, timetable: timetableFlag, moved, rig: rigFlag, state: stateFlag },
  (flags) =>
    Effect.gen(function*() {
      if (!(flags.speed >= MIN_SPEED && flags.speed <= MAX_SPEED)) return yield* invalid("--speed", `a speed from ${MIN_SPEED} to ${MAX_SPEED}`, String(flags.speed))
      const { spec, title } = yield* liveWorld(flags)
      const session = new LiveSession(spec)
      const hub = new LiveHub({ session, speed: flags.speed, token: randomBytes(12).toString("hex") })
      return yield* Effect.scoped(Effect.gen(function*() {
        const rig = yield* startRigScoped({ session, rig: flags.rig, host: flags.host, stateDir: flags.state, wallAt: (t) => hub.pacer.wallAt(t), endpoints: [ecpSftpEndpoint] })
        yield* Effect.addFinalizer(() => Effect.sync(() => hub.stop()))
        hub.start()
        yield* Console.log(`${title}, ${formatClock(session.window.from).slice(0, 5)}–${formatClock(session.window.to).slice(0, 5)} at ${flags.speed}×`)
        const lines = listingLines(rig.listing())
        yield* Console.log(lines.length > 0 ? `ECP SFTP (user = participant id, key: twin ecp key P --state ${flags.state}):\n  ${lines.join("\n  ")}` : "no watched participant uses ECP (--rig)")
        yield* Console.error("Ctrl-C to stop.")
        return yield* Effect.never
      }))
    })
).pipe(
  Command.withDescription("The ECP SFTP endpoint beside a live world (no viewer): one port per watched participant and ECP server"),
  Command.withExamples([
    { command: "twin ecp serve --rig P0001 --from 17:55", description: "P0001's SFTP on every ECP server; its evening files appear from 18:00" },
    { command: "twin ecp serve scenarios/library/drills/gateway-fails-at-open.yaml --rig none", description: "A drill's world with no SFTP user (ports for --rig participants only)" }
  ])
)

const participantArg = Argument.String("P").pipe(Argument.withDescription("Participant id (the SFTP user)"))

const key = Command.make("key", { participant: participantArg, state: stateFlag, estate: estateFlag }, (flags) =>
  Effect.gen(function*() {
    const valid = yield* loadValidEstate(flags.estate, { simulates: false, flag: "--estate" })
    const p = valid.model.participantById.get(flags.participant)
    if (p === undefined) return yield* invalid("P", `a participant id of ${valid.model.file.name}`, JSON.stringify(flags.participant))
    if (!p.ecp) return yield* invalid("P", `a participant that uses ECP (ecp: true in ${valid.model.file.name})`, JSON.stringify(flags.participant))
    yield* Effect.try({
      try: () => ensureParticipantKey(flags.state, flags.participant),
      catch: (e) => (e instanceof EcpKeyRefused ? invalid(e.file, "a usable key", e.message) : invalid("--state", "a writable folder", String(e)))
    })
    yield* Console.log(participantKeyPath(flags.state, flags.participant))
  })).pipe(
    Command.withDescription("Prints where participant P's SFTP private key is (generated into --state on first use)"),
    Command.withExamples([
      { command: "twin ecp key P0001 --state out/rig", description: "The path of P0001's private key, for sftp -i (then: sftp -i KEY -P PORT P0001@127.0.0.1)" }
    ])
  )

export const ecpCommand = Command.make("ecp").pipe(
  Command.withDescription("ECP SFTP: the real SFTP endpoint (serve) and participants' keys (key)"),
  Command.withSubcommands([serve, key]),
  Command.withExamples([
    { command: "twin ecp serve --rig P0001 --from 17:55", description: "P0001's SFTP on the ECP servers; its evening files appear from 18:00" },
    { command: "sftp -i $(twin ecp key P0001) -P PORT P0001@127.0.0.1", description: "Log in as the participant" }
  ])
)
