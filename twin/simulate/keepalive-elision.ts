/**
 * Keepalive elision: idle client–server sessions whose keepalives only prove the path alive (China Connect
 * heartbeats to a CCCG, ECP SFTP's SSH keepalives) are not simulated keepalive by keepalive. At scale they are
 * nearly all of those systems' events (at 6,000 participants ~80 M a day: ~3,300 CSC sessions every 20 s and
 * ~5,400 ECP clients every 30 s, four events each); their outcome is known, so the twin skips them and
 * works out the clients' states when something happens. The same idea as the OCG-C heartbeat elision
 * (ocg-elision.ts), for a simpler exchange: the server answers from state the keepalive does not change, so
 * only the clients and the network pairs between them and their servers move.
 *
 * A model says what its exchange is (`KeepaliveModel`): when a client is idle with a session up and to which
 * server, which of its timers are the cycle's, which may stay armed (they wake it: an order or a job due),
 * how a client's state moves on by whole periods, and which clients an input at a server concerns. The unit
 * is a participant's clients of one system (they share the pairs to their servers). Every `period` each unit
 * is looked at; when its state — the clients' states, their cycle timers, the pair queues — is exactly the
 * state one period earlier moved on by one period, with nothing in flight, no world change since and every
 * route steady (open, no loss, no jitter: SimNetwork.steady), its cycle timers are taken out and it is
 * elided from that instant.
 *
 * It wakes before anything else touches it: any input to one of its clients (a timer left armed, a
 * message), an input at a server that concerns one of its clients (`concerns`: a report relayed, a response
 * ready, the server powered down), a world change, a read of a client's state. Waking moves the clients on
 * by the whole periods passed, the pair queues likewise, steps the rest of the last period for real at its
 * past instants (the machines' own code, the network's own delivery; a server must answer without changing
 * its state, which is checked), and puts what is still pending back in the queue ordered as first scheduled.
 *
 * Same-instant order (as in ocg-elision.ts): units whose cycle timers share a microsecond of the period are
 * elided only together (at one look) and woken only together — a unit woken for its own reason wakes every
 * unit elided with it that shares one of its phases, and their events go back in the order the kernel
 * would have run them (their timers' generations) — so clients that keep in step stay in their order. A
 * unit whose phase is shared with a unit not elided at that look (live, or elided at another) waits, and so
 * does every unit in step with one that waits (elided-unit.ts `outOfStep`, to a fixed point).
 *
 * What it does not preserve: the engine event count (`metrics.events`).
 */
import type { Elider, ElisionHost } from "../engine/elision.ts"
import type { Action, Input } from "../engine/machine.ts"
import type { Runtime } from "../engine/runtime.ts"
import type { Micros } from "../engine/time.ts"
import type { World } from "../world/world.ts"
import { type CatchUp, catchUp, type LocalEvent, movedOnByPeriod, outOfStep, type PairQueue, type PendingTimer, quietPairs, shiftedTimers, sortTimers, timerEvent } from "./elided-unit.ts"

/** What a system's model tells the elision about its keepalive exchange (keepalive-csc.ts, keepalive-ecp.ts). */
export interface KeepaliveModel<S, V> {
  /** The server machine an idle client keeps its session alive with; undefined: not idle (connecting, working…). */
  readonly server: (client: S) => string | undefined
  /** The client's timers of the cycle: taken out while elided. */
  readonly cycleTimers: ReadonlySet<string>
  /** Other client timers that may stay armed while elided (their firing wakes the unit); any other: not idle. */
  readonly waits: (timer: string) => boolean
  /**
   * When `later` is `earlier` one `period` on, changed by the cycle alone: `later` moved on by `k` more
   * periods. Undefined otherwise.
   */
  readonly periodic: (earlier: S, later: S, period: Micros) => ((k: number) => S) | undefined
  /**
   * Before a server in state `server` takes `input`: the clients whose exchange or pair it may touch (a
   * report relayed to one, a session replaced), or every client of the server (`"all"`: powered down, closed).
   */
  readonly concerns: (server: V, input: Input<unknown>) => ReadonlyArray<string> | "all"
}

