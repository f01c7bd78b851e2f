/**
 * What the heartbeat and keepalive elisions (ocg-elision.ts, keepalive-elision.ts) share about a unit of
 * sessions taken out of the kernel: its timers and network pair queues as looked at, whether a later look
 * is an earlier one moved on by a period, and the catch-up that brings the unit back — the rest of the last
 * period stepped in the kernel's order on a queue of its own, what is still pending put back in the kernel.
 */
import type { ElisionHost } from "../engine/elision.ts"
import type { Input } from "../engine/machine.ts"
import { Scheduler } from "../engine/scheduler.ts"
import type { Micros } from "../engine/time.ts"
import type { SimNetwork } from "../world/sim-network.ts"

/** One of a unit's timers as looked at. */
export interface PendingTimer {
  readonly machine: string
  readonly name: string
  readonly at: Micros
  readonly born: Micros
  readonly generation: number
}

/** A network pair's queue as looked at (`SimNetwork.pairState`). */
export interface PairQueue {
  readonly from: string
  readonly to: string
  readonly state: { readonly wireFree: Micros; readonly arrival: Micros } | undefined
}

/** A unit event replayed while waking: a timer firing or a message arriving. */
export interface LocalEvent {
  readonly at: Micros
  readonly born: Micros
  readonly seq: number
  readonly machine: string
  readonly input: Input<unknown>
  readonly timer: string | undefined
}

/** The kernel's order: time, instant scheduled, then `seq` (a timer's generation; 0 for what a catch-up schedules). */
export const byOrder = (a: LocalEvent, b: LocalEvent): number => a.at !== b.at ? a.at - b.at : a.born !== b.born ? a.born - b.born : a.seq - b.seq

/** Timers sorted as the kernel would run them: (at, born, generation). */
export const sortTimers = (timers: Array<PendingTimer>): void => {
  timers.sort((a, b) => a.at !== b.at ? a.at - b.at : a.born !== b.born ? a.born - b.born : a.generation - b.generation)
}

/**
 * The queues of the pairs between node `node` and each of `peers`, both ways — undefined unless every route
 * is steady (open, no loss, no jitter, no shared cap) and nothing is in flight on any of them at `now`.
 */
export const quietPairs = (network: SimNetwork, node: string, peers: Iterable<string>, now: Micros): Array<PairQueue> | undefined => {
  const pairs: Array<PairQueue> = []
  for (const peer of peers) {
    for (const [from, to] of [[node, peer], [peer, node]] as const) {
      if (!network.steady(from, to)) return undefined
      const state = network.pairState(from, to)
      // Something still in flight on the pair: not a quiet instant.
      if (state !== undefined && state.arrival >= now) return undefined
      pairs.push({ from, to, state })
    }
  }
  return pairs
}

/** Whether the `later` look's timers and pair queues are the `earlier` look's moved on by `period`. */
export const movedOnByPeriod = (
  earlier: { readonly timers: ReadonlyArray<PendingTimer>; readonly pairs: ReadonlyArray<PairQueue> },
  later: { readonly timers: ReadonlyArray<PendingTimer>; readonly pairs: ReadonlyArray<PairQueue> },
  period: Micros
): boolean => {
  if (later.timers.length !== earlier.timers.length || later.pairs.length !== earlier.pairs.length) return false
  for (let i = 0; i < later.timers.length; i++) {
    const a = earlier.timers[i]!
    const b = later.timers[i]!
    if (a.machine !== b.machine || a.name !== b.name || b.at !== a.at + period || b.born !== a.born + period) return false
  }
  for (let i = 0; i < later.pairs.length; i++) {
    const a = earlier.pairs[i]!.state
    const b = later.pairs[i]!.state
    if (a === undefined || b === undefined) {
      if (a !== b) return false
    } else if (b.wireFree !== a.wireFree + period || b.arrival !== a.arrival + period) return false
  }
  return true
}

/**
 * Timer `name` firing at `at` for `machine`, as armed at `born` (`seq`: its generation, 0 if armed in the
 * catch-up). The input has the runtime's one shape for timers (`key` undefined: the machine looks the name
 * up), so the models' reads of `_tag` see no other.
 */
