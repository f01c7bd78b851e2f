/**
 * A small hand-made OCG-C world for the tests: the four Lookup Service endpoints (dc1 open, dc2 closed), two
 * gateways at dc1 (and two at dc2 for failover), one OTP-C host and one participant P0001 with a trading
 * session P0001T01 (primary ocg-dc1-01, secondary ocg-dc1-02) and, when asked, a drop-copy session P0001D01.
 * Every pair of nodes is `LATENCY` apart; `blocked` cuts paths by node id.
 *
 * `sent` records every message a machine sends (whether or not the network delivers it), so tests can pin
 * the exact instants of heartbeats, Test Requests and Logouts.
 */
import type { SessionChange } from "../../../../twin/models/trading-day.ts"
import type { Machine } from "../../../../twin/engine/machine.ts"
import { constantNetwork, Runtime } from "../../../../twin/engine/runtime.ts"
import { MemoryTrace, type TraceEvent } from "../../../../twin/engine/trace.ts"
import type { Micros } from "../../../../twin/engine/time.ts"
import {
  clientSession,
  clientState,
  type ClientState,
  gateway,
  type GatewaySessionSetup,
  gatewayState,
  type GatewayState,
  lookupService,
  lookupServiceState,
  type OcgMessage,
  type OrderWindow,
  otpcHost,
  otpcState,
  type OtpcState
} from "../../../../twin/models/ocg/index.ts"

export const LATENCY: Micros = 500
export const P = "P0001"
export const TRADING = "P0001T01"
export const DROP_COPY = "P0001D01"
export const CLIENT = `${P}/${TRADING}`
export const DROP_CLIENT = `${P}/${DROP_COPY}`
export const BSS = `${P}.bss`
export const G1 = "ocg-dc1-01"
export const G2 = "ocg-dc1-02"
export const HOST = "otp-c-dc1-1"
/** The Lookup Service endpoints in the order the BSS tries them (as the default estate's roles name them). */
export const LOOKUP: ReadonlyArray<string> = ["ls-dc1-primary", "ls-dc1-mirror", "ls-dc2-primary", "ls-dc2-mirror"]

export interface Sent {
  readonly t: Micros
  readonly from: string
  readonly to: string
  readonly tag: string
  readonly seq: number | undefined
  readonly possDup: boolean
  readonly possResend: boolean
  readonly execId: number | undefined
  readonly message: OcgMessage
}

const tap = <S, K>(id: string, machine: Machine<S, OcgMessage, K>, log: Array<Sent>): Machine<S, OcgMessage> => ({
  step: (state, input, now) => {
    const result = machine.step(state, input, now)
    for (const a of result[1]) {
      if (a._tag !== "send") continue
      const m = a.message
      const wire = "seq" in m ? m : undefined
      log.push({
        t: now,
        from: id,
        to: a.to,
        tag: m._tag,
        seq: wire?.seq,
        possDup: wire?.possDup ?? false,
        possResend: wire?.possResend ?? false,
        execId: m._tag === "ExecutionReport" || m._tag === "HostDeliver" ? m.report.execId : undefined,
        message: m
      })
    }
    return result
  }
})

/**
 * A trading day that is continuous trading from midnight on: these worlds are about sessions, recovery and
 * links, timed in seconds from 0, not about the day's phases (order-hours.test.ts, host-hours.test.ts).
 */
export const CONTINUOUS_ALL_DAY: ReadonlyArray<SessionChange> = [{ at: 0, subId: 3, status: 30, name: "CT" }]

export interface WorldOptions {
  readonly blocked?: (from: string, to: string, now: Micros) => boolean
  readonly orders?: ReadonlyArray<OrderWindow>
  readonly fillDelay?: Micros
  readonly session?: Partial<GatewaySessionSetup>
  readonly gatewayOptions?: { readonly replayBatch?: number; readonly replayTick?: Micros }
  readonly dropCopy?: boolean
  /** Lookup Service endpoints that start closed besides the dc2 pair. */
  readonly closed?: ReadonlyArray<string>
  readonly clientStart?: Micros
}

