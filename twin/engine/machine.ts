/**
 * A simulated node's behaviour as a pure state machine: `step(state, input, now) → [state, actions]`.
 *
 * Machines never read a clock, never draw random numbers and never touch sockets; the runtime feeds them
 * inputs (start, their own timers firing, messages arriving) and carries out their actions (send a message
 * over the simulated network, arm or cancel a named timer, emit a trace event). The same machines run in the
 * virtual-time engine and, later, in the live rig driven by a wall-clock pacer.
 *
 * Gotchas: a machine must not mutate the state it was given (return a new one, or the same object when
 * nothing changed) — except through a linear table (keyed-table.ts), whose write spends the version the
 * state holds: nothing reads a machine's earlier state, and a reader that keeps one for later copies its
 * tables (dr-takeover.ts) — and except a record several machines share by design, counted in place within
 * their steps (twin/models/omd/rts-requests.ts: the RTS servers' one count per user). Timers are named per
 * machine and re-arming a name replaces the earlier timer.
 */
import type { TraceKind, TraceKinds } from "../contract/trace-kinds.ts"
import type { TraceData } from "../contract/trace-value.ts"
import type { Micros } from "./time.ts"

/** Values a trace event may carry (twin/contract/trace-value.ts). */
export type { TraceData, TraceValue } from "../contract/trace-value.ts"

export type Input<M> =
  | { readonly _tag: "start" }
  /**
   * Timer `name` fires. `key`: the machine's `timerKey(name)` (Machine.timerKey), worked out when the timer
   * was first armed, on the runtime's firings; a timer input made elsewhere (a catch-up) may leave it out.
   */
  | { readonly _tag: "timer"; readonly name: string; readonly key?: unknown }
  /**
   * A message arrives. For a multicast that carried a sequence `range`, `lost` lists the sequence numbers
   * of that range lost on the way to this receiver (sorted; empty when none).
   */
  | { readonly _tag: "receive"; readonly from: string; readonly message: M; readonly lost?: ReadonlyArray<number> }

/** The block of sequence numbers a multicast stands for (see the `multicast` action). */
export interface SeqBlock {
  readonly stream: string
  readonly first: number
  readonly last: number
  readonly perPacket?: number
}

export type Action<M> =
  /**
   * Send to another machine by id; `bytes` is the size on the wire (for MTU and capacity). `stream`: the
   * number of the TCP connection the message travels on — the network never loses it, the sender's
   * kernel retransmits it while the path is cut and delivers it in order (tcp.ts); a message on a newer
   * connection between the same two machines ends the older one. Undefined: a datagram, lost when the
   * path does not carry it.
   */
  | { readonly _tag: "send"; readonly to: string; readonly message: M; readonly bytes: number; readonly stream: number | undefined }
  /**
   * Close TCP connection `stream` towards `to` (the socket's close()). One whose opening the path has not
   * carried yet is aborted with everything written on it (a SYN never retransmitted again); an established
   * one still sends what it holds, in order, for a while (an orphaned socket, tcp.ts). The model writes its
   * own goodbye (a Logout, a Disconnect) before closing when it has one.
   */
  | { readonly _tag: "close"; readonly to: string; readonly stream: number }
  /**
   * Send to every machine subscribed to `group` (runtime.subscribe), each over its own path. `range`, when
   * given, is the block of sequence numbers the message stands for (a time slice of a market-data
   * channel): the network then reports per receiver which of them were lost, losses on a shared link being
   * the same for every receiver behind it. `stream` names the sequence space (e.g. `omdc/SS/A`);
   * `perPacket` (default 1) how many consecutive numbers one packet carries — the network loses packets,
   * so whole runs of that many numbers from `first` (twin/models/omd/stream.ts).
   */
  | {
    readonly _tag: "multicast"
    readonly group: string
    readonly message: M
    readonly bytes: number
    readonly range?: SeqBlock
  }
  /** (Re)arm the machine's timer `name` to fire `after` µs from now. */
  | { readonly _tag: "timer"; readonly name: string; readonly after: Micros }
  | { readonly _tag: "cancel"; readonly name: string }
  /**
   * A trace event whose subject is this machine (or `subject` when given, e.g. a participant). Made by
   * `emit`, which checks the data against the kind's type; the runtime writes any kind (engine tests run
   * machines that emit kinds of their own), the twin's machines write only through `emit`.
   */
  | { readonly _tag: "emit"; readonly kind: string; readonly data: TraceData; readonly subject?: string }

export type Step<S, M> = readonly [S, ReadonlyArray<Action<M>>]

export interface Machine<S, M, K = undefined> {
  readonly step: (state: S, input: Input<M>, now: Micros) => Step<S, M>
  /**
   * Optional, for timers the machine re-arms lazily (a heartbeat timer whose deadline traffic moved on):
   * when timer `name` fires at `now`, the instant it is really due given `state`. A result later than `now`
   * promises that stepping would only re-arm `name` for that instant — state unchanged, no other action —
   * so the runtime re-arms it itself without a step (same instant armed, same order). Undefined (or a
   * result ≤ now): the runtime steps as usual. `key` is `timerKey(name)`.
   */
  readonly deadline?: (state: S, name: string, now: Micros, key: K) => Micros | undefined
  /**
   * Optional, beside `deadline`: what `deadline` needs to know of timer `name` that the name alone says
   * (e.g. the session it belongs to), worked out once when the timer is first armed — the runtime keeps it
   * with the timer through its re-arms — rather than on every firing (a gateway's timers fire ~700,000
   * times a trading hour). Without it `key` is undefined.
   */
  readonly timerKey?: (name: string) => K
}

/** Helpers that keep machine code short. */
/** A message from operations (not over the network: a scenario's or the twin's own command, e.g. a DR take-over), as a machine receives it. */
export const fromOps = <M>(message: M): Input<M> => ({ _tag: "receive", from: "ops", message })

/**
 * The stream of a standing TCP connection: one opened before the run and never replaced (a link inside
 * HKEX, e.g. an OCG-C gateway to the OTP-C host), so its first message in the run is data, not a SYN.
 * Connections a model opens during the run number from 1.
 */
export const STANDING_STREAM = 0

export const send = <M>(to: string, message: M, bytes: number, stream?: number): Action<M> => ({ _tag: "send", to, message, bytes, stream })
export const close = <M = never>(to: string, stream: number): Action<M> => ({ _tag: "close", to, stream })
export const multicast = <M>(
  group: string,
  message: M,
  bytes: number,
  range?: SeqBlock
): Action<M> => (range === undefined ? { _tag: "multicast", group, message, bytes } : { _tag: "multicast", group, message, bytes, range })
export const timer = <M = never>(name: string, after: Micros): Action<M> => ({ _tag: "timer", name, after })
export const cancel = <M = never>(name: string): Action<M> => ({ _tag: "cancel", name })
/** A trace event of kind `kind`: its data must be the kind's type (twin/contract/trace-kinds.ts). */
export const emit = <K extends TraceKind, M = never>(kind: K, data: TraceKinds[K], subject?: string): Action<M> =>
  subject === undefined ? { _tag: "emit", kind, data } : { _tag: "emit", kind, data, subject }
