/**
 * OCG-C / OTP-C models (DOMAIN §1): the participant's session (client-session.ts), the Lookup Service
 * (lookup-service.ts), the OCG-C gateway (gateway.ts) and the OTP-C host (otp-c.ts), all `Machine<S,
 * OcgMessage>`. Build their initial states from plain config objects here; every timing defaults to
 * rules.ts.
 *
 * Wiring (the integrator's part), one machine per node and one per session:
 * - `rt.add(ls, ls, lookupService, lookupServiceState({ open: !closedUntilFailover, assignments }))` for
 *   each Lookup Service endpoint (the estate's `roles.lookupService`); open a backup-site endpoint on
 *   failover with `control("open")`.
 * - `rt.add(g, g, gateway, gatewayState(g, { host, sessions }))` for every OCG-C gateway, `host` the OTP-C
 *   host it trades with (each gateway must know every Comp ID that may log on to it: the sessions it is
 *   primary or secondary for).
 * - `rt.add(host, host, otpcHost, otpcState({ sessions }))` for each trading host.
 * - `rt.add(clientMachineId(p, compId), premises(p).bss, clientSession, clientState({ … }), t)`: the
 *   machine id is the session's flow id, so traces and `flow.status` line up with topology/model.ts.
 * `ocgSessionsOf(participants)` lists every session of an estate with its gateways for these configs.
 * `beats` reads and moves on what heartbeats change in a session, for the wiring that elides idle
 * heartbeats (twin/simulate/ocg-elision.ts); the machines themselves know nothing of it.
 */
import type { Input } from "../../engine/machine.ts"
import type { Micros } from "../../engine/time.ts"
import type { Participant } from "../../../topology/schema.ts"
import { type ClientState, initialClientState } from "./client-session.ts"
import type { GatewaySessionConfig, GatewayState } from "./gateway-session.ts"
import { initialGatewayState } from "./gateway.ts"
import type { GatewayPair, LookupServiceState } from "./lookup-service.ts"
import type { Control, OcgMessage } from "./messages.ts"
import type { OrderWindow } from "./order-schedule.ts"
import { initialOtpcState, type OtpcState } from "./otp-c.ts"
import { fullDayTimetable, type SessionChange } from "../trading-day.ts"
import { type OcgSettings, ocgSessionSettings } from "../../settings/ocg.ts"
import {
  CANCEL_ON_DISCONNECT_DELAY,
  DEFAULT_THROTTLE_MPS,
  FILL_DELAY,
  HEARTBEAT_INTERVAL,
  LOOKUP_RESPONSE_TIMEOUT,
  REPLAY_BATCH,
  REPLAY_TICK
} from "./rules.ts"

export { type ClientConfig, type ClientCounts, type ClientPhase, clientSession, type ClientState, type Role } from "./client-session.ts"
export { gateway } from "./gateway.ts"
export type { GatewayConfig, GatewaySession, GatewaySessionConfig, GatewayState } from "./gateway-session.ts"
export { sessionIn, timerNames, withSession } from "./gateway-session.ts"
export * as beats from "./beats.ts"
export { NAMES as CLIENT_TIMERS } from "./client-state.ts"
export { type GatewayPair, lookupService, type LookupServiceState } from "./lookup-service.ts"
export * from "./messages.ts"
export type { OrderWindow } from "./order-schedule.ts"
export { executionsFor, keptHostState, logOf, otpcHost, type OtpcState, triggersCancelOnDisconnect } from "./otp-c.ts"
export { realClient, realClientMachineId, type RealClientState, realClientState, type RealSessionReport, type RelayedToClient } from "./real-client.ts"
export { entries, newestAbove } from "./session-registry.ts"
export * as rules from "./rules.ts"

/** A session's flow id (topology/model.ts), also the id of its client machine. */
export const sessionFlowId = (participant: string, compId: string): string => `${participant}/${compId}`
export const clientMachineId = sessionFlowId

export interface OcgSessionRef {
  readonly participant: string
  readonly compId: string
  readonly type: "trading" | "drop-copy"
  readonly primary: string
  readonly secondary: string
}

/** Every OCG-C session of the estate's participants, in file order. */
export const ocgSessionsOf = (participants: ReadonlyArray<Participant>): ReadonlyArray<OcgSessionRef> =>
  participants.flatMap((p) => p.ocgSessions.map((s) => ({ participant: p.id, compId: s.compId, type: s.type, primary: s.primary, secondary: s.secondary })))

export const lookupServiceState = (config: {
  readonly open: boolean
  readonly assignments: ReadonlyArray<{ readonly compId: string } & GatewayPair>
}): LookupServiceState => ({
  open: config.open,
  assignments: new Map(config.assignments.map((a) => [a.compId, { primary: a.primary, secondary: a.secondary }])),
  answered: 0,
  refused: 0
})

export interface GatewaySessionSetup {
  readonly compId: string
  readonly type: "trading" | "drop-copy"
  readonly throttleMps?: number
  /** Cancel-on-Disconnect: `true` for the default delay, a delay in µs, or absent for none. */
  readonly cancelOnDisconnect?: boolean | Micros
}

