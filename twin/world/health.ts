/**
 * Service health per participant, from what the models observe plus what the live network can reach:
 * `served`, `served-without-redundancy`, `degraded` or `down`, written to the trace as a `health` event
 * whenever it changes.
 *
 * A flow is judged by its model's latest `flow.status` (e.g. a feed handler: both lines alive; a session:
 * logged on) — that decides up, down and degraded. Redundancy is what a model cannot see for itself (a BSS
 * does not probe its secondary gateway): it comes from the N-1 analysis of the live network (live-reach.ts),
 * so a flow is served without redundancy when one more failure would take it down, or when its model sees
 * only one of two lines. Flows no model reports on (RTS, refresh) are judged by the live network alone.
 * One exception to the model deciding up: a session the model sees logged on while the network reaches its
 * gateways but every one of them is cut off from what it depends on (`FlowHealth.cutOff`: a CCCG without a
 * market's mainland link) is down — its model, hearing the gateway, cannot see that its orders go nowhere.
 * Per service the worst primary flow decides; a recovery or connect flow (RTS; the Lookup Service) that is
 * down caps the service at served-without-redundancy, as in the static analysis: sessions that stay logged
 * on keep trading. A session that must (re)connect is down until it logs on — its model reports it so —
 * and one still starting (never up, within the startup grace) while its participant reaches no endpoint of
 * the service's connect flow is down too: it cannot log on.
 *
 * The cause (the deciding flow and its detail) can change while the status stays (1 of 4 members reachable,
 * then 2 of 4; another flow now decides). `health` keeps its meaning — written on a status change only — and
 * a `health.cause` event carries the new text, so a reader's cause is true at every instant (issue 13,
 * defect 7). Not while served (its cause is empty).
 *
 * Both are told once per participant-service and microsecond: the status and text the instant ends with,
 * written after the instant's other events (when the first later event passes, or at `flushBefore`), none
 * when they are back to what was last written. Several changes of the world at one instant (two faults
 * starting together, a crash and the sessions it takes down) are judged one by one, and a status that lasts
 * no time is no status: a report would show it, or stretch an interval to it.
 *
 * A participant-service's first `health` event also carries `design`: the status the live network alone
 * gives it when first judged — when the world is attached, before any wiring, so the opening state (the
 * scenario's moved units) with no fault in force and no session logged on. That is what the estate gives it
 * by design; a first status worse than it is harm from the opening (a fault starting with the window), which
 * a reader could not tell from a single circuit by the first status alone (twin/contract/health.ts
 * `baselineOf`).
 */
import type { EstateModel, FlowInstance } from "../../topology/model.ts"
import type { FlowHealth } from "../../topology/n-minus-one.ts"
import { flowServiceStatus } from "../../topology/service-health.ts"
import { services, type Service } from "../../topology/schema.ts"
import { type HealthStatus, healthRank } from "../contract/health.ts"
import { isKind, traceEvent, type TraceEvent } from "../contract/trace-event.ts"
import { FLOW_STATUS } from "../contract/trace-kinds.ts"
import type { TraceSink } from "../engine/trace.ts"

interface Observed {
  readonly up: number
  readonly of: number
  readonly degraded: boolean
  readonly detail: string
}

export class HealthTracker implements TraceSink {
  private readonly out: TraceSink
  private readonly flows: ReadonlyMap<string, FlowInstance>
  private readonly byParticipant: ReadonlyMap<string, ReadonlyArray<FlowInstance>>
  private readonly observed = new Map<string, Observed>()
  private live: ReadonlyMap<string, FlowHealth> = new Map()
  private readonly status = new Map<string, HealthStatus>()
  /** The cause last written per participant|service (by `health` or `health.cause`). */
  private readonly written = new Map<string, string>()
  /** The status last written per participant|service (by `health`); `status` is the one now. */
  private readonly writtenStatus = new Map<string, HealthStatus>()
  /** Status and cause changes of the current microsecond, written when it is over (`flushBefore`). */
  private readonly pending = new Map<string, { readonly t: number; readonly participant: string; readonly service: Service; readonly cause: string }>()
  /** Per participant|service, its status by design (see the header): the first judgement, from the live network alone. */
  private readonly design = new Map<string, HealthStatus>()
  private readonly everUp = new Set<string>()
  private now = 0
  /**
   * Until then, a flow that has never been up is taken as still starting (sessions logging on at the
   * opening of the window) rather than down; after it, a flow that never came up is down.
   */
  private startingUntil = 0

