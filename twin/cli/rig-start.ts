/**
 * Starting the rig (twin/rig) beside a live world, for every command that runs one (`twin serve`, `twin
 * drill`, `twin ecp serve`): `--rig` resolved to participants (a bad value is `--rig:` and what was
 * expected), the endpoints started and closed with the scope, `--rig:` and the reason if one cannot start.
 */
import { Effect, Option, Result } from "effect"
import { InputInvalid, issue } from "../../topology/input-issue.ts"
import type { Micros } from "../engine/time.ts"
import { rigEndpoints } from "../wire/endpoints.ts"
import type { RigEndpointFactory } from "../rig/rig-endpoint.ts"
import { type Rig, startRig } from "../rig/rig.ts"
import { watchedParticipants } from "../rig/watched.ts"
import type { LiveWorldView } from "../serve/live-world-view.ts"
import type { EstateModel } from "../../topology/model.ts"

const invalid = (expected: string, got: string) => new InputInvalid({ file: "--rig", issues: [issue("", expected, got)] })

/** `--rig` resolved to the watched participants of `model`, or `--rig:` and what was expected. */
export const resolveWatched = (model: EstateModel, rig: Option.Option<string>) =>
  Effect.gen(function*() {
    const watched = watchedParticipants(model, Option.getOrUndefined(rig))
    if (Result.isFailure(watched)) return yield* invalid(watched.failure.expected, watched.failure.got)
    return watched.success
  })

/**
 * The rig's `wallAt` (epoch ms, as RigContext says and the endpoints compare with Date.now()) from the live
 * hub's pacer, whose wall clock is the hub's `wallNow` (performance.now(): ms since the process started).
 * Passed through unconverted (issue 18), every OMD packet was due at once (≈ 3,000 < Date.now()) and
 * dropped 2 s after it was queued: no pacing, and gaps at 1×.
 */
export const epochWallAt =
  (hubWallAt: (t: Micros) => number | undefined, hubNow: () => number = () => performance.now(), epochNow: () => number = Date.now) =>
  (t: Micros): number | undefined => {
    const w = hubWallAt(t)
    return w === undefined ? undefined : w + (epochNow() - hubNow())
  }

export const startRigScoped = (options: {
  readonly session: LiveWorldView
  readonly rig: Option.Option<string>
  readonly host: string
  readonly stateDir: string
  /** When virtual `t` is due, on the live hub's clock (its pacer's `wallAt`: performance.now()). */
  readonly wallAt: (t: Micros) => number | undefined
  /** Default: every endpoint (twin/wire/endpoints.ts). */
  readonly endpoints?: ReadonlyArray<RigEndpointFactory>
}) =>
  Effect.gen(function*() {
    const watched = yield* resolveWatched(options.session.model, options.rig)
    const context = {
      session: options.session,
      watched,
      host: options.host,
      stateDir: options.stateDir,
      wallAt: epochWallAt(options.wallAt),
      log: (line: string) => void process.stderr.write(`${line}\n`)
    }
    return yield* Effect.acquireRelease(
      Effect.tryPromise({
        try: () => startRig(options.endpoints ?? rigEndpoints, context),
        catch: (e) => invalid("the real endpoints to start", e instanceof Error ? e.message : String(e))
      }),
      (rig: Rig) => Effect.promise(() => rig.close())
    )
  })
