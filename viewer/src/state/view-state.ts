/**
 * The world as the trace has told it up to a point: the viewer's whole picture at a cursor. `applyEvent` is
 * the reducer; it updates a draft in place (copying 3,000 health entries per event would not play a day at
 * ×1000) and every value it stores is replaced, never mutated, so `cloneState` can copy the maps shallowly.
 * Purity holds where it matters: the state after events [0, n) is the same whatever was applied before
 * (see trace-index.ts, and test/viewer/state).
 *
 * Unknown kinds and fields are ignored (docs/trace.md: later versions add, never rename).
 */
import {
  baselineOf,
  type EstateLayout,
  type HealthStatus,
  healthRank,
  isHealthStatus,
  isKind,
  type Service,
  services,
  type TraceData,
  type TraceEvent,
  type TraceValue
} from "../trace/types.ts"

export interface FlowState {
  readonly participant: string
  readonly service: string
  readonly up: number
  readonly of: number
  readonly degraded: boolean
  readonly detail: string
}

export interface FaultState {
  readonly id: string
  readonly kind: string
  readonly targets: ReadonlyArray<string>
  readonly since: number
}

export interface PhaseState {
  readonly id: string
  readonly name: string
  readonly status: string
  readonly since: number
  readonly reason: string | null
}

export interface CheckState {
  readonly id: string
  readonly role: string
  readonly phase: string | null
  readonly verdict: string
  readonly summary: string
}

export interface ViewState {
  /** Events applied so far (the index of the next one). */
  applied: number
  /** Time of the last applied event. */
  t: number
  from: number
  to: number
  estate: string | null
  layout: EstateLayout | null
  scenario: { readonly id: string; readonly name: string; readonly phases: ReadonlyArray<string> } | null
  /** Cutover units on the new backbone. */
  moved: Set<string>
  /** Live impairment fields per link (only those set, i.e. not null). */
  links: Map<string, TraceData>
  /** Per node: `down` and node-impairment fields, clock skew. */
  nodes: Map<string, TraceData>
  /** `participant|service` → status now, and its baseline: its status by design (twin/contract/health.ts `baselineOf`). */
  health: Map<string, HealthStatus>
  baseline: Map<string, HealthStatus>
  /** `participant|service` → when its status now began (the time of its latest `health` event). */
  since: Map<string, number>
  /** `participant|service` → the cause in force: of the latest `health` or `health.cause` (while not served). */
  causes: Map<string, string>
  counts: Record<Service, Record<HealthStatus, number>>
  flows: Map<string, FlowState>
  faults: Map<string, FaultState>
  phases: Map<string, PhaseState>
  checks: Map<string, CheckState>
  /** Units routing keeps on one side (`wrong-route`), and whether DR failover is on. */
  routingHolds: Map<string, boolean>
  /** Units moved (or moved back) whose routing has not caught up yet: between `world.change` and `world.converged`. */
  converging: Set<string>
  drFailover: boolean
  /**
   * How many events of each family have been applied. Events come in one fixed order, so equal counts mean
   * equal content: a view redraws a part only when its count moved (also after scrubbing back).
   */
  versions: { health: number; flows: number; world: number }
}

const emptyCounts = (): Record<Service, Record<HealthStatus, number>> =>
  Object.fromEntries(
    services.map((s) => [s, { served: 0, "served-without-redundancy": 0, degraded: 0, down: 0 }])
  ) as Record<Service, Record<HealthStatus, number>>

export const initialState = (): ViewState => ({
  applied: 0,
  t: 0,
  from: 0,
  to: 0,
  estate: null,
  layout: null,
  scenario: null,
  moved: new Set(),
  links: new Map(),
  nodes: new Map(),
  health: new Map(),
  baseline: new Map(),
  since: new Map(),
  causes: new Map(),
  counts: emptyCounts(),
  flows: new Map(),
  faults: new Map(),
  phases: new Map(),
  checks: new Map(),
  routingHolds: new Map(),
  converging: new Set(),
  drFailover: false,
  versions: { health: 0, flows: 0, world: 0 }
})

export const cloneState = (s: ViewState): ViewState => ({
  ...s,
  moved: new Set(s.moved),
  links: new Map(s.links),
  nodes: new Map(s.nodes),
  health: new Map(s.health),
  baseline: new Map(s.baseline),
  since: new Map(s.since),
  causes: new Map(s.causes),
  counts: Object.fromEntries(services.map((sv) => [sv, { ...s.counts[sv] }])) as ViewState["counts"],
  flows: new Map(s.flows),
  faults: new Map(s.faults),
  phases: new Map(s.phases),
  checks: new Map(s.checks),
  routingHolds: new Map(s.routingHolds),
  converging: new Set(s.converging),
  versions: { ...s.versions }
})

const str = (v: TraceValue | undefined): string | null => (typeof v === "string" ? v : null)
const num = (v: TraceValue | undefined): number | null => (typeof v === "number" ? v : null)
const strings = (v: TraceValue | undefined): Array<string> =>
  Array.isArray(v) ? (v as ReadonlyArray<TraceValue>).filter((x): x is string => typeof x === "string") : []

/** Merges changed fields: a field given as null is cleared (docs/trace.md `world.change`). */
const mergeFields = (previous: TraceData | undefined, data: TraceData, skip: ReadonlyArray<string>): TraceData | undefined => {
  const next: Record<string, TraceValue> = { ...previous }
  for (const [k, v] of Object.entries(data)) {
    if (skip.includes(k)) continue
    if (v === null || v === false) delete next[k]
    else next[k] = v
  }
  return Object.keys(next).length === 0 ? undefined : next
}