  /** The services this tracker judges (a simulation split into parts judges each service in one part). */
  private readonly judged: ReadonlySet<Service>

  /**
   * `judged`: the services to judge (default all); `participants`: whose (default all — a part of a run
   * that splits the trading path by participants judges its share's).
   */
  constructor(model: EstateModel, out: TraceSink, judged: ReadonlyArray<Service> = services, participants?: ReadonlySet<string>) {
    this.out = out
    const mine = (participant: string) => participants === undefined || participants.has(participant)
    this.flows = new Map(model.flows.filter((f) => mine(f.participant)).map((f) => [f.id, f]))
    this.byParticipant = participants === undefined ? model.flowsByParticipant : new Map([...model.flowsByParticipant].filter(([participant]) => mine(participant)))
    this.judged = new Set(judged)
  }

  /** Passes every event on; a `flow.status` also updates health. */
  readonly write = (event: TraceEvent): void => {
    this.flushBefore(event.t)
    this.out.write(event)
    this.now = event.t
    if (!isKind(event, FLOW_STATUS)) return
    const d = event.data
    this.observed.set(d.flow, { up: d.up, of: d.of, degraded: d.degraded, detail: d.detail })
    if (d.up > 0) this.everUp.add(d.flow)
    const flow = this.flows.get(d.flow)
    if (flow !== undefined && this.judged.has(flow.service)) this.evaluate(flow.participant, flow.service, event.t)
  }

  /**
   * Writes the status and cause changes of instants before `t` (every event at them has run). A run calls it
   * with no argument at its end; anything else is flushed by the next event, so slicing a run does not change
   * the trace.
   */
  flushBefore(t = Number.POSITIVE_INFINITY): void {
    if (this.pending.size === 0) return
    for (const [key, p] of this.pending) {
      if (p.t >= t) return
      this.pending.delete(key)
      const status = this.status.get(key)!
      const was = this.writtenStatus.get(key)
      if (status !== was) {
        this.writtenStatus.set(key, status)
        this.written.set(key, p.cause)
        const first = was === undefined ? { design: this.design.get(key)! } : {}
        this.out.write(traceEvent(p.t, "health", p.participant, { service: p.service, status, previous: was ?? null, cause: p.cause, ...first }))
        continue
      }
      if (status === "served" || this.written.get(key) === p.cause) continue
      this.written.set(key, p.cause)
      this.out.write(traceEvent(p.t, "health.cause", p.participant, { service: p.service, status, cause: p.cause }))
    }
  }

  /** Flows that have not come up by `until` count as down from then on (see `startingUntil`). */
  startupGrace(until: number): void {
    this.startingUntil = until
  }

  /** The live network's view of every flow (after a world change): re-judge every participant. */
  updateLive(live: ReadonlyMap<string, FlowHealth>, now: number): void {
    this.flushBefore(now)
    this.live = live
    this.now = now
    for (const [participant, flows] of this.byParticipant) {
      for (const service of new Set(flows.map((f) => f.service))) if (this.judged.has(service)) this.evaluate(participant, service, now)
    }
  }

  statusOf(participant: string, service: Service): HealthStatus | undefined {
    return this.status.get(`${participant}|${service}`)
  }

  /** Participants per service and status, for metrics samples and summaries. */
  counts(): Record<Service, Record<HealthStatus, number>> {
    const out = {} as Record<Service, Record<HealthStatus, number>>
    for (const s of services) out[s] = { served: 0, "served-without-redundancy": 0, degraded: 0, down: 0 }
    for (const [key, status] of this.status) out[key.slice(key.indexOf("|") + 1) as Service][status]++
    return out
  }

