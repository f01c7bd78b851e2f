/**
 * Heartbeat elision: idle OCG-C sessions are not simulated heartbeat by heartbeat. Most of a trading day's
 * engine events are the 20 s Heartbeats (and their timers) of ~2,000 sessions that have nothing else to
 * say; their outcome is known, so the twin skips them and works out the sessions' state when something
 * happens.
 *
 * The unit is a participant's BSS: all its OCG-C sessions and their gateway-side records, since sessions
 * of one BSS to one gateway share the network pair (a heartbeat can queue behind a sibling's). Every
 * `PERIOD` (two heartbeat intervals: the idle timer's cycle) a unit is looked at; when its state — both
 * sides' sessions (beats.ts), their pending timers, the pair queues — is exactly the state one period
 * earlier moved on by one period, with nothing in flight, no world change since and every route steady
 * (open, no loss, no jitter: SimNetwork.steady), the unit is periodic: its timers are taken out and it is
 * elided from that instant.
 *
 * It wakes before anything else touches it — any input to one of its clients (an order timer, a message,
 * a control), an input for one of its Comp IDs (or a control) at a gateway, a world change (routes may
 * change), a read of a machine's state: the runtime asks it to (twin/engine/elision.ts) — as follows: the
 * state moves on by the whole periods passed (sequence numbers by as many heartbeats, times by the
 * periods), the pair queues likewise; the rest of the last period is stepped for real at its past instants (the machines'
 * own code, the network's own delivery), and what is still pending goes back into the queue ordered as it
 * was first scheduled (Scheduler `born`). So sequence numbers, liveness times, Test Request and Logout
 * instants, and every trace event come out as if every heartbeat had been simulated.
 *
 * A wake it can see coming — an order due before the next look — it takes at that look instead: a whole
 * number of periods after the unit was elided, so nothing is stepped, and the heartbeats up to the order run
 * in the kernel at their own instants. Woken by the order, the unit would step up to a period of them then,
 * at once: at 09:30 and 13:00 every unit does, and a live world at ×1000 fell behind for that minute.
 *
 * Same-instant order: events due at one microsecond run in the order they were scheduled, and sessions
 * that started together stay in step to the microsecond. Units elided at one look are woken together on a
 * world change and caught up on one queue ordered by their timers' generations, as the kernel would have;
 * a unit whose timers share a microsecond of the heartbeat cycle with a unit outside that look (live, or
 * elided at another) is not elided, nor — since it stays live — any unit in step with it, and so on
 * (elided-unit.ts `outOfStep`): one unit that cannot be elided (a lossy circuit, a session cut off) keeps
 * live every unit linked to it by shared microseconds, which at the default estate's start is most of them. A unit woken alone (its order timer, a message for it) puts its events
 * back after same-instant events of other units scheduled at the same instant. Heartbeats emit nothing and
 * use no pair another unit uses, so that is invisible while they are idle; the gap is a unit that, woken
 * alone, stays in step with a unit of its look and later emits at the same microsecond as it (a fault that
 * hits both) — in practice the wake is the unit's own order, which moves its heartbeats off the shared
 * instant. A known gap, not met in the whole-day or fault-window traces compared against full simulation.
 *
 * What it does not preserve: the engine event count (`metrics.events`). Where it does not apply: a route
 * with loss or jitter (heartbeats could be lost, and draws come from the shared stream), a change waiting
 * for routing to converge, a session with a Test Request, resend, replay or held message outstanding, a
 * session whose gateway holds no connection for it (crashed, or restarted since: such a session stays live
 * until it logs on again, so its first segment after the restart meets the reset in the kernel).
 */
