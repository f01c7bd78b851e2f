/**
 * Runs state machines on the kernel: delivers their inputs in time order, carries out their actions, and
 * writes what they emit to the trace. Messages travel over a `Network`, which says when (or whether) a
 * message sent now from one node arrives at another — link latency, loss, faults and routing live there.
 *
 * One runtime is one deterministic world: the same machines, network and hooks give the same trace.
 *
 * A wiring may elide its machines' routine events (twin/simulate/ocg-elision.ts, keepalive-elision.ts): it
 * registers as one of the runtime's `Elider`s with `elide` and works through the `ElisionHost` it gets back
 * (elision.ts, the whole contract); the runtime has every elider catch up before a machine's state is read
 * (`stateOf`) and before the world changes (`catchUpElided`).
 */
import { traceEvent } from "../contract/trace-event.ts"
import type { TraceKind, TraceKinds } from "../contract/trace-kinds.ts"
import type { ArmedTimer, Elider, ElisionHost } from "./elision.ts"
import { type Action, type Input, type Machine, STANDING_STREAM } from "./machine.ts"
import { Scheduler } from "./scheduler.ts"
import { type StreamEnd, Streams } from "./streams.ts"
import type { Backoff } from "./tcp.ts"
import type { Micros } from "./time.ts"
import type { TraceSink } from "./trace.ts"

export interface Network {
  /**
   * Arrival time of a message of `bytes` sent at `now` from node `from` to node `to`, or undefined if lost.
   * `multicast` is set for a copy of a multicast message: one id per multicast action, the same for every
   * receiver (elements that do not forward multicast drop it; a shared link carries it once). `ranged`: the
   * copy stands for the sequence range the runtime asks `lostInRange` about, so random loss is that
   * range's, per packet of it (`lostInRange`), never the whole copy's.
   */
  readonly deliver: (from: string, to: string, bytes: number, now: Micros, multicast?: number, ranged?: boolean) => Micros | undefined
  /**
   * Which sequence numbers `first..last` of `stream`, sent at `now` from `from`, are lost before `to`
   * (sorted). Called only for messages `deliver` let through. The network loses packets of `perPacket`
   * consecutive numbers from `first` (default 1: each number on its own).
   */
  readonly lostInRange: (from: string, to: string, stream: string, first: number, last: number, now: Micros, perPacket?: number) => ReadonlyArray<number>
  /**
   * Optional, both or neither: a handle on the pair `from` → `to` (the same for the whole run), and
   * `deliver` through it — the runtime keeps handles per sender and receiver, saving a lookup per message.
   */
  readonly channel?: (from: string, to: string) => unknown
  readonly deliverOn?: (channel: unknown, bytes: number, now: Micros) => Micros | undefined
  /**
   * Optional, with `channel`: `deliverOn` for a message on a TCP connection (tcp.ts) — random loss delays
   * it by the retransmissions on `backoff` that got it through rather than dropping it; undefined when the
   * path is cut (or every retransmission was lost), RESET (tcp.ts) when an end of it is down. Without it
   * the runtime uses `deliver`, and an undefined there is a cut.
   */
  readonly deliverStream?: (channel: unknown, bytes: number, now: Micros, backoff: Backoff) => Micros | undefined
  /** Optional: the runtime holds messages on the channel (true) or no longer (false), for `steady` reads. */
  readonly holding?: (channel: unknown, held: boolean) => void
}

/**
 * Every pair of nodes `latency` µs apart; `blocked(from, to, now)` drops a message, `lost(to, stream, seq)`
 * drops one sequence number of a multicast range: for tests of protocol timing.
 */
export const constantNetwork = (
  latency: Micros,
  blocked: (from: string, to: string, now: Micros) => boolean = () => false,
  lost: (to: string, stream: string, seq: number) => boolean = () => false
): Network => ({
  deliver: (from, to, _bytes, now) => (blocked(from, to, now) ? undefined : now + latency),
  lostInRange: (_from, to, stream, first, last) => {
    const out: Array<number> = []
    for (let s = first; s <= last; s++) if (lost(to, stream, s)) out.push(s)
    return out
  }
})

