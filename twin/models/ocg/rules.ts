/**
 * OCG-C session rules as numbers: every protocol constant the OCG-C / OTP-C models use, each with the rule
 * it comes from. DOMAIN §1 is the spec (OCG-C Binary Trading Interface Specifications §3–5 [V]); values
 * DOMAIN does not give are marked [U] and are configurable where a model takes them.
 *
 * When to use: import from here rather than writing a number in a model, so a reader finds every timing
 * the twin assumes in one place.
 */
import { type Micros, millis, seconds } from "../../engine/time.ts"
import { LATE_ANSWER } from "../../contract/order-evidence.ts"

// DOMAIN §1 Heartbeat: "20 s".
export const HEARTBEAT_INTERVAL: Micros = seconds(20)
// DOMAIN §1 Heartbeat: "After 3 intervals of inactivity a Test Request is sent."
export const TEST_REQUEST_AFTER_INTERVALS = 3
// DOMAIN §1 Heartbeat: "If there is no reply within about 3 more intervals: Logout and disconnect."
export const LOGOUT_AFTER_TEST_REQUEST_INTERVALS = 3

// DOMAIN §1 Lookup retry: "Wait 5 s after a failure or a rejection."
export const LOOKUP_RETRY_WAIT: Micros = seconds(5)
/**
 * [U] How long a BSS waits for a Lookup Response (or a refusal) before calling the endpoint unreachable.
 * The spec says only "can't be reached"; a TCP connect to a dead address takes as long as the BSS lets it.
 */
export const LOOKUP_RESPONSE_TIMEOUT: Micros = seconds(5)

// DOMAIN §1 Logon: "If there is no response, wait 60 s before dropping the connection …"
export const LOGON_RESPONSE_TIMEOUT: Micros = seconds(60)
// DOMAIN §1 Logon: "… and 60 s before retrying."
export const LOGON_RETRY_WAIT: Micros = seconds(60)
// DOMAIN §1 Logon: "After a disconnect or Logout, wait 10 s before reconnecting."
export const RECONNECT_WAIT: Micros = seconds(10)

// DOMAIN §1 Sequence numbers: "Both sides start at 1 each day." Lookup messages always carry 1.
export const FIRST_SEQUENCE = 1

// DOMAIN §1 Throttle: "Messages per second (MPS) per Comp ID."
export const THROTTLE_INTERVAL: Micros = seconds(1)

/**
 * [U] Cancel-on-Disconnect delay when a session's config gives none. DOMAIN §1 cites 300 s from a
 * third-party OMS design, not from HKEX.
 */
export const CANCEL_ON_DISCONNECT_DELAY: Micros = seconds(300)

/**
 * [U] Replay pacing: a gateway writes a replay (NextExpectedSeq at logon, or a Resend Request) in batches
 * of this many messages, one batch per tick. Pacing is what gives a replay a duration, during which
 * DOMAIN §1 Recovery applies: "A second Resend Request during a replay kills the session."
 */
export const REPLAY_BATCH = 100
export const REPLAY_TICK: Micros = millis(1)

/** [U] OTP-C test host: an accepted order is fully filled this long after its Execution Report (new). */
export const FILL_DELAY: Micros = seconds(30)

/** The instant a heartbeat is due for a side that last transmitted at `lastTx` (DOMAIN §1 Heartbeat). */
export const heartbeatDue = (lastTx: Micros, heartbeat: Micros): Micros => lastTx + heartbeat
/** When a silent peer is sent a Test Request (DOMAIN §1 Heartbeat: 3 intervals). */
export const testRequestDue = (lastRx: Micros, heartbeat: Micros): Micros => lastRx + TEST_REQUEST_AFTER_INTERVALS * heartbeat
/** When an unanswered Test Request ends the session (DOMAIN §1 Heartbeat: about 3 more intervals). */
export const logoutDue = (testSentAt: Micros, heartbeat: Micros): Micros => testSentAt + LOGOUT_AFTER_TEST_REQUEST_INTERVALS * heartbeat

/** [U] A Comp ID's throttle when the estate gives none (DOMAIN §1: EPs buy throttles; no figure given). */
export const DEFAULT_THROTTLE_MPS = 100

/** An order answer this much after its New Order is traced as late (`ocg.session` `late-ack`): twin/contract/order-evidence.ts, which every reader of the trace shares. */
export const LATE_ACK: Micros = LATE_ANSWER