import type { Elider, ElisionHost } from "../engine/elision.ts"
import type { Action, Input } from "../engine/machine.ts"
import type { Runtime } from "../engine/runtime.ts"
import type { Micros } from "../engine/time.ts"
import {
  beats,
  CLIENT_TIMERS,
  type ClientState,
  type GatewaySession,
  type GatewayState,
  type OcgMessage,
  rules,
  sessionIn,
  timerNames,
  withSession
} from "../models/ocg/index.ts"
import type { World } from "../world/world.ts"
import { type CatchUp, catchUp, type LocalEvent, movedOnByPeriod, outOfStep, type PairQueue, type PendingTimer, quietPairs, shiftedTimers, sortTimers, timerEvent } from "./elided-unit.ts"

/** The idle cycle: heartbeats every interval, the lazily re-armed idle timer every two (liveness.ts). */
export const PERIOD: Micros = 2 * rules.HEARTBEAT_INTERVAL

interface Member {
  readonly client: string
  readonly compId: string
}

interface Snapshot {
  readonly at: Micros
  readonly version: number
  /** Per member: the gateway it is logged on to, both sides' states and beats. */
  readonly gateways: ReadonlyArray<string>
  readonly clients: ReadonlyArray<ClientState>
  readonly sessions: ReadonlyArray<GatewaySession>
  readonly clientBeats: ReadonlyArray<beats.Beats>
  readonly sessionBeats: ReadonlyArray<beats.Beats>
  /** Sorted as the kernel would run them: (at, born, generation). */
  readonly timers: ReadonlyArray<PendingTimer>
  readonly pairs: ReadonlyArray<PairQueue>
}

interface Unit {
  readonly bss: string
  readonly members: ReadonlyArray<Member>
  observed: Snapshot | undefined
  /** When its timers fire, modulo the heartbeat interval (see `observe`). */
  phases: ReadonlyArray<Micros>
  /** The look at which it was elided: units elided together are woken together on a world change. */
  epoch: number
  elided: { readonly snap: Snapshot; readonly clientDelta: ReadonlyArray<beats.Beats>; readonly sessionDelta: ReadonlyArray<beats.Beats> } | undefined
}

export class HeartbeatElision implements Elider {
  private readonly runtime: Runtime
  /** What the runtime lends an elider (twin/engine/elision.ts): held states, timers out and back. */
  private readonly host: ElisionHost
  private readonly world: World
  private readonly units: ReadonlyArray<Unit>
  private readonly unitOfClient = new Map<string, Unit>()
  /** Elided units by gateway machine and Comp ID. */
  private readonly elidedAt = new Map<string, Map<string, Unit>>()
  private looks = 0

  constructor(runtime: Runtime, world: World, units: ReadonlyArray<{ readonly bss: string; readonly members: ReadonlyArray<Member> }>) {
    this.runtime = runtime
    this.world = world
    this.units = units.map((u) => ({ ...u, observed: undefined, phases: [], epoch: -1, elided: undefined }))
    for (const u of this.units) for (const m of u.members) this.unitOfClient.set(m.client, u)
    this.host = runtime.elide(this)
  }

  /** Looks at every unit now and every `PERIOD` from now (the first look only records). */
  start(at: Micros): void {
    const look = (): void => {
      this.observe()
      this.runtime.at(this.runtime.now + PERIOD, look)
    }
    this.runtime.at(at, look)
  }

  /**
   * Elides the units that are periodic now, except those whose timers fire at the same microsecond of the
   * heartbeat cycle as a unit's that is not elided now with them (live, or elided at another look). Events
   * due at the same instant and scheduled at the same instant run in the order they were scheduled: units
   * elided at one look keep that order among themselves (their timers' generations, woken together), but it
   * could not be reproduced against a unit outside them.
   */
  private observe(): void {
    this.looks++
    const candidates: Array<{ unit: Unit; snap: Snapshot; deltas: ReturnType<typeof periodic> & {} }> = []
    for (const u of this.units) {
      if (u.elided !== undefined) {
        // A wake seen coming (the header): its order is due before the next look.
        if (this.orderBefore(u, this.runtime.now + PERIOD)) this.wake([u], this.runtime.now)
        continue
      }
      if (this.orderBefore(u, this.runtime.now + PERIOD)) {
        u.observed = undefined
        continue
      }
      // With nothing to compare it with, a snapshot now serves only the next look, which an order due
      // by the look after will have made busy (the branch above): not taken (trading hours, every minute).
      if (u.observed === undefined && this.orderBefore(u, this.runtime.now + 2 * PERIOD)) continue
      const snap = this.snapshot(u)
      const before = u.observed
      u.observed = snap
      if (snap === undefined || before === undefined) continue
      const deltas = periodic(before, snap)
      if (deltas !== undefined) candidates.push({ unit: u, snap, deltas })
    }
    if (candidates.length === 0) return
    const alone = outOfStep(this.units, new Set(candidates.map((c) => c.unit)), (u) => this.phasesOf(u))
    for (const c of candidates) {
      if (!alone.has(c.unit)) continue
      c.unit.epoch = this.looks
      this.elide(c.unit, c.snap, c.deltas)
    }
  }