/**
 * The runtime's record of an armed timer, also the payload of its heap event: a firing checks the event's
 * generation against the record's (no lookup by name), and hands the machine the one input object the
 * record keeps. A record no longer armed (fired, cancelled, suspended) has generation -1; a fired one is
 * taken out of `timers` after its machine's step unless the step re-armed it.
 */
interface TimerRecord extends ArmedTimer {
  readonly name: string
  readonly input: Input<unknown>
  /** The machine's `timerKey(name)`, for its `deadline` (machine.ts). */
  readonly key: unknown
}

interface Slot {
  readonly index: number
  readonly id: string
  readonly node: string
  readonly machine: Machine<unknown, unknown, unknown>
  state: unknown
  readonly timers: Map<string, TimerRecord>
  /** The machine this one last sent to, and where that is. */
  lastTo: string | undefined
  last: Destination | undefined
  /**
   * Where each machine this one sends to is, by id, made on first use: one lookup per send where it was
   * two (the id's index, then the channel), for a gateway answering hundreds of sessions in turn.
   */
  destinations: Map<string, Destination> | undefined
}

/**
 * A machine sent to: its index and the network's channel to it (undefined when the network has none);
 * for TCP sends, the connection last written to and what the sender's kernel holds on it (streams.ts).
 */
interface Destination extends StreamEnd {
  readonly target: number
}

const INPUT = 0
const TIMER = 1
const HOOK = 2

/** An input, a timer's record (its generation rides in the event's number), or a hook. */
type Payload = Input<unknown> | TimerRecord | (() => void)

export class Runtime {
  private readonly scheduler = new Scheduler<Payload>()
  private readonly slots: Array<Slot> = []
  private readonly index = new Map<string, number>()
  private timerGeneration = 0
  /** Multicast actions performed so far: each one's id for the network. */
  private multicasts = 0
  private readonly groups = new Map<string, Array<number>>()
  /** Machines fed a group's multicasts inside the sender's own system (`subscribeInternal`). */
  private readonly internal = new Map<string, Array<number>>()
  /** The eliders (elision.ts), and per machine which of them watch its inputs (a bit each). */
  private readonly eliders: Array<Elider> = []
  private readonly watchedBy: Array<number> = []
  /** The record of the timer whose machine is stepping now, and its slot (cleared if the step cancels it). */
  private firing: TimerRecord | undefined
  private firingSlot: Slot | undefined

  private readonly network: Network
  private readonly trace: TraceSink

  private readonly streams: Streams

  constructor(network: Network, trace: TraceSink) {
    this.network = network
    this.trace = trace
    this.streams = new Streams(network, {
      now: () => this.now,
      at: (at, hook) => this.at(at, hook),
      arrive: (at, target, from, message) => this.scheduler.schedule(at, target, INPUT, { _tag: "receive", from, message })
    })
  }

  get now(): Micros {
    return this.scheduler.now
  }

  /** Events handled so far (inputs, timers and hooks), exact also while a run is under way. */
  get events(): number {
    return this.scheduler.ran
  }

  /** Adds a machine with id `id` hosted on estate node `node`; it receives `start` at `startAt`. */
  add<S, M, K>(id: string, node: string, machine: Machine<S, M, K>, state: S, startAt: Micros = this.now): void {
    if (this.index.has(id)) throw new Error(`machine ${id} added twice`)
    this.index.set(id, this.slots.length)
    this.slots.push({ index: this.slots.length, id, node, machine: machine as Machine<unknown, unknown, unknown>, state, timers: new Map(), lastTo: undefined, last: undefined, destinations: undefined })
    this.scheduler.schedule(Math.max(startAt, this.now), this.slots.length - 1, INPUT, { _tag: "start" })
  }

  /** Machine `id` receives what is multicast to `group` (in subscription order). */
  subscribe(group: string, id: string): void {
    const i = this.index.get(id)
    if (i === undefined) throw new Error(`no machine ${id}`)
    const members = this.groups.get(group)
    if (members === undefined) this.groups.set(group, [i])
    else if (!members.includes(i)) members.push(i)
  }

