/**
 * A gateway answers a session's business messages in the order it took them (docs/ocg-fix.md "In turn"),
 * whoever answers each: it refuses an order over the throttle at once, but passes the orders before it to
 * its OTP-C host, whose acknowledgements come back a round trip later — so a refusal waits for them.
 * Written at once, the third of five orders under a throttle of 2 would be refused before the first was
 * acknowledged, and the BSS (order-acks.ts: a session's answers come in the order its orders were sent)
 * would take the first two for lost.
 *
 * When to use: gateway.ts calls `awaitHost` for every New Order or amend it passes to its host,
 * `refuse` for its own Business Message Rejects, and `hostAnswered` for every Execution Report the host
 * hands over. Gotchas:
 * - Only the gateway's own refusals wait: the host's reports go out as the host wrote them (the store and
 *   its replays follow the host log), so a fill or a cancellation that answers no waiting message is not
 *   held either.
 * - The host answers the session's messages in the order the gateway passed them on, so an older one it
 *   has not answered when it answers a newer one was lost on the way (a host failover, a cut) and waits no
 *   more. A mass cancel is not awaited: the host answers it with no message of its own (its cancellations
 *   carry the orders' ClOrdIDs, otp-c.ts).
 * - The turns are the session's, not the connection's: a refusal due while the BSS is away is numbered and
 *   stored in its turn, for the replay at its next Logon. A crash loses them (the gateway's memory), as
 *   does the session taken over or started afresh elsewhere.
 */
import type { OcgBody } from "./messages.ts"
import { type GatewaySession, type GatewayStep, outbound, type Turn } from "./gateway-session.ts"

export const NO_TURNS: ReadonlyArray<Turn> = []

/** A message passed to the host: answers refused after it wait for the host's answer to it. */
export const awaitHost = (s: GatewaySession, clOrdId: number): GatewaySession => ({
  ...s,
  turns: [...s.turns, { _tag: "host", clOrdId }]
})

/** The gateway's own answer to a message: sent now if nothing older waits for the host, else in its turn. */
export const refuse = (g: GatewayStep, compId: string, s: GatewaySession, body: OcgBody): GatewaySession =>
  s.turns.length === 0 ? outbound(g, compId, s, body) : { ...s, turns: [...s.turns, { _tag: "refused", body }] }

/**
 * An Execution Report from the host for order `clOrdId`, sent by `write`: first the refusals before the
 * message it answers (if it answers a waiting one), then the report, then the refusals whose turn has come.
 */
export const hostAnswered = (
  g: GatewayStep,
  compId: string,
  s: GatewaySession,
  clOrdId: number,
  write: (s: GatewaySession) => GatewaySession
): GatewaySession => {
  const turns = s.turns
  const i = turns.length === 0 ? -1 : turns.findIndex((t) => t._tag === "host" && t.clOrdId === clOrdId)
  if (i < 0) return write(s)
  let next = s
  for (let j = 0; j < i; j++) {
    const t = turns[j]!
    if (t._tag === "refused") next = outbound(g, compId, next, t.body)
  }
  next = write(next)
  let k = i + 1
  for (; k < turns.length; k++) {
    const t = turns[k]!
    if (t._tag !== "refused") break
    next = outbound(g, compId, next, t.body)
  }
  return { ...next, turns: k === turns.length ? NO_TURNS : turns.slice(k) }
}