  /**
   * An order is due by `horizon` (by the next look: the unit will not be periodic then; saves a snapshot).
   * An order timer, once armed, fires when armed for: nothing cancels or moves it.
   */
  private orderBefore(u: Unit, horizon: Micros): boolean {
    for (const m of u.members) {
      const order = this.host.armedTimers(m.client).get("order")
      if (order !== undefined && order.at <= horizon) return true
    }
    return false
  }

  private phasesOf(u: Unit): ReadonlyArray<Micros> {
    const phases = new Set<Micros>()
    for (const m of u.members) {
      for (const t of this.host.armedTimers(m.client).values()) phases.add(t.at % rules.HEARTBEAT_INTERVAL)
      const c = this.host.heldState<ClientState>(m.client)
      if (c.phase._tag !== "active" || !this.runtime.has(c.phase.gateway)) continue
      const names = timerNames(m.compId)
      const armed = this.host.armedTimers(c.phase.gateway)
      for (const name of [names.heartbeat, names.idle]) {
        const t = armed.get(name)
        if (t !== undefined) phases.add(t.at % rules.HEARTBEAT_INTERVAL)
      }
    }
    return [...phases]
  }

  private snapshot(u: Unit): Snapshot | undefined {
    const now = this.runtime.now
    if (!this.world.settled) return undefined
    const gateways: Array<string> = []
    const clients: Array<ClientState> = []
    const sessions: Array<GatewaySession> = []
    const clientBeats: Array<beats.Beats> = []
    const sessionBeats: Array<beats.Beats> = []
    const timers: Array<PendingTimer> = []
    for (const m of u.members) {
      const c = this.host.heldState<ClientState>(m.client)
      const cb = beats.clientBeats(c)
      if (cb === undefined || c.phase._tag !== "active" || c.config.heartbeat !== rules.HEARTBEAT_INTERVAL) return undefined
      const gateway = c.phase.gateway
      if (!this.runtime.has(gateway)) return undefined
      const g = this.host.heldState<GatewayState>(gateway)
      const s = sessionIn(g, m.compId)
      const sb = s === undefined ? undefined : beats.sessionBeats(s)
      if (!g.up || g.config.heartbeat !== rules.HEARTBEAT_INTERVAL || s === undefined || sb === undefined) return undefined
      if (s.connection!.peer !== m.client || s.connection!.conn !== c.phase.conn) return undefined
      const clientTimers = this.host.armedTimers(m.client)
      for (const [name, t] of clientTimers) {
        if (name === CLIENT_TIMERS.heartbeat || name === CLIENT_TIMERS.idle) timers.push({ machine: m.client, name, ...t })
        else if (name !== "order") return undefined
      }
      const names = timerNames(m.compId)
      const gatewayTimers = this.host.armedTimers(gateway)
      if (gatewayTimers.has(names.replay)) return undefined
      for (const name of [names.heartbeat, names.idle]) {
        const t = gatewayTimers.get(name)
        if (t !== undefined) timers.push({ machine: gateway, name, ...t })
      }
      gateways.push(gateway)
      clients.push(c)
      sessions.push(s)
      clientBeats.push(cb)
      sessionBeats.push(sb)
    }
    const pairs = quietPairs(this.world.network, u.bss, new Set(gateways), now)
    if (pairs === undefined) return undefined
    sortTimers(timers)
    return { at: now, version: this.world.state.version, gateways, clients, sessions, clientBeats, sessionBeats, timers, pairs }
  }