export const timerEvent = (machine: string, name: string, at: Micros, born: Micros, seq = 0): LocalEvent =>
  ({ at, born, seq, machine, input: { _tag: "timer", name, key: undefined }, timer: name })

/** A unit's timers as looked at, moved on by `shift`, as events of its catch-up. */
export const shiftedTimers = (timers: ReadonlyArray<PendingTimer>, shift: Micros): Array<LocalEvent> =>
  timers.map((x) => timerEvent(x.machine, x.name, x.at + shift, x.born + shift, x.generation))

/** What a replayed event schedules: `push` queues an event, `cancel` drops a timer of a machine. */
export interface CatchUp {
  readonly push: (e: LocalEvent) => void
  readonly cancel: (machine: string, timer: string) => void
}

/**
 * The catch-up of units woken at `t`: `pending` (their timers, moved on; sorted here) run on a queue of
 * their own in the kernel's order — the snapshots' timers by generation (one look, so comparable), what the
 * catch-up schedules after them — each event before `t` through `replay`; what is still pending at `t` goes
 * back into the kernel through `host`, ordered as first scheduled.
 */
export const catchUp = (pending: Array<LocalEvent>, t: Micros, host: ElisionHost, replay: (e: LocalEvent, queue: CatchUp) => void): void => {
  pending.sort(byOrder)
  // A unit's catch-up holds a few dozen events: a kernel sized for them, all in its heap (one is made at
  // every wake: a calendar's buckets would cost more than the catch-up).
  const queue = new Scheduler<LocalEvent>(64, { calendar: false })
  const armed = new Map<string, LocalEvent>()
  const push = (e: LocalEvent): void => {
    if (e.timer !== undefined) armed.set(`${e.machine}|${e.timer}`, e)
    queue.schedule(e.at, 0, 0, e, 0, e.born)
  }
  const cancel = (machine: string, timer: string): void => {
    armed.delete(`${machine}|${timer}`)
  }
  for (const e of pending) push(e)
  const live = (e: LocalEvent) => e.timer === undefined || armed.get(`${e.machine}|${e.timer}`) === e
  queue.runUntil(t - 1, (_target, _kind, e) => {
    if (!live(e!)) return
    if (e!.timer !== undefined) cancel(e!.machine, e!.timer)
    replay(e!, { push, cancel })
  })
  const rest: Array<LocalEvent> = []
  queue.runUntil(Infinity, (_target, _kind, e) => {
    if (live(e!)) rest.push(e!)
  })
  for (const e of rest) {
    if (e.timer !== undefined) host.restoreTimer(e.machine, e.timer, e.at, e.born)
    else host.restoreInput(e.machine, e.at, e.input, e.born)
  }
}

/** A unit as the same-instant rule sees it: elided or not, and its timers' phases in the period. */
export interface PhasedUnit {
  readonly elided: unknown
  phases: ReadonlyArray<Micros>
}

/**
 * Of the units periodic at a look (`chosen`), those that may be elided: none of their phases (worked out
 * now by `phasesOf` for every unit not elided) is shared by a unit outside them — live, or elided at another
 * look — since their events, put back later, could not be ordered against its at the same microsecond.
 * A unit left out stays live, so the units sharing a phase with it are left out too (to a fixed point).
 */
export const outOfStep = <U extends PhasedUnit>(units: ReadonlyArray<U>, chosen: ReadonlySet<U>, phasesOf: (u: U) => ReadonlyArray<Micros>): ReadonlySet<U> => {
  const elsewhere = new Set<Micros>()
  for (const u of units) {
    if (u.elided === undefined) u.phases = phasesOf(u)
    if (!chosen.has(u)) for (const phase of u.phases) elsewhere.add(phase)
  }
  let kept = [...chosen]
  for (;;) {
    const next: Array<U> = []
    const left: Array<U> = []
    for (const u of kept) (u.phases.some((phase) => elsewhere.has(phase)) ? left : next).push(u)
    if (left.length === 0) return new Set(kept)
    for (const u of left) for (const phase of u.phases) elsewhere.add(phase)
    kept = next
  }
}