interface Snapshot<S> {
  readonly at: Micros
  readonly version: number
  /** Per client: its state and its server. */
  readonly states: ReadonlyArray<S>
  readonly servers: ReadonlyArray<string>
  /** The cycle timers, sorted as the kernel would run them: (at, born, generation). */
  readonly timers: ReadonlyArray<PendingTimer>
  readonly pairs: ReadonlyArray<PairQueue>
}

interface Unit<S> {
  readonly node: string
  readonly clients: ReadonlyArray<string>
  observed: Snapshot<S> | undefined
  /** When its timers fire, modulo the period (see `observe`). */
  phases: ReadonlyArray<Micros>
  /** The look at which it was elided. */
  epoch: number
  elided: { readonly snap: Snapshot<S>; readonly advance: ReadonlyArray<(k: number) => S> } | undefined
}

export class KeepaliveElision<S, V> implements Elider {
  private readonly runtime: Runtime
  private readonly host: ElisionHost
  private readonly world: World
  private readonly model: KeepaliveModel<S, V>
  private readonly period: Micros
  private readonly units: ReadonlyArray<Unit<S>>
  private readonly unitOfClient = new Map<string, Unit<S>>()
  /** Elided units by server and client. */
  private readonly elidedAt = new Map<string, Map<string, Unit<S>>>()
  /** Elided units by phase: those of one phase were elided at one look. */
  private readonly elidedByPhase = new Map<Micros, Set<Unit<S>>>()
  private looks = 0

  constructor(
    runtime: Runtime,
    world: World,
    model: KeepaliveModel<S, V>,
    period: Micros,
    units: ReadonlyArray<{ readonly node: string; readonly clients: ReadonlyArray<string> }>
  ) {
    this.runtime = runtime
    this.world = world
    this.model = model
    this.period = period
    this.units = units.map((u) => ({ ...u, observed: undefined, phases: [], epoch: -1, elided: undefined }))
    for (const u of this.units) for (const c of u.clients) this.unitOfClient.set(c, u)
    this.host = runtime.elide(this)
  }

  /** Looks at every unit at `at` and every period after (the first look only records). */
  start(at: Micros): void {
    const look = (): void => {
      this.observe()
      this.runtime.at(this.runtime.now + this.period, look)
    }
    this.runtime.at(at, look)
  }

  private observe(): void {
    this.looks++
    const now = this.runtime.now
    const candidates: Array<{ unit: Unit<S>; snap: Snapshot<S>; advance: ReadonlyArray<(k: number) => S> }> = []
    for (const u of this.units) {
      if (u.elided !== undefined) continue
      if (this.dueBefore(u, now + this.period)) {
        u.observed = undefined
        continue
      }
      // Nothing to compare with: a snapshot now serves only the next look, which a timer due by the look after will make busy.
      if (u.observed === undefined && this.dueBefore(u, now + 2 * this.period)) continue
      const snap = this.snapshot(u)
      const before = u.observed
      u.observed = snap
      if (snap === undefined || before === undefined) continue
      const advance = this.periodic(before, snap)
      if (advance !== undefined) candidates.push({ unit: u, snap, advance })
    }
    if (candidates.length === 0) return
    const alone = outOfStep(this.units, new Set(candidates.map((c) => c.unit)), (u) => this.phasesOf(u))
    for (const c of candidates) {
      if (!alone.has(c.unit)) continue
      c.unit.epoch = this.looks
      this.elide(c.unit, c.snap, c.advance)
    }
  }

  /** A timer other than the cycle's is due by `horizon`: the unit will be busy by then. */
  private dueBefore(u: Unit<S>, horizon: Micros): boolean {
    for (const c of u.clients) {
      for (const [name, t] of this.host.armedTimers(c)) if (!this.model.cycleTimers.has(name) && t.at <= horizon) return true
    }
    return false
  }

  /**
   * When its cycle timers fire, modulo the period: what the kernel's order among same-instant events could
   * tell apart once they are put back. Timers left armed stay in the queue, in their place.
   */
  private phasesOf(u: Unit<S>): ReadonlyArray<Micros> {
    const phases = new Set<Micros>()
    for (const c of u.clients) {
      for (const [name, t] of this.host.armedTimers(c)) if (this.model.cycleTimers.has(name)) phases.add(t.at % this.period)
    }
    return [...phases]
  }