  private elide(u: Unit, snap: Snapshot, deltas: { clientDelta: ReadonlyArray<beats.Beats>; sessionDelta: ReadonlyArray<beats.Beats> }): void {
    u.elided = { snap, ...deltas }
    u.observed = undefined
    for (const t of snap.timers) this.host.suspendTimer(t.machine, t.name)
    u.members.forEach((m, i) => {
      this.host.watch(m.client, true)
      const gateway = snap.gateways[i]!
      let at = this.elidedAt.get(gateway)
      if (at === undefined) this.elidedAt.set(gateway, (at = new Map()))
      at.set(m.compId, u)
      this.host.watch(gateway, true)
    })
  }

  /** Elider: an input for an elided unit's client, or for one of its Comp IDs at a gateway, wakes the unit first. */
  readonly intercept = (id: string, input: Input<unknown>): boolean => {
    const unit = this.unitOfClient.get(id)
    if (unit !== undefined) {
      if (unit.elided === undefined) return false
      this.wake([unit], this.runtime.now)
      return true
    }
    const at = this.elidedAt.get(id)
    if (at === undefined || input._tag !== "receive") return false
    const m = input.message as OcgMessage
    if (m._tag === "Control") return this.wakeAt(id)
    const u = at.get(m.compId)
    if (u === undefined) return false
    this.wake([u], this.runtime.now)
    return true
  }

  /** Wakes the units elided on `gateway`, each with every unit elided at the same look. */
  private wakeAt(gateway: string): boolean {
    const epochs = new Set([...this.elidedAt.get(gateway)?.values() ?? []].map((u) => u.epoch))
    for (const epoch of epochs) this.wake(this.units.filter((u) => u.elided !== undefined && u.epoch === epoch), this.runtime.now)
    return epochs.size > 0
  }

  /** Elider: before a world change every elided unit wakes (routes may change), each look's units together. */
  readonly settleAll = (): void => {
    const epochs = new Set(this.units.filter((u) => u.elided !== undefined).map((u) => u.epoch))
    for (const epoch of epochs) this.wake(this.units.filter((u) => u.elided !== undefined && u.epoch === epoch), this.runtime.now)
  }

  /** Elider: a read of a client's or a gateway's state wakes the units it holds. */
  readonly settle = (id: string): void => {
    const unit = this.unitOfClient.get(id)
    if (unit?.elided !== undefined) this.wake([unit], this.runtime.now)
    if (this.elidedAt.has(id)) this.wakeAt(id)
  }

  /**
   * Brings `units` (elided at one look) to instant `t`: whole periods analytically, the rest of the last
   * one stepped for real in the kernel's order (their timers' generations break ties, as in the queue);
   * events still pending (due at `t` or later) go back into the kernel's queue.
   */
  private wake(units: ReadonlyArray<Unit>, t: Micros): void {
    const network = this.world.network
    const pending: Array<LocalEvent> = []
    const owner = new Map<string, Unit>()
    for (const u of units) {
      const { snap, clientDelta, sessionDelta } = u.elided!
      u.elided = undefined
      const cycles = Math.floor((t - snap.at) / PERIOD)
      const shift = cycles * PERIOD
      u.members.forEach((m, i) => {
        const gateway = snap.gateways[i]!
        this.host.setState(m.client, beats.withClientBeats(snap.clients[i]!, beats.advanceBeats(snap.clientBeats[i]!, clientDelta[i]!, cycles, PERIOD)))
        const session = beats.withSessionBeats(snap.sessions[i]!, beats.advanceBeats(snap.sessionBeats[i]!, sessionDelta[i]!, cycles, PERIOD))
        this.host.setState(gateway, withSession(this.host.heldState<GatewayState>(gateway), m.compId, session))
        this.host.watch(m.client, false)
        owner.set(m.client, u)
        owner.set(`${gateway}|${m.compId}`, u)
        const at = this.elidedAt.get(gateway)!
        at.delete(m.compId)
        if (at.size === 0) {
          this.elidedAt.delete(gateway)
          this.host.watch(gateway, false)
        }
      })
      for (const p of snap.pairs) network.setPairState(p.from, p.to, p.state, shift)
      pending.push(...shiftedTimers(snap.timers, shift))
    }
    catchUp(pending, t, this.host, (e, queue) => this.replay(e, owner, queue))
  }