const setOrDelete = (m: Map<string, TraceData>, id: string, v: TraceData | undefined): void => {
  if (v === undefined) m.delete(id)
  else m.set(id, v)
}

const applyHealth = (s: ViewState, e: TraceEvent): void => {
  const service = str(e.data.service)
  const status = e.data.status
  if (service === null || !isHealthStatus(status) || !(services as ReadonlyArray<string>).includes(service)) return
  const key = `${e.subject}|${service}`
  const before = s.health.get(key)
  const counts = s.counts[service as Service]
  if (before !== undefined) counts[before]--
  counts[status]++
  s.health.set(key, status)
  s.since.set(key, e.t)
  if (!s.baseline.has(key)) s.baseline.set(key, baselineOf({ status, design: isHealthStatus(e.data.design) ? e.data.design : undefined }))
  const cause = str(e.data.cause)
  if (cause !== null && cause !== "" && healthRank[status] > 0) s.causes.set(key, cause)
  else s.causes.delete(key)
}

/**
 * The cause changed while the status stayed (docs/trace.md `health.cause`): the participant's cause now is
 * the new text, so the panels never show words no longer true at the cursor (issue 13, defect 7).
 */
const applyHealthCause = (s: ViewState, e: TraceEvent): void => {
  const service = str(e.data.service)
  const cause = str(e.data.cause)
  if (service === null || cause === null) return
  const key = `${e.subject}|${service}`
  const status = s.health.get(key)
  // Written only while not served, after a `health` for the same service; anything else is ignored.
  if (status === undefined || healthRank[status] === 0) return
  if (cause !== "") s.causes.set(key, cause)
  else s.causes.delete(key)
}

const applyWorldChange = (s: ViewState, e: TraceEvent): void => {
  switch (e.data.what) {
    case "unit":
      if (e.data.moved === true) s.moved.add(e.subject)
      else if (e.data.moved === false) s.moved.delete(e.subject)
      s.converging.add(e.subject)
      return
    case "link":
      setOrDelete(s.links, e.subject, mergeFields(s.links.get(e.subject), e.data, ["what"]))
      return
    case "node":
    case "node-impairment":
      setOrDelete(s.nodes, e.subject, mergeFields(s.nodes.get(e.subject), e.data, ["what"]))
      return
    case "clock": {
      const skew = num(e.data.skewUs)
      setOrDelete(s.nodes, e.subject, mergeFields(s.nodes.get(e.subject), { skewUs: skew === 0 ? null : skew }, []))
      return
    }
    case "routing-hold":
      if (e.data.held === true) s.routingHolds.set(e.subject, e.data.moved === true)
      else s.routingHolds.delete(e.subject)
      return
    case "dr-failover":
      s.drFailover = e.data.on === true
      return
  }
}

/** The reducer: applies one event to the draft. */
export const applyEvent = (s: ViewState, e: TraceEvent): void => {
  s.applied++
  s.t = e.t
  switch (e.kind) {
    case "trace.start":
      s.versions.world++
      s.from = num(e.data.from) ?? e.t
      s.to = num(e.data.to) ?? e.t
      s.estate = str(e.data.estate)
      s.moved = new Set(strings(e.data.moved))
      return
    case "estate.layout":
      s.versions.world++
      s.versions.health++
      if (isKind(e, "estate.layout")) s.layout = e.data
      return
    case "scenario.start":
      s.scenario = { id: e.subject, name: str(e.data.name) ?? e.subject, phases: strings(e.data.phases) }
      return
    case "health":
      s.versions.health++
      applyHealth(s, e)
      return
    case "health.cause":
      s.versions.health++
      applyHealthCause(s, e)
      return
    case "world.change":
      s.versions.world++
      applyWorldChange(s, e)
      return
    case "world.converged":
      if (e.data.what === "unit" && s.converging.delete(e.subject)) s.versions.world++
      return
    case "flow.status": {
      s.versions.flows++
      const flow = str(e.data.flow)
      if (flow === null) return
      s.flows.set(flow, {
        participant: e.subject,
        service: str(e.data.service) ?? "",
        up: num(e.data.up) ?? 0,
        of: num(e.data.of) ?? 0,
        degraded: e.data.degraded === true,
        detail: str(e.data.detail) ?? ""
      })
      return
    }
    case "scenario.fault":
      if (e.data.status === "start") {
        s.faults.set(e.subject, { id: e.subject, kind: str(e.data.kind) ?? "", targets: strings(e.data.targets), since: e.t })
      } else if (e.data.status === "end") s.faults.delete(e.subject)
      return
    case "scenario.phase": {
      const before = s.phases.get(e.subject)
      s.phases.set(e.subject, {
        id: e.subject,
        name: str(e.data.name) ?? before?.name ?? e.subject,
        status: str(e.data.status) ?? "",
        since: e.t,
        reason: str(e.data.reason)
      })
      return
    }
    case "scenario.check":
      s.checks.set(e.subject, {
        id: e.subject,
        role: str(e.data.role) ?? "",
        phase: str(e.data.phase),
        verdict: str(e.data.verdict) ?? "",
        summary: str(e.data.summary) ?? ""
      })
      return
  }
}

/** Folds events [0, n) from scratch: the definition every faster path must agree with. */
export const reduceEvents = (events: ReadonlyArray<TraceEvent>, n = events.length): ViewState => {
  const s = initialState()
  for (let i = 0; i < n; i++) applyEvent(s, events[i]!)
  return s
}
