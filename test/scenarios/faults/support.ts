/**
 * What the fault tests share: estates, a fault applied the way the scenario runner applies it (params
 * decoded with the kind's schema, validated against the estate, then scheduled like a wiring), and probe
 * machines that send at given times and record what arrives — for exact network timings.
 */
import { readFileSync } from "node:fs"
import { Result, Schema } from "effect"
import { defaultEstatePath, parseEstate } from "../../../topology/load.ts"
import { buildModel, type EstateModel } from "../../../topology/model.ts"
import { faultCatalogue } from "../../../scenarios/faults/catalogue.ts"
import { type Machine, multicast, send } from "../../../twin/engine/machine.ts"
import { emitTest as emit, eventsOfTestKind } from "../../support/test-kinds.ts"
import type { Micros } from "../../../twin/engine/time.ts"
import { MemoryTrace } from "../../../twin/engine/trace.ts"
import { simulate } from "../../../twin/simulate/simulate.ts"
import type { Wiring } from "../../../twin/simulate/wiring.ts"
import type { InputIssue } from "../../../topology/input-issue.ts"

const load = (file: string): EstateModel => {
  const parsed = parseEstate(file, readFileSync(file, "utf8"))
  if (Result.isFailure(parsed)) throw new Error(`${file} does not parse`)
  return buildModel(parsed.success)
}

let defaultModel: EstateModel | undefined
export const defaultEstate = (): EstateModel => (defaultModel ??= load(defaultEstatePath))
export const faultEstate = (): EstateModel => load("test/scenarios/faults/fixtures/fault-estate.yaml")

const parseOptions = { errors: "all", onExcessProperty: "error" } as const

/** The issues the runner would report for a fault entry's params (decoding, then the estate check). */
export const issuesOf = (kind: string, raw: Record<string, unknown>, model: EstateModel): ReadonlyArray<InputIssue | string> => {
  const k = faultCatalogue.get(kind)
  if (k === undefined) throw new Error(`no fault kind ${kind}`)
  const decoded = Schema.decodeUnknownResult(k.params)(raw, parseOptions)
  if (Result.isFailure(decoded)) return [String(decoded.failure)]
  return k.validate(decoded.success, model)
}

/** A wiring that applies fault `kind` with `raw` params over [start, end), as the scenario runner does. */
export const fault = (kind: string, raw: Record<string, unknown>, start: Micros, end: Micros | undefined, model: EstateModel, id = "f1"): Wiring => {
  const k = faultCatalogue.get(kind)!
  const decoded = Schema.decodeUnknownResult(k.params)(raw, parseOptions)
  if (Result.isFailure(decoded)) throw new Error(`${kind}: ${String(decoded.failure)}`)
  const issues = k.validate(decoded.success, model)
  if (issues.length > 0) throw new Error(`${kind}: ${JSON.stringify(issues)}`)
  return { system: "fault", wire: (ctx) => k.schedule(decoded.success, { ...ctx, id }, { start, end }) }
}

type ProbeMessage = { readonly n: number; readonly bytes: number; readonly to?: string; readonly group?: string }

/** A machine on a node: told by "test" to send (`to`) or multicast (`group`); records what it receives. */
const probe: Machine<null, ProbeMessage> = {
  step: (s, input) => {
    if (input._tag !== "receive") return [s, []]
    const m = input.message
    if (input.from !== "test") return [s, [emit("probe.arrived", { n: m.n, from: input.from })]]
    if (m.group !== undefined) return [s, [multicast(m.group, m, m.bytes)]]
    return [s, [send(`probe@${m.to}`, m, m.bytes)]]
  }
}

export interface ProbeSend {
  readonly at: Micros
  readonly from: string
  /** Node id of the receiver (unicast). */
  readonly to?: string
  /** Multicast group (receivers subscribe with `subscribers`). */
  readonly group?: string
  readonly n: number
  readonly bytes?: number
}

/** Probe machines on `nodes` (`probe@node`), `subscribers` per group, and the sends, in the order given. */
export const probes = (nodes: ReadonlyArray<string>, sends: ReadonlyArray<ProbeSend>, subscribers: Record<string, ReadonlyArray<string>> = {}): Wiring => ({
  system: "probes",
  wire: ({ runtime }) => {
    for (const node of nodes) runtime.add(`probe@${node}`, node, probe, null)
    for (const [group, members] of Object.entries(subscribers)) for (const m of members) runtime.subscribe(group, `probe@${m}`)
    for (const s of sends) {
      const message: ProbeMessage = s.group !== undefined
        ? { n: s.n, bytes: s.bytes ?? 100, group: s.group }
        : { n: s.n, bytes: s.bytes ?? 100, to: s.to! }
      runtime.inject(s.at, `probe@${s.from}`, { _tag: "receive", from: "test", message })
    }
  }
})

export interface Run {
  readonly trace: MemoryTrace
  /** `[t, receiving node, n]` per probe message that arrived, in trace order. */
  readonly arrivals: () => ReadonlyArray<readonly [number, string, number]>
  /** `[t, subject, data]` of every `world.change`. */
  readonly changes: () => ReadonlyArray<readonly [number, string, unknown]>
}

export const run = (model: EstateModel, window: { readonly from: Micros; readonly to: Micros }, wirings: ReadonlyArray<Wiring>, seed = 1): Run => {
  const trace = new MemoryTrace()
  simulate({ model, seed, window, wirings, trace })
  return {
    trace,
    arrivals: () => eventsOfTestKind(trace, "probe.arrived").map((e) => [e.t, e.subject.slice("probe@".length), Number(e.data.n)] as const),
    changes: () => trace.ofKind("world.change").map((e) => [e.t, e.subject, e.data] as const)
  }
}

/** µs of `bytes` on a 50 Mbps circuit (the fixture's circuits): the serialisation every probe pays. */
export const onCircuit = (bytes = 100): number => Math.ceil((bytes * 8) / 50)