  /** Steps one unit event at its own instant and queues what it schedules (only heartbeat traffic is possible). */
  private replay(e: LocalEvent, owner: ReadonlyMap<string, Unit>, { push, cancel }: CatchUp): void {
    const rt = this.runtime
    const input = e.input as Input<OcgMessage>
    const u = owner.get(e.machine) ?? owner.get(`${e.machine}|${compIdOf(input)}`)
    for (const action of this.host.stepAt(e.machine, input, e.at) as ReadonlyArray<Action<OcgMessage>>) {
      if (action._tag === "send") {
        const m = action.message
        const to = owner.get(action.to) ?? ("compId" in m ? owner.get(`${action.to}|${m.compId}`) : undefined)
        if (to === undefined || to !== u) throw new Error(`heartbeat elision: ${e.machine} sent outside its unit while idle`)
        const arrival = this.world.network.deliver(rt.nodeOf(e.machine), rt.nodeOf(action.to), action.bytes, e.at)
        if (arrival !== undefined) push({ at: arrival, born: e.at, seq: 0, machine: action.to, input: { _tag: "receive", from: e.machine, message: m }, timer: undefined })
      } else if (action._tag === "timer") {
        push(timerEvent(e.machine, action.name, e.at + action.after, e.at))
      } else if (action._tag === "cancel") {
        cancel(e.machine, action.name)
      } else throw new Error(`heartbeat elision: ${e.machine} did more than heartbeats while idle (${action._tag})`)
    }
  }
}

/** The Comp ID a gateway event is about: from a timer name (`hb:COMPID`) or the message. */
const compIdOf = (input: Input<OcgMessage>): string | undefined =>
  input._tag === "timer" ? input.name.slice(input.name.indexOf(":") + 1) : input._tag === "receive" && "compId" in input.message ? input.message.compId : undefined

/** Per member, the sequence numbers one period adds, when `later` is `earlier` one period on; else undefined. */
const periodic = (
  earlier: Snapshot,
  later: Snapshot
): { clientDelta: ReadonlyArray<beats.Beats>; sessionDelta: ReadonlyArray<beats.Beats> } | undefined => {
  if (later.at !== earlier.at + PERIOD || later.version !== earlier.version) return undefined
  const clientDelta: Array<beats.Beats> = []
  const sessionDelta: Array<beats.Beats> = []
  for (let i = 0; i < later.clients.length; i++) {
    if (later.gateways[i] !== earlier.gateways[i]) return undefined
    if (!beats.sameButBeatsClient(earlier.clients[i]!, later.clients[i]!)) return undefined
    if (!beats.sameButBeatsSession(earlier.sessions[i]!, later.sessions[i]!)) return undefined
    const c = beats.beatsDelta(earlier.clientBeats[i]!, later.clientBeats[i]!, PERIOD)
    const s = beats.beatsDelta(earlier.sessionBeats[i]!, later.sessionBeats[i]!, PERIOD)
    if (c === undefined || s === undefined) return undefined
    clientDelta.push(c)
    sessionDelta.push(s)
  }
  return movedOnByPeriod(earlier, later, PERIOD) ? { clientDelta, sessionDelta } : undefined
}