  /**
   * Machine `id` receives what is multicast to `group` at the instant it is sent, without crossing the
   * network and with nothing lost: a feed inside the sender's own system, e.g. the OMD retransmission
   * servers' copy of the channels (twin/simulate/wire-omd.ts), which HKEX feeds internally and not over the
   * participants' multicast paths. Costs one lookup per multicast action.
   */
  subscribeInternal(group: string, id: string): void {
    const i = this.index.get(id)
    if (i === undefined) throw new Error(`no machine ${id}`)
    const members = this.internal.get(group)
    if (members === undefined) this.internal.set(group, [i])
    else if (!members.includes(i)) members.push(i)
  }

  unsubscribe(group: string, id: string): void {
    const i = this.index.get(id)
    const members = this.groups.get(group)
    if (i === undefined || members === undefined) return
    const at = members.indexOf(i)
    if (at >= 0) members.splice(at, 1)
  }

  /**
   * Machine `to` also receives the inputs already on their way to machine `from` (queued for it, not run
   * yet) that `keep` chooses, each at its own instant and in its order among them. For a machine that
   * takes over part of `from`'s work with a copy of its state (a cohort of feed handlers splitting,
   * twin/simulate/wire-omd.ts): the network judged those messages when they were sent, before `to` existed,
   * so the copy must hear what `from` has yet to hear, including what arrives at this very instant.
   * Not the timers: the copy's own state says which it arms.
   */
  shareInFlight<M>(from: string, to: string, keep: (input: Input<M>) => boolean): void {
    const target = this.slotOf(to).index
    for (const e of this.scheduler.queuedFor(this.slotOf(from).index)) {
      if (e.kind !== INPUT) continue
      const input = e.payload as Input<M>
      // Same due time and instant scheduled: the copy sorts among other machines' events as the original does.
      if (keep(input)) this.scheduler.schedule(e.time, target, INPUT, input, e.arg, e.born)
    }
  }

  /** Machine `id`'s state as of now (elided work caught up first, elision.ts). */
  stateOf<S>(id: string): S {
    for (const e of this.eliders) e.settle(id)
    return this.slotOf(id).state as S
  }

  /**
   * Registers a wiring that elides its machines' routine events (elision.ts); returns what it works
   * through. Several may (each system's own, at most 30); each is offered the inputs it watches.
   */
  elide(elider: Elider): ElisionHost {
    const bit = 1 << this.eliders.length
    if (this.eliders.length === 30) throw new Error("Runtime.elide: at most 30 eliders")
    this.eliders.push(elider)
    return { ...this.elision, watch: (id, on) => this.watchFor(bit, this.slotOf(id).index, on) }
  }

  private watchFor(bit: number, index: number, on: boolean): void {
    const was = this.watchedBy[index] ?? 0
    const now = on ? was | bit : was & ~bit
    this.watchedBy[index] = now
    this.scheduler.watch(index, now !== 0)
  }

  /** Offers an input of watched machine `slot` to the eliders watching it; true when one put events back. */
  private intercept(slot: Slot, input: Input<unknown>): boolean {
    const watching = this.watchedBy[slot.index] ?? 0
    let put = false
    for (let i = 0; i < this.eliders.length; i++) if ((watching & (1 << i)) !== 0 && this.eliders[i]!.intercept(slot.id, input)) put = true
    return put
  }

  /** Has elided work catch up to now (the world calls it before it changes). */
  catchUpElided(): void {
    for (const e of this.eliders) e.settleAll()
  }

  /**
   * What an elision host reads and changes (elision.ts; `elide` adds its `watch`), also for the simulation
   * side's reads that know what elided work leaves unchanged (twin/simulate/ocg-books.ts).
   */
  readonly elision: Omit<ElisionHost, "watch"> = {
    heldState: <S>(id: string) => this.slotOf(id).state as S,
    setState: (id, state) => {
      this.slotOf(id).state = state
    },
    armedTimers: (id) => this.slotOf(id).timers,
    suspendTimer: (id, name) => {
      const slot = this.slotOf(id)
      if (this.firingSlot === slot && this.firing?.name === name) this.firing = undefined
      disarm(slot, name)
    },
    restoreTimer: (id, name, at, born) => this.arm(this.slotOf(id), name, at, born),
    restoreInput: (id, at, input, born) => this.scheduler.schedule(at, this.slotOf(id).index, INPUT, input, 0, born),
    stepAt: <M>(id: string, input: Input<M>, at: Micros) => {
      const slot = this.slotOf(id)
      const [next, actions] = slot.machine.step(slot.state, input as Input<unknown>, at)
      slot.state = next
      return actions as ReadonlyArray<Action<M>>
    }
  }