  private snapshot(u: Unit<S>): Snapshot<S> | undefined {
    if (!this.world.settled) return undefined
    const now = this.runtime.now
    const states: Array<S> = []
    const servers: Array<string> = []
    const timers: Array<PendingTimer> = []
    for (const c of u.clients) {
      const state = this.host.heldState<S>(c)
      const server = this.model.server(state)
      if (server === undefined || !this.runtime.has(server)) return undefined
      for (const [name, t] of this.host.armedTimers(c)) {
        if (this.model.cycleTimers.has(name)) timers.push({ machine: c, name, at: t.at, born: t.born, generation: t.generation })
        else if (!this.model.waits(name)) return undefined
      }
      states.push(state)
      servers.push(server)
    }
    const pairs = quietPairs(this.world.network, u.node, new Set(servers.map((s) => this.runtime.nodeOf(s))), now)
    if (pairs === undefined) return undefined
    sortTimers(timers)
    return { at: now, version: this.world.state.version, states, servers, timers, pairs }
  }

  /** Per client, how to move the later snapshot's state on, when `later` is `earlier` one period on; else undefined. */
  private periodic(earlier: Snapshot<S>, later: Snapshot<S>): ReadonlyArray<(k: number) => S> | undefined {
    const p = this.period
    if (later.at !== earlier.at + p || later.version !== earlier.version) return undefined
    if (!movedOnByPeriod(earlier, later, p)) return undefined
    const advance: Array<(k: number) => S> = []
    for (let i = 0; i < later.states.length; i++) {
      if (later.servers[i] !== earlier.servers[i]) return undefined
      const a = this.model.periodic(earlier.states[i]!, later.states[i]!, p)
      if (a === undefined) return undefined
      advance.push(a)
    }
    return advance
  }

  private elide(u: Unit<S>, snap: Snapshot<S>, advance: ReadonlyArray<(k: number) => S>): void {
    u.elided = { snap, advance }
    u.observed = undefined
    for (const t of snap.timers) this.host.suspendTimer(t.machine, t.name)
    u.clients.forEach((c, i) => {
      this.host.watch(c, true)
      const server = snap.servers[i]!
      let at = this.elidedAt.get(server)
      if (at === undefined) this.elidedAt.set(server, (at = new Map()))
      at.set(c, u)
      this.host.watch(server, true)
    })
    for (const phase of u.phases) {
      let same = this.elidedByPhase.get(phase)
      if (same === undefined) this.elidedByPhase.set(phase, (same = new Set()))
      same.add(u)
    }
  }

  /** Elider: an input for an elided client, or one at a server that concerns elided clients, wakes them first. */
  readonly intercept = (id: string, input: Input<unknown>): boolean => {
    const unit = this.unitOfClient.get(id)
    if (unit !== undefined) {
      if (unit.elided === undefined) return false
      this.wakeWith([unit])
      return true
    }
    const at = this.elidedAt.get(id)
    if (at === undefined) return false
    const concerned = this.model.concerns(this.host.heldState<V>(id), input)
    const units = concerned === "all" ? [...at.values()] : concerned.flatMap((c) => at.get(c) ?? [])
    if (units.length === 0) return false
    this.wakeWith(units)
    return true
  }

  /** Elider: a read of a client's state wakes its unit (a server's state is never elided). */
  readonly settle = (id: string): void => {
    const unit = this.unitOfClient.get(id)
    if (unit?.elided !== undefined) this.wakeWith([unit])
  }

  /** Elider: before a world change every elided unit wakes (routes may change), each look's units together. */
  readonly settleAll = (): void => this.wakeByLook(this.units.filter((u) => u.elided !== undefined))

  /**
   * Wakes `units` and every elided unit that shares a phase with one of them (those were elided at the same
   * look and keep in step with it: woken together, they keep their order), each look's units together.
   */
  private wakeWith(units: ReadonlyArray<Unit<S>>): void {
    const woken = new Set<Unit<S>>()
    const todo = [...units]
    while (todo.length > 0) {
      const u = todo.pop()!
      if (woken.has(u) || u.elided === undefined) continue
      woken.add(u)
      for (const phase of u.phases) for (const other of this.elidedByPhase.get(phase) ?? []) if (!woken.has(other)) todo.push(other)
    }
    this.wakeByLook(woken)
  }