  private flowStatus(flow: FlowInstance): { status: HealthStatus; detail: string } {
    const live = this.live.get(flow.id)
    const network: HealthStatus = live?.status ?? "down"
    const seen = this.observed.get(flow.id)
    const weakness = live !== undefined && live.singlePoints.length > 0 ? `single point of failure ${live.singlePoints[0]}` : undefined
    if (seen === undefined) {
      const reached = live === undefined ? "unreachable" : `${live.membersUp.length} of ${flow.members.length} members reachable`
      return { status: network, detail: weakness === undefined ? reached : `${reached}, ${weakness}` }
    }
    if (seen.up === 0 && !this.everUp.has(flow.id) && this.now < this.startingUntil) {
      const cut = this.connectUnreachable(flow)
      if (cut !== undefined) return { status: "down", detail: `starting: ${seen.detail}; ${cut.id} unreachable` }
      return { status: network, detail: `starting: ${seen.detail}` }
    }
    if (seen.up === 0) return { status: "down", detail: seen.detail }
    if (seen.degraded) return { status: "degraded", detail: seen.detail }
    // Logged on to a gateway the network reaches but that is cut off from what it depends on (a CCCG from a
    // market's mainland link before DR, an OCG-C gateway from its OTP-C hosts): the session hears the
    // gateway's heartbeats and never notices, but nothing it sends goes further — down, as the impact engine
    // judges the same state.
    const cut = live !== undefined && live.status === "down" ? live.cutOff[0] : undefined
    if (cut !== undefined) return { status: "down", detail: `${seen.detail}; ${cut.node} cut off from ${cut.needs.join(" and ")}` }
    const redundant = network === "served" && (flow.pattern !== "multicast" || seen.up >= 2)
    // The network may already show what the model has not noticed yet (a silent line is found after the
    // feed handler's timeout, a dead gateway after the heartbeats): then the model's words ("lines A and B
    // live") are not true at this instant — say what the network shows, and the model's as last reported.
    if ((live?.membersUp.length ?? 0) < seen.up) {
      const reached = live === undefined ? "unreachable" : `${live.membersUp.length} of ${flow.members.length} members reachable`
      return { status: redundant ? "served" : "served-without-redundancy", detail: `${weakness === undefined ? reached : `${reached}, ${weakness}`}; ${seen.detail} as last reported` }
    }
    const detail = !redundant && weakness !== undefined ? `${seen.detail}; ${weakness}` : seen.detail
    return { status: redundant ? "served" : "served-without-redundancy", detail }
  }

  /** A connect flow of the same participant and service that reaches no member in the live network. */
  private connectUnreachable(flow: FlowInstance): FlowInstance | undefined {
    for (const f of this.byParticipant.get(flow.participant) ?? []) {
      if (f.role === "connect" && f.service === flow.service && (this.live.get(f.id)?.status ?? "down") === "down") return f
    }
    return undefined
  }

  /**
   * The service's status by the live network alone, folded as `evaluate` folds it (topology/service-health.ts
   * too): asked once per participant-service, at its first judgement — World.attach's, the opening state.
   */
  private networkStatus(participant: string, service: Service): HealthStatus {
    let worst: HealthStatus = "served"
    for (const flow of this.byParticipant.get(participant) ?? []) {
      if (flow.service !== service) continue
      const status = this.live.get(flow.id)?.status ?? "down"
      const effective: HealthStatus = flowServiceStatus(flow.role, status)
      if (healthRank[effective] > healthRank[worst]) worst = effective
    }
    return worst
  }

  private evaluate(participant: string, service: Service, t: number): void {
    let worst: HealthStatus = "served"
    let cause = ""
    for (const flow of this.byParticipant.get(participant) ?? []) {
      if (flow.service !== service) continue
      const { status, detail } = this.flowStatus(flow)
      const effective: HealthStatus = flowServiceStatus(flow.role, status)
      if (healthRank[effective] > healthRank[worst]) {
        worst = effective
        cause = `${flow.id}: ${detail}`
      }
    }
    const key = `${participant}|${service}`
    if (!this.design.has(key)) this.design.set(key, this.networkStatus(participant, service))
    const previous = this.status.get(key)
    // Kept until the instant is over (see the header): what it ends with is written, once.
    if (previous !== worst) this.status.set(key, worst)
    else if (worst === "served" || (!this.pending.has(key) && cause === this.written.get(key))) return
    const p = this.pending.get(key)
    this.pending.set(key, { t: p?.t ?? t, participant, service, cause })
  }
}
