/**
 * Eliding routine work: a wiring may leave out events whose outcome it knows (idle heartbeats and
 * keepalives, twin/simulate/ocg-elision.ts and keepalive-elision.ts) and work out the machines' states when
 * something happens, so that the trace is the one full simulation writes. This file is the whole contract
 * between such a wiring and the engine: what the wiring promises (`Elider`) and what the runtime lends it
 * (`ElisionHost`, from `Runtime.elide`). Nothing else — checks, reports, other wirings — needs to know that
 * work can be elided: they read machines through `Runtime.stateOf`, which has the eliders catch up first.
 *
 * Gotchas:
 * - Catching up must reproduce the kernel's order exactly: events put back carry the instant they were
 *   first scheduled (`born`), so they sort among same-instant events as they would have (scheduler.ts).
 * - The world catches everything up before it changes (`Runtime.catchUpElided`, called by
 *   twin/world/world.ts): elided work assumed the world as it was.
 * - Several eliders may share a runtime (one per system: OCG-C heartbeats, CSC heartbeats, ECP keepalives);
 *   each is offered the inputs of the machines it watches, and every one catches up on `stateOf` and
 *   before a world change.
 */
import type { Action, Input } from "./machine.ts"
import type { Micros } from "./time.ts"

/** What an eliding wiring promises the runtime. */
export interface Elider {
  /**
   * Sees an input before a watched machine gets it (`ElisionHost.watch`), to put back elided events that
   * must come first; true when it put any back (the kernel then looks at its queue again).
   */
  readonly intercept: (id: string, input: Input<unknown>) => boolean
  /** Catches machine `id` up to now before its state is read from outside (`Runtime.stateOf`). */
  readonly settle: (id: string) => void
  /** Catches everything up to now (before a change to the world: routes may change). */
  readonly settleAll: () => void
}

/** A named timer as armed: its generation tells a live heap event from a stale one. */
export interface ArmedTimer {
  generation: number
  at: Micros
  /** The instant it was armed (its place among events due at the same instant). */
  born: Micros
}

/** What the runtime lends an elider: reading and setting state as held, taking events out, putting them back. */
export interface ElisionHost {
  /** Inputs for machine `id` go through `Elider.intercept` first (`on`), or no longer (`off`). */
  watch(id: string, on: boolean): void
  /** The state the machine holds, as is (elided work not caught up: the elider knows what is missing). */
  heldState<S>(id: string): S
  setState(id: string, state: unknown): void
  /** The named timers machine `id` has armed, with when they fire. */
  armedTimers(id: string): ReadonlyMap<string, Readonly<ArmedTimer>>
  /** Takes timer `name` of `id` out (its queued event goes stale); see `restoreTimer`. */
  suspendTimer(id: string, name: string): void
  /** Arms timer `name` of `id` to fire at `at`, ordered as if armed at `born`. */
  restoreTimer(id: string, name: string, at: Micros, born: Micros): void
  /** Delivers `input` to `id` at `at`, ordered as if scheduled at `born`. */
  restoreInput(id: string, at: Micros, input: Input<unknown>, born: Micros): void
  /** Steps machine `id` with `input` as at instant `at` (≤ now) and returns its actions, not carried out. */
  stepAt<M>(id: string, input: Input<M>, at: Micros): ReadonlyArray<Action<M>>
}