  /** The estate nodes that host machines of this runtime. */
  machineNodes(): ReadonlySet<string> {
    return new Set(this.slots.map((s) => s.node))
  }

  nodeOf(id: string): string {
    return this.slotOf(id).node
  }

  has(id: string): boolean {
    return this.index.has(id)
  }

  private slotOf(id: string): Slot {
    const i = this.index.get(id)
    if (i === undefined) throw new Error(`no machine ${id}`)
    return this.slots[i]!
  }

  /** Delivers `input` to machine `id` at `at` (scenario steps, faults, tests). */
  inject<M>(at: Micros, id: string, input: Input<M>): void {
    const i = this.index.get(id)
    if (i === undefined) throw new Error(`no machine ${id}`)
    this.scheduler.schedule(at, i, INPUT, input as Input<unknown>)
  }

  /** Runs `hook` at `at`, in order with everything else (world changes: faults, cutover moves). */
  at(at: Micros, hook: () => void): void {
    this.scheduler.schedule(at, -1, HOOK, hook)
  }

  /** Writes a trace event that belongs to no machine (world changes, health, metrics); typed by its kind. */
  record<K extends TraceKind>(kind: K, subject: string, data: TraceKinds[K]): void {
    this.trace.write(traceEvent(this.now, kind, subject, data))
  }

  run(until: Micros): number {
    const n = this.scheduler.runUntil(
      until,
      (target, kind, payload, generation) => {
        if (kind === HOOK) return (payload as () => void)()
        const slot = this.slots[target]!
        if (kind === TIMER) {
          const armed = payload as TimerRecord
          if (armed.generation !== generation) return // re-armed or cancelled since
          // Fired: the record stays in place while the machine steps, so that re-arming it (the common
          // case: heartbeats, keepalives, ticks) updates it instead of deleting and adding a record.
          // A lazy re-arm the machine can tell without a step (Machine.deadline): re-armed as its step would.
          const deadline = slot.machine.deadline
          if (deadline !== undefined) {
            const due = deadline(slot.state, armed.name, this.scheduler.now, armed.key)
            if (due !== undefined && due > this.scheduler.now) return this.schedule(slot, armed, due, this.scheduler.now)
          }
          armed.generation = -1
          this.firing = armed
          this.firingSlot = slot
          this.step(slot, armed.input)
          // Still this slot's record under its name unless the step cancelled it (which forgets `firing`).
          const kept = this.firing === armed || slot.timers.get(armed.name) === armed
          this.firing = undefined
          this.firingSlot = undefined
          if (armed.generation === -1 && kept) slot.timers.delete(armed.name)
          return
        }
        this.step(slot, payload as Input<unknown>)
      },
      this.eliders.length === 0 ? undefined : (target, kind, payload, generation) => {
        if (kind === HOOK) return false
        const slot = this.slots[target]!
        if (kind !== TIMER) return this.intercept(slot, payload as Input<unknown>)
        const armed = payload as TimerRecord
        return armed.generation === generation && this.intercept(slot, armed.input)
      }
    )
    return n
  }

  private arm(slot: Slot, name: string, at: Micros, born: Micros): void {
    // The timer firing now re-arming itself (heartbeats, ticks) needs no lookup.
    const firing = this.firing
    const armed = firing !== undefined && this.firingSlot === slot && firing.name === name ? firing : slot.timers.get(name)
    if (armed === undefined) {
      const generation = ++this.timerGeneration
      const key = slot.machine.timerKey?.(name)
      // One shape for every timer input, keyed or not: the runtime's and the machines' reads of `_tag` stay
      // monomorphic in it (a fifth input shape made every such read slower in a one-world run).
      const record: TimerRecord = { generation, at, born, name, input: { _tag: "timer", name, key }, key }
      slot.timers.set(name, record)
      this.scheduler.schedule(at, slot.index, TIMER, record, generation, born)
    } else this.schedule(slot, armed, at, born) // re-armed in place: a timer is re-armed on every heartbeat
  }

