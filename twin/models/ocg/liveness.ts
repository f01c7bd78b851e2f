/**
 * Heartbeat and Test Request timing of one side of an OCG-C session — the same rules on the BSS and on the
 * gateway (DOMAIN §1 Heartbeat: "The client is expected to employ the same logic").
 *
 * - Send a Heartbeat whenever nothing was transmitted for one interval (20 s).
 * - After 3 intervals with nothing received, send a Test Request; if nothing arrives within 3 more
 *   intervals, the peer is dead: Logout and disconnect.
 *
 * When to use: keep a `Liveness` in the session state, call `sent` / `received` on every message out / in,
 * and run the two timers through `onHeartbeatTimer` / `onIdleTimer`. Timers are re-armed lazily: a timer
 * fires at the instant due when it was armed and, if traffic moved the deadline since, re-arms for the
 * rest — one timer event per interval rather than one per message, with exact deadlines.
 *
 * Gotcha: any message from the peer counts as an answer to a Test Request (as in FIX), not only the
 * Heartbeat that carries its id.
 */
import { type Action, timer } from "../../engine/machine.ts"
import type { Micros } from "../../engine/time.ts"
import { heartbeatDue, logoutDue, testRequestDue } from "./rules.ts"

export interface Liveness {
  readonly lastTx: Micros
  readonly lastRx: Micros
  /** When the outstanding Test Request was sent, if one is. */
  readonly testSentAt: Micros | undefined
  readonly nextTestReqId: number
}

export const liveness = (lastTx: Micros, lastRx: Micros): Liveness => ({ lastTx, lastRx, testSentAt: undefined, nextTestReqId: 1 })

export const sent = (l: Liveness, now: Micros): Liveness => ({ ...l, lastTx: now })

export const received = (l: Liveness, now: Micros): Liveness => ({ ...l, lastRx: now, testSentAt: undefined })

export interface TimerNames {
  readonly heartbeat: string
  readonly idle: string
}

/** Arms both timers for a session that has just come up. */
export const armLiveness = <M>(names: TimerNames, l: Liveness, now: Micros, heartbeat: Micros): ReadonlyArray<Action<M>> => [
  timer(names.heartbeat, Math.max(0, heartbeatDue(l.lastTx, heartbeat) - now)),
  timer(names.idle, Math.max(0, idleDeadline(l, heartbeat) - now))
]

/** When the heartbeat timer is due: a firing before then only re-arms it (Machine.deadline). */
export const heartbeatDeadline = (l: Liveness, heartbeat: Micros): Micros => heartbeatDue(l.lastTx, heartbeat)

/** When the idle timer is due (a Test Request, or a Logout after one): a firing before then only re-arms it. */
export const idleDeadline = (l: Liveness, heartbeat: Micros): Micros =>
  l.testSentAt === undefined ? testRequestDue(l.lastRx, heartbeat) : logoutDue(l.testSentAt, heartbeat)

export type HeartbeatVerdict = { readonly _tag: "send" } | { readonly _tag: "wait"; readonly after: Micros }

/** The heartbeat timer fired: send a Heartbeat now (then re-arm a full interval), or wait for the rest. */
export const onHeartbeatTimer = (l: Liveness, now: Micros, heartbeat: Micros): HeartbeatVerdict => {
  const due = heartbeatDue(l.lastTx, heartbeat)
  return now >= due ? { _tag: "send" } : { _tag: "wait", after: due - now }
}

export type IdleVerdict =
  | { readonly _tag: "wait"; readonly after: Micros }
  /** Send a Test Request with `testReqId`; `liveness` records it; re-arm the idle timer for `after`. */
  | { readonly _tag: "test-request"; readonly liveness: Liveness; readonly testReqId: number; readonly after: Micros }
  | { readonly _tag: "dead" }

export const onIdleTimer = (l: Liveness, now: Micros, heartbeat: Micros): IdleVerdict => {
  const due = idleDeadline(l, heartbeat)
  if (now < due) return { _tag: "wait", after: due - now }
  if (l.testSentAt !== undefined) return { _tag: "dead" }
  const next: Liveness = { ...l, testSentAt: now, nextTestReqId: l.nextTestReqId + 1 }
  return { _tag: "test-request", liveness: next, testReqId: l.nextTestReqId, after: logoutDue(now, heartbeat) - now }
}