  /** Wakes `units` now, those elided at one look together (in the order of the looks). */
  private wakeByLook(units: Iterable<Unit<S>>): void {
    const looks = new Map<number, Array<Unit<S>>>()
    for (const u of units) {
      const same = looks.get(u.epoch)
      if (same === undefined) looks.set(u.epoch, [u])
      else same.push(u)
    }
    for (const same of [...looks].sort((a, b) => a[0] - b[0])) this.wake(same[1], this.runtime.now)
  }

  /**
   * Brings `units` (elided at one look) to instant `t`: whole periods by the model, the rest of the last one
   * stepped for real in the kernel's order (their timers' generations break ties, as in the queue); events
   * still pending (due at `t` or later) go back into the kernel's queue.
   */
  private wake(units: ReadonlyArray<Unit<S>>, t: Micros): void {
    const network = this.world.network
    const pending: Array<LocalEvent> = []
    const owner = new Map<string, Unit<S>>()
    for (const u of units) {
      const { snap, advance } = u.elided!
      u.elided = undefined
      const cycles = Math.floor((t - snap.at) / this.period)
      const shift = cycles * this.period
      u.clients.forEach((c, i) => {
        this.host.setState(c, advance[i]!(cycles))
        this.host.watch(c, false)
        owner.set(c, u)
        const server = snap.servers[i]!
        const at = this.elidedAt.get(server)!
        at.delete(c)
        if (at.size === 0) {
          this.elidedAt.delete(server)
          this.host.watch(server, false)
        }
      })
      for (const phase of u.phases) {
        const same = this.elidedByPhase.get(phase)!
        same.delete(u)
        if (same.size === 0) this.elidedByPhase.delete(phase)
      }
      for (const p of snap.pairs) network.setPairState(p.from, p.to, p.state, shift)
      pending.push(...shiftedTimers(snap.timers, shift))
    }
    catchUp(pending, t, this.host, (e, queue) => this.replay(e, owner, queue))
  }

  /**
   * Steps one unit event at its own instant and queues what it schedules: a client's keepalive to its
   * server, the server's answer back to that client (which must leave the server's state as it was), timers.
   */
  private replay(e: LocalEvent, owner: ReadonlyMap<string, Unit<S>>, { push, cancel }: CatchUp): void {
    const client = owner.has(e.machine)
    const u = client ? owner.get(e.machine) : e.input._tag === "receive" ? owner.get(e.input.from) : undefined
    if (u === undefined) throw new Error(`keepalive elision: ${e.machine} has no unit being woken`)
    const before = client ? undefined : this.host.heldState<V>(e.machine)
    const actions = this.host.stepAt(e.machine, e.input, e.at) as ReadonlyArray<Action<unknown>>
    if (!client && this.host.heldState<V>(e.machine) !== before) throw new Error(`keepalive elision: server ${e.machine} changed its state answering a keepalive`)
    for (const action of actions) {
      if (action._tag === "send") {
        // A client talks only to its server while idle, a server answers only the client that asked.
        const to = client ? this.model.server(this.host.heldState<S>(e.machine)) : e.input._tag === "receive" ? e.input.from : undefined
        if (action.to !== to) throw new Error(`keepalive elision: ${e.machine} sent to ${action.to} while idle`)
        const arrival = this.world.network.deliver(this.runtime.nodeOf(e.machine), this.runtime.nodeOf(action.to), action.bytes, e.at)
        if (arrival !== undefined) push({ at: arrival, born: e.at, seq: 0, machine: action.to, input: { _tag: "receive", from: e.machine, message: action.message }, timer: undefined })
      } else if (action._tag === "timer" && client) {
        push(timerEvent(e.machine, action.name, e.at + action.after, e.at))
      } else if (action._tag === "cancel" && client) {
        cancel(e.machine, action.name)
      } else throw new Error(`keepalive elision: ${e.machine} did more than keepalives while idle (${action._tag})`)
    }
  }
}