/** A Comp ID's OCG-C rules for the day: its throttle, and its Cancel-on-Disconnect delay (undefined: off). */
export interface OcgSessionRules {
  readonly throttleMps: number
  readonly cancelOnDisconnect: Micros | undefined
}

/**
 * The rules the run's settings give Comp ID `compId` (its group's over the section's, estate under scenario:
 * scenarios/settings/ocg.ts resolved them), the model's defaults where nothing is set. The one reading of
 * them: the model's gateways (twin/simulate/wire-ocg.ts) and the rig's FIX endpoint
 * (twin/wire/ocg/rig-endpoint.ts) both take a Comp ID's throttle and Cancel-on-Disconnect from here.
 */
export const ocgSessionRules = (settings: OcgSettings | undefined, compId: string): OcgSessionRules => {
  const own = ocgSessionSettings(settings, compId)
  return { throttleMps: own.throttleMps ?? DEFAULT_THROTTLE_MPS, cancelOnDisconnect: own.cancelOnDisconnect ?? undefined }
}

export const gatewayState = (
  id: string,
  config: {
    readonly host: string
    readonly sessions: ReadonlyArray<GatewaySessionSetup>
    readonly heartbeat?: Micros
    readonly replayBatch?: number
    readonly replayTick?: Micros
  }
): GatewayState =>
  initialGatewayState(id, {
    host: config.host,
    heartbeat: config.heartbeat ?? HEARTBEAT_INTERVAL,
    replayBatch: config.replayBatch ?? REPLAY_BATCH,
    replayTick: config.replayTick ?? REPLAY_TICK,
    sessions: new Map(
      config.sessions.map((s): [string, GatewaySessionConfig] => [s.compId, {
        type: s.type,
        throttleMps: s.throttleMps ?? DEFAULT_THROTTLE_MPS,
        cancelOnDisconnect: s.cancelOnDisconnect === true
          ? CANCEL_ON_DISCONNECT_DELAY
          : typeof s.cancelOnDisconnect === "number"
          ? s.cancelOnDisconnect
          : undefined
      }])
    )
  })

export const otpcState = (config: {
  readonly sessions: ReadonlyArray<{ readonly compId: string; readonly participant: string; readonly type: "trading" | "drop-copy" }>
  readonly fillDelay?: Micros
  /** The trading day (default DOMAIN §1's full day). */
  readonly day?: ReadonlyArray<SessionChange>
}): OtpcState => {
  const dropCopies = new Map<string, Array<string>>()
  for (const s of config.sessions) {
    if (s.type !== "drop-copy") continue
    const list = dropCopies.get(s.participant)
    if (list === undefined) dropCopies.set(s.participant, [s.compId])
    else list.push(s.compId)
  }
  return initialOtpcState({
    fillDelay: config.fillDelay ?? FILL_DELAY,
    day: config.day ?? fullDayTimetable,
    sessions: new Map(config.sessions.map((s) => [s.compId, { participant: s.participant, type: s.type }])),
    dropCopies
  })
}

export const clientState = (config: {
  readonly participant: string
  readonly compId: string
  readonly type: "trading" | "drop-copy"
  /** DOMAIN §1: the Lookup Service endpoints in the order the BSS tries them. */
  readonly lookupEndpoints: ReadonlyArray<string>
  readonly heartbeat?: Micros
  readonly lookupTimeout?: Micros
  readonly orders?: ReadonlyArray<OrderWindow>
  readonly orderQuantity?: number
  readonly orderPrice?: number
}): ClientState =>
  initialClientState({
    participant: config.participant,
    compId: config.compId,
    type: config.type,
    flow: sessionFlowId(config.participant, config.compId),
    lookupEndpoints: config.lookupEndpoints,
    heartbeat: config.heartbeat ?? HEARTBEAT_INTERVAL,
    lookupTimeout: config.lookupTimeout ?? LOOKUP_RESPONSE_TIMEOUT,
    orders: config.type === "trading" ? config.orders ?? [] : [],
    orderQuantity: config.orderQuantity ?? 1000,
    orderPrice: config.orderPrice ?? 100
  })

/**
 * A scenario command as a machine input: `rt.inject(t, gatewayId, control("crash"))`,
 * `rt.inject(t, clientId, control({ _tag: "Control", command: "resend", start: 1 }))`.
 */
export const control = (command: SimpleCommand | Control, from = "ops"): Input<OcgMessage> => ({
  _tag: "receive",
  from,
  message: typeof command === "string" ? controlMessage(command) : command
})

/** The commands that carry nothing but their name. */
type SimpleCommand = Exclude<Control["command"], "resend" | "take-over" | "retire">

const controlMessage = (command: SimpleCommand): Control => {
  switch (command) {
    case "open":
    case "close":
      return { _tag: "Control", command }
    case "crash":
    case "restart":
      return { _tag: "Control", command }
    case "stop":
    case "logout":
    case "resume":
    case "duplicate-logon":
      return { _tag: "Control", command }
  }
}
