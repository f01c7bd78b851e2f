/**
 * The message engine's health tracker on a hand-made estate, as startSimulation wires it (the world attached
 * first), with a stand-in BSS that reports one session's `flow.status` as its model would
 * (twin/models/flow-status.ts): `report(at, up, detail)`. Shared by the health tests that judge one session
 * against the live network (connect flows, port blocks, mainland links, status by design).
 */
import { readFileSync } from "node:fs"
import { Result } from "effect"
import { parseEstate } from "../../../topology/load.ts"
import { buildModel, type EstateModel } from "../../../topology/model.ts"
import type { Service } from "../../../topology/schema.ts"
import type { Machine } from "../../../twin/engine/machine.ts"
import { Runtime } from "../../../twin/engine/runtime.ts"
import { MemoryTrace } from "../../../twin/engine/trace.ts"
import { flowStatus } from "../../../twin/models/flow-status.ts"
import { HealthTracker } from "../../../twin/world/health.ts"
import { World } from "../../../twin/world/world.ts"

export const estateModel = (file: string): EstateModel => {
  const parsed = parseEstate(file, readFileSync(file, "utf8"))
  if (Result.isFailure(parsed)) throw new Error(`${file} does not parse`)
  return buildModel(parsed.success)
}

export interface RigSession {
  /** The session's flow, e.g. `P1/P1T1`; its participant is the part before the slash. */
  readonly flow: string
  readonly service: Service
}

/** `startupGrace` (µs): set only when given, as the simulation does for sessions that must log on. */
export const healthRig = (model: EstateModel, session: RigSession, options: { readonly startupGrace?: number } = {}) => {
  const participant = session.flow.split("/")[0]!
  const bss: Machine<null, { up: number; detail: string }> = {
    step: (s, input) =>
      input._tag === "receive"
        ? [s, [flowStatus({ participant, flow: session.flow, service: session.service, up: input.message.up, of: 2, degraded: false, detail: input.message.detail })]]
        : [s, []]
  }
  const trace = new MemoryTrace()
  const world = new World(model, { seed: 1, convergenceDelayUs: 500_000 })
  const health = new HealthTracker(model, trace)
  const rt = new Runtime(world.network, health)
  world.attach(rt, health)
  if (options.startupGrace !== undefined) health.startupGrace(options.startupGrace)
  rt.add("bss", `${participant}.bss`, bss, null)
  const report = (at: number, up: number, detail: string) => rt.inject(at, "bss", { _tag: "receive", from: "test", message: { up, detail } })
  /** The session's service's `health` events: [t, status, cause]. */
  const statuses = () => trace.ofKind("health").filter((e) => e.data.service === session.service).map((e) => [e.t, e.data.status, e.data.cause])
  return { rt, world, health, trace, report, statuses }
}
