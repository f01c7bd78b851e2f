/**
 * The endpoint's numbers: HKEX's session rules (DOMAIN §1, through twin/models/ocg/rules.ts so the real
 * endpoint and the model share them) and the limits per connection that protect it from a hostile peer.
 */
import { type Micros, seconds } from "../../../engine/time.ts"
import { FILL_DELAY, HEARTBEAT_INTERVAL, LOGON_RESPONSE_TIMEOUT, LOGOUT_AFTER_TEST_REQUEST_INTERVALS, TEST_REQUEST_AFTER_INTERVALS } from "../../../models/ocg/rules.ts"

export interface OcgLimits {
  /** DOMAIN §1 Heartbeat: 20 s; a Logon with another HeartBtInt (108) is refused. */
  readonly heartbeat: Micros
  readonly testRequestAfter: number
  readonly logoutAfter: number
  /** A connection that sends no Logon this long after it opened is closed (DOMAIN §1 Logon: 60 s). */
  readonly logonWait: Micros
  /** How long a black-holed connection (its path cut) is held before it is dropped. */
  readonly blackHoleHold: Micros
  readonly fillDelay: Micros
  /** Largest frame accepted, bytes [U: FIX gives none; an order is a few hundred bytes]. */
  readonly maxMessageBytes: number
  /** Messages a connection may send per second of wall time before it is dropped (flooding) [U]. */
  readonly maxInboundPerSecond: number
  /** Bytes waiting to be written to a peer that does not read before it is dropped (slow consumer) [U]. */
  readonly maxOutboundBacklog: number
  /** Password time tolerance, seconds [U]. */
  readonly passwordTolerance: number
  /** SendingTime (52) accuracy tolerance, seconds, either way of the gateway's clock [U] (sending-time.ts). */
  readonly sendingTimeTolerance: number
}

export const defaultLimits: OcgLimits = {
  heartbeat: HEARTBEAT_INTERVAL,
  testRequestAfter: TEST_REQUEST_AFTER_INTERVALS,
  logoutAfter: LOGOUT_AFTER_TEST_REQUEST_INTERVALS,
  logonWait: LOGON_RESPONSE_TIMEOUT,
  blackHoleHold: seconds(300),
  fillDelay: FILL_DELAY,
  maxMessageBytes: 8192,
  maxInboundPerSecond: 5000,
  maxOutboundBacklog: 4 * 1024 * 1024,
  passwordTolerance: 120,
  sendingTimeTolerance: 120
}

/** The HeartBtInt (108) HKEX requires, in seconds. */
export const heartBtIntOf = (l: OcgLimits): number => Math.round(l.heartbeat / 1_000_000)