  /** Re-arms the record of one of `slot`'s timers (in `slot.timers`) for `at`, as armed at `born`. */
  private schedule(slot: Slot, armed: TimerRecord, at: Micros, born: Micros): void {
    const generation = ++this.timerGeneration
    armed.generation = generation
    armed.at = at
    armed.born = born
    this.scheduler.schedule(at, slot.index, TIMER, armed, generation, born)
  }

  /** Where machine `to` is for `slot`'s sends (undefined: no such machine). */
  private destination(slot: Slot, to: string): Destination | undefined {
    const destinations = slot.destinations ?? (slot.destinations = new Map())
    let d = destinations.get(to)
    if (d === undefined) {
      const target = this.index.get(to)
      if (target === undefined) return undefined
      const channel = this.network.channel === undefined ? undefined : this.network.channel(slot.node, this.slots[target]!.node)
      destinations.set(to, (d = { target, channel, stream: undefined, held: undefined }))
    }
    return d
  }

  private step(slot: Slot, input: Input<unknown>): void {
    const [next, actions] = slot.machine.step(slot.state, input, this.now)
    slot.state = next
    for (const action of actions) this.perform(slot, action)
  }

  private perform(slot: Slot, action: Action<unknown>): void {
    switch (action._tag) {
      case "send": {
        // Most machines send to the same machine again and again (a session to its gateway): lookups saved.
        let d = action.to === slot.lastTo ? slot.last : undefined
        if (d === undefined) {
          d = this.destination(slot, action.to)
          if (d === undefined) {
            this.record("net.unknown-destination", slot.id, { to: action.to })
            return
          }
          slot.lastTo = action.to
          slot.last = d
        }
        if (action.stream !== undefined) {
          // A connection's first message, in either direction, stands for its SYN (tcp.ts); a standing one has none.
          const opening = action.stream !== STANDING_STREAM && d.stream !== action.stream &&
            this.slots[d.target]!.destinations?.get(slot.id)?.stream !== action.stream
          return this.streams.send(d, slot.id, slot.node, this.slots[d.target]!.node, action.stream, opening, action.message, action.bytes)
        }
        const { target, channel } = d
        const arrival = channel === undefined
          ? this.network.deliver(slot.node, this.slots[target]!.node, action.bytes, this.now)
          : this.network.deliverOn!(channel, action.bytes, this.now)
        if (arrival === undefined) return
        this.scheduler.schedule(arrival, target, INPUT, { _tag: "receive", from: slot.id, message: action.message })
        return
      }
      case "multicast": {
        const range = action.range
        const id = ++this.multicasts
        for (const target of this.groups.get(action.group) ?? []) {
          const to = this.slots[target]!.node
          const arrival = this.network.deliver(slot.node, to, action.bytes, this.now, id, range !== undefined)
          if (arrival === undefined) continue
          const input: Input<unknown> = range === undefined
            ? { _tag: "receive", from: slot.id, message: action.message }
            : {
              _tag: "receive",
              from: slot.id,
              message: action.message,
              lost: this.network.lostInRange(slot.node, to, range.stream, range.first, range.last, this.now, range.perPacket)
            }
          this.scheduler.schedule(arrival, target, INPUT, input)
        }
        const inside = this.internal.size === 0 ? undefined : this.internal.get(action.group)
        if (inside !== undefined) {
          for (const target of inside) this.scheduler.schedule(this.now, target, INPUT, { _tag: "receive", from: slot.id, message: action.message })
        }
        return
      }
      case "close": {
        const d = this.destination(slot, action.to)
        if (d !== undefined) this.streams.close(d, action.stream)
        return
      }
      case "timer":
        return this.arm(slot, action.name, this.now + action.after, this.now)
      case "cancel":
        if (this.firingSlot === slot && this.firing?.name === action.name) this.firing = undefined
        disarm(slot, action.name)
        return
      case "emit":
        this.trace.write({ t: this.now, kind: action.kind, subject: action.subject ?? slot.id, data: action.data })
    }
  }
}

const disarm = (slot: Slot, name: string): void => {
  const armed = slot.timers.get(name)
  if (armed === undefined) return
  armed.generation = -1
  slot.timers.delete(name)
}
