/**
 * How a BSS gets (back) to a logged-on session, DOMAIN §1 step by step:
 * - Lookup Service endpoints in order, cycling; 5 s after a failure or a rejection (Lookup retry).
 * - The Lookup Response's primary gateway first, then the secondary, then back to the Lookup Service,
 *   from its first endpoint (Unexpected disconnect).
 * - 60 s for a Logon response, then drop the connection and wait 60 s (Logon); 10 s after a disconnect
 *   or a Logout (Logon).
 * - A session that ends unexpectedly starts again at the primary (Unexpected disconnect).
 *
 * One timer (`STEP`) carries the whole procedure: a wait, a Lookup timeout or a Logon timeout.
 */
import { cancel, timer } from "../../engine/machine.ts"
import type { Micros } from "../../engine/time.ts"
import { armLiveness, liveness, received } from "./liveness.ts"
import type { OcgMessage, OcgWire } from "./messages.ts"
import { notePending } from "./order-acks.ts"
import { FIRST_SEQUENCE, LOGON_RESPONSE_TIMEOUT, LOOKUP_RETRY_WAIT, RECONNECT_WAIT } from "./rules.ts"
import { type Acc, type ClientPhase, event, NAMES, type NextAttempt, type Role, STEP, write } from "./client-state.ts"

export const go = (a: Acc, next: NextAttempt): void => {
  const conn = a.s.nextConn
  a.s = { ...a.s, nextConn: conn + 1 }
  const pair = a.s.gateways
  if (next._tag === "lookup" || pair === undefined) {
    const endpoints = a.s.config.lookupEndpoints
    const endpoint = endpoints[a.s.endpoint % endpoints.length]!
    a.s = { ...a.s, phase: { _tag: "lookup", endpoint, conn } }
    write(a, endpoint, conn, { _tag: "LookupRequest" })
    a.actions.push(timer(STEP, a.s.config.lookupTimeout))
    event(a, { event: "lookup", endpoint })
    return
  }
  const gateway = pair[next.role]
  a.s = { ...a.s, phase: { _tag: "logon", role: next.role, gateway, conn, sentAt: a.now } }
  write(a, gateway, conn, { _tag: "Logon", nextExpected: a.s.nextIn })
  // Until the first Logon of the day is answered the BSS stays at sequence number 1 (see the header).
  if (!a.s.loggedOnOnce) a.s = { ...a.s, nextOut: FIRST_SEQUENCE }
  a.actions.push(timer(STEP, LOGON_RESPONSE_TIMEOUT))
  event(a, { event: "logon-sent", gateway, role: next.role })
}

export const wait = (a: Acc, next: NextAttempt, after: Micros): void => {
  a.s = { ...a.s, phase: { _tag: "waiting", next } }
  a.actions.push(timer(STEP, after))
}

export const lookupFailed = (a: Acc, endpoint: string, reason: string): void => {
  event(a, { event: "lookup-failed", endpoint, reason })
  a.s = { ...a.s, endpoint: (a.s.endpoint + 1) % a.s.config.lookupEndpoints.length }
  // DOMAIN §1 Lookup retry: wait 5 s after a failure or a rejection.
  wait(a, { _tag: "lookup" }, LOOKUP_RETRY_WAIT)
}

export const logonFailed = (a: Acc, role: Role, gateway: string, reason: string, after: Micros): void => {
  // DOMAIN §1 Unexpected disconnect: the primary, then the secondary, then back to the Lookup Service.
  const next: NextAttempt = role === "primary" ? { _tag: "logon", role: "secondary" } : { _tag: "lookup" }
  event(a, { event: "logon-failed", gateway, role, reason, next: next._tag === "lookup" ? "lookup" : next.role })
  if (next._tag === "lookup") a.s = { ...a.s, endpoint: 0 }
  wait(a, next, after)
}

export const sessionLost = (a: Acc, gateway: string, role: Role, reason: string): void => {
  a.actions.push(cancel(NAMES.heartbeat), cancel(NAMES.idle))
  event(a, { event: "disconnected", gateway, role, reason })
  // Orders written into the connection and not answered: no order is written while the session is down.
  notePending(a, true)
  a.s = { ...a.s, downReason: reason }
  // DOMAIN §1 Logon: after a disconnect or Logout, wait 10 s; Unexpected disconnect: retry the primary first.
  wait(a, { _tag: "logon", role: "primary" }, RECONNECT_WAIT)
}

export const onLogonReply = (a: Acc, p: ClientPhase & { readonly _tag: "logon" }, m: OcgWire): void => {
  a.actions.push(cancel(STEP))
  // A Logon reply numbered above NextExpectedSeq announces a replay (spec §5.3): no Resend Request for it.
  const nextIn = m.seq === a.s.nextIn ? m.seq + 1 : a.s.nextIn
  const nextOut = a.s.loggedOnOnce ? a.s.nextOut : FIRST_SEQUENCE + 1
  const l = received(liveness(p.sentAt, a.now), a.now)
  a.s = {
    ...a.s,
    nextIn,
    nextOut,
    loggedOnOnce: true,
    counts: { ...a.s.counts, logons: a.s.counts.logons + 1 },
    phase: { _tag: "active", role: p.role, gateway: p.gateway, conn: p.conn, liveness: l, recovering: undefined }
  }
  a.actions.push(...armLiveness<OcgMessage>(NAMES, l, a.now, a.s.config.heartbeat))
  event(a, { event: "logon", gateway: p.gateway, role: p.role })
}