export const world = (options: WorldOptions = {}) => {
  const trace = new MemoryTrace()
  const sent: Array<Sent> = []
  const rt = new Runtime(constantNetwork(LATENCY, options.blocked), trace)
  const sessions: ReadonlyArray<GatewaySessionSetup> = [
    { compId: TRADING, type: "trading", ...options.session },
    { compId: DROP_COPY, type: "drop-copy" }
  ]
  const dc1 = { primary: G1, secondary: G2 }
  const dc2 = { primary: "ocg-dc2-01", secondary: "ocg-dc2-02" }
  for (const ls of LOOKUP) {
    const pair = ls.startsWith("ls-dc1") ? dc1 : dc2
    const open = ls.startsWith("ls-dc1") && !(options.closed ?? []).includes(ls)
    const assignments = [TRADING, DROP_COPY].map((compId) => ({ compId, ...pair }))
    rt.add(ls, ls, tap(ls, lookupService, sent), lookupServiceState({ open, assignments }), 0)
  }
  for (const g of [G1, G2, "ocg-dc2-01", "ocg-dc2-02"]) {
    rt.add(g, g, tap(g, gateway, sent), gatewayState(g, { host: HOST, sessions, ...options.gatewayOptions }), 0)
  }
  const hostSessions = [
    { compId: TRADING, participant: P, type: "trading" as const },
    { compId: DROP_COPY, participant: P, type: "drop-copy" as const }
  ]
  const hostState = otpcState({ sessions: hostSessions, day: CONTINUOUS_ALL_DAY, ...(options.fillDelay === undefined ? {} : { fillDelay: options.fillDelay }) })
  rt.add(HOST, HOST, tap(HOST, otpcHost, sent), hostState, 0)
  const client = clientState({ participant: P, compId: TRADING, type: "trading", lookupEndpoints: LOOKUP, orders: options.orders ?? [] })
  rt.add(CLIENT, BSS, tap(CLIENT, clientSession, sent), client, options.clientStart ?? 0)
  if (options.dropCopy === true) {
    rt.add(DROP_CLIENT, BSS, tap(DROP_CLIENT, clientSession, sent), clientState({ participant: P, compId: DROP_COPY, type: "drop-copy", lookupEndpoints: LOOKUP }), options.clientStart ?? 0)
  }
  return {
    rt,
    trace,
    sent,
    /** Adds another BSS for `compId` (e.g. a second BSS logging on with the same Comp ID). */
    addClient: (id: string, node: string, compId: string, start: Micros) =>
      rt.add(id, node, tap(id, clientSession, sent), clientState({ participant: P, compId, type: "trading", lookupEndpoints: LOOKUP }), start),
    client: (id = CLIENT) => rt.stateOf<ClientState>(id),
    gateway: (id: string) => rt.stateOf<GatewayState>(id),
    host: () => rt.stateOf<OtpcState>(HOST),
    /** Sends of `tag` from `from` to `to`, as `[t, seq]`. */
    sends: (from: string, to: string, tag: string) => sent.filter((s) => s.from === from && s.to === to && s.tag === tag),
    /** `ocg.session` events of a client as `[t, event, …]` rows. */
    sessionEvents: (flow = CLIENT) => trace.ofKind("ocg.session").filter((e) => e.data["flow"] === flow).map(row),
    flowStatus: (flow = CLIENT) =>
      trace.ofKind("flow.status").filter((e) => e.data["flow"] === flow).map((e) => [e.t, e.data["up"], e.data["detail"]] as const)
  }
}

const row = (e: TraceEvent) => {
  const { compId: _c, flow: _f, event, ...rest } = e.data
  return [e.t, event, rest] as const
}

/** Node-level cut: messages from `from` to `to` are lost in [start, end). */
export const cut = (from: string, to: string, start: Micros, end = Number.POSITIVE_INFINITY) => (f: string, t: string, now: Micros) =>
  f === from && t === to && now >= start && now < end
