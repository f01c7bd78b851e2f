/**
 * The OTP-C matching host as the OCG-C models need it: a New Order taken in its phase of the day gets an
 * Execution Report (new) at once and a full fill when order-hours.ts says (a fixed delay later in continuous
 * trading, at the match of an auction), one outside order input an Execution Report rejected saying why;
 * cancels and amends likewise only where the phase allows them. Each report has a fresh ExecID; copies of
 * every report go to the participant's drop-copy sessions (DOMAIN §1: drop copy carries Execution Report
 * copies). It also keeps each session's log and holder (session-registry.ts) and runs Cancel-on-Disconnect.
 *
 * Cancel-on-Disconnect (DOMAIN §1): the gateway that sees a session end abruptly or miss its heartbeats
 * reports it with the session's configured delay; the host cancels the session's open orders when the
 * delay passes, unless the session logs on again — through any gateway — first. A gateway crash reports
 * nothing, so an internal OCG-C outage never triggers it.
 *
 * Proof of delivery: `executionsFor(state, compId)` is the number of distinct executions the host sent
 * to a session; a BSS that applied each once reports the same number (client-session.ts `applied`).
 *
 * DR failover (`take-over` / `retire` controls, wired by twin/simulate/wire-ocg.ts): the backup site's host
 * takes over the primary host's state as replicated when the primary was last up [U: DOMAIN does not say
 * how OTP-C state reaches the backup site; the twin assumes synchronous replication, nothing lost] — every
 * session's log (its entries, what was handed over and confirmed), the ExecID counter (so ExecIDs stay
 * unique and rising across the takeover: BSSs deduplicate on them) and the orders waiting for their fill
 * (filled at once if due during the outage). No gateway holds a session at the backup site yet, so every
 * log is detached: a session logging on at a backup gateway gets everything since its last confirmed
 * entry, PossResend=1 for what the primary had handed over. Armed Cancel-on-Disconnect timers are not
 * carried over [U] (a site failover is an internal HKEX outage, which never triggers it). A log the backup
 * host already had for a Comp ID is replaced by the primary's. The retired primary refuses every Logon and
 * fills nothing (should its site return, its gateways must not serve from a stale copy) and the execution
 * ledger reads only hosts that are not retired.
 *
 * Gotcha: one host is one matching engine; the hot-standby pair inside a site is not modelled.
 */
import { KeyedTable } from "../../engine/keyed-table.ts"
import { emptyQueue, fromArray, peek, popWhile, push, type Queue, toArray } from "./fill-queue.ts"
import { type Action, cancel, emit, type Machine, send, STANDING_STREAM, type Step, timer } from "../../engine/machine.ts"
import type { Micros } from "../../engine/time.ts"
import { bytes, type DetachCause, type Execution, type HostLink, type OcgMessage, type Side } from "./messages.ts"
import type { RowArena } from "../../engine/row-arena.ts"
import { append, attach, detach, emptyLog, type Handover, handoversFrom, newLogArena, type SessionLog } from "./session-registry.ts"
import { cancelRefusal, newOrderAt } from "./order-hours.ts"
import type { SessionChange } from "../trading-day.ts"

export interface OtpcSessionConfig {
  readonly participant: string
  readonly type: "trading" | "drop-copy"
}

export interface OtpcConfig {
  /** How long after it is taken in continuous trading an order fills (order-hours.ts). */
  readonly fillDelay: Micros
  /** The trading day whose phases say when orders are taken, cancelled and matched (order-hours.ts). */
  readonly day: ReadonlyArray<SessionChange>
  readonly sessions: ReadonlyMap<string, OtpcSessionConfig>
  /** Drop-copy Comp IDs per participant, in the order copies are made. */
  readonly dropCopies: ReadonlyMap<string, ReadonlyArray<string>>
}

export interface OpenOrder {
  readonly compId: string
  readonly clOrdId: number
  readonly side: Side
  readonly quantity: number
  readonly price: number
  readonly fillAt: Micros
}

export interface OtpcState {
  readonly config: OtpcConfig
  /** Per Comp ID; a linear table (keyed-table.ts: written in place, the state given to a step is spent), so recording one execution copies nothing. */
  readonly logs: KeyedTable<SessionLog>
  /** Where this host's log entries are kept (every version of the state shares it; append-only). */
  readonly arena: RowArena
  readonly nextExecId: number
  /**
   * Orders waiting for their fill, in fill order: a persistent queue, so an order joins in O(1) instead of
   * copying thousands of open orders. Fill order is arrival order while the fill delay is shorter than the
   * gap between an auction's match and the next order input (order-hours.ts); `joined` keeps it otherwise.
   */
  readonly open: Queue<OpenOrder>
  readonly cancelOnDisconnectArmed: ReadonlySet<string>
  readonly orders: number
  readonly fills: number
  readonly cancelledOnDisconnect: number
  /** The host that took this one over at a DR failover: a retired host serves no session. */
  readonly successor: string | undefined
}

const FILL_TIMER = "fill"
const codTimer = (compId: string) => `cod:${compId}`

/**
 * DOMAIN §1 Cancel-on-Disconnect: "Triggers on an abrupt disconnect or on missed heartbeats" — a session
 * ended without a Logout (the client's socket gone, a duplicate logon, a second Resend Request during a
 * replay) or by the gateway's Test Request timeout; never by a Logout for anything else. The rig's FIX
 * endpoint judges its own sessions' ends by the same rule (twin/wire/ocg/session/core.ts).
 */
export const triggersCancelOnDisconnect = (cause: DetachCause): boolean =>
  cause === "disconnect" || cause === "missed-heartbeats" || cause === "duplicate-logon" || cause === "resend-during-replay"

export const logOf = (state: OtpcState, compId: string): SessionLog | undefined => state.logs.get(compId)

/** The host's state as kept for a DR take-over: its logs copied, so that its later steps leave the copy as it was. */
export const keptHostState = (state: OtpcState): OtpcState => ({ ...state, logs: state.logs.copy() })

export const executionsFor = (state: OtpcState, compId: string): number => logOf(state, compId)?.entries.length ?? 0

type Acc = { state: OtpcState; actions: Array<Action<OcgMessage>> }

const deliver = (acc: Acc, to: string, compId: string, h: Handover): void => {
  const m: OcgMessage = { _tag: "HostDeliver", compId, index: h.index, report: h.report, possResend: h.possResend }
  acc.actions.push(send(to, m, bytes(m), STANDING_STREAM))
}

/** `logs` with `report` appended to `compId`'s log (handed to its gateway if attached). */
const appendTo = (acc: Acc, logs: KeyedTable<SessionLog>, compId: string, report: Execution): KeyedTable<SessionLog> => {
  const { log, handover } = append(logs.get(compId) ?? emptyLog, compId, report, acc.state.arena)
  if (handover !== undefined && log.owner !== undefined) deliver(acc, log.owner, compId, handover)
  return logs.set(compId, log)
}

/** Records an execution for `compId` and copies it to the participant's drop-copy sessions (one new state). */
const execute = (acc: Acc, compId: string, make: (execId: number) => Execution): void => {
  const state = acc.state
  const report = make(state.nextExecId)
  let logs = appendTo(acc, state.logs, compId, report)
  const participant = state.config.sessions.get(compId)?.participant
  for (const copy of participant === undefined ? [] : state.config.dropCopies.get(participant) ?? []) {
    if (copy !== compId) logs = appendTo(acc, logs, copy, { ...report, dropCopyFor: copy })
  }
  acc.state = { ...state, nextExecId: state.nextExecId + 1, logs }
}

const report = (o: OpenOrder, execId: number, execType: Exclude<Execution["execType"], "reject">, cancelOnDisconnect = false): Execution => ({
  execId,
  compId: o.compId,
  clOrdId: o.clOrdId,
  execType,
  status: execType === "new" || execType === "replace" ? "new" : execType === "trade" ? "filled" : "cancelled",
  quantity: o.quantity,
  cumQty: execType === "trade" ? o.quantity : 0,
  price: o.price,
  cancelOnDisconnect,
  dropCopyFor: undefined,
  text: undefined
})

/** A refusal of order `o` (a New Order: status `rejected`) or of a cancel or amend of it (the order's status). */
const refused = (o: OpenOrder, execId: number, status: Execution["status"], text: string | undefined): Execution => ({
  ...report(o, execId, "cancel"),
  execType: "reject",
  status,
  text
})

/** `open` with `o` joined in fill order (at the back, unless a longer fill delay than the twin's puts it earlier). */
const joined = (open: Queue<OpenOrder>, o: OpenOrder): Queue<OpenOrder> => {
  if (open.size === 0 || (open.back?.head ?? peek(open)!).fillAt <= o.fillAt) return push(open, o)
  return fromArray([...toArray(open), o].sort((a, b) => a.fillAt - b.fillAt))
}

/**
 * A cancel or Cancel/Replace (only a real FIX client sends them, real-client.ts): the open order
 * `origClOrdId` of the session is cancelled, or amended in place (its fill stays due when it was), under
 * the new ClOrdID; an order that is not open (unknown, filled, cancelled) gets a `reject` report.
 */
const amend = (acc: Acc, m: HostLink & { readonly _tag: "HostAmend" }, now: Micros): void => {
  if (acc.state.config.sessions.get(m.compId)?.type !== "trading") return
  const open = toArray(acc.state.open)
  const i = open.findIndex((o) => o.compId === m.compId && o.clOrdId === m.origClOrdId)
  const o = open[i]
  // The phase first: outside cancellation the host takes none, whatever the order (order-hours.ts).
  const closed = cancelRefusal(acc.state.config.day, now)
  if (o === undefined || closed !== undefined) {
    const named: OpenOrder = o === undefined ? { compId: m.compId, clOrdId: m.clOrdId, side: "buy", quantity: 0, price: 0, fillAt: 0 } : { ...o, clOrdId: m.clOrdId }
    return execute(acc, m.compId, (execId) => refused(named, execId, o === undefined ? "cancelled" : "new", closed))
  }
  const next: OpenOrder | undefined = m.replace === undefined ? undefined : { ...o, clOrdId: m.clOrdId, quantity: m.replace.quantity, price: m.replace.price }
  const rest = next === undefined ? open.filter((_, j) => j !== i) : open.map((x, j) => (j === i ? next : x))
  acc.state = { ...acc.state, open: fromArray(rest) }
  if (rest.length === 0) acc.actions.push(cancel(FILL_TIMER))
  execute(acc, m.compId, (execId) => report(next ?? { ...o, clOrdId: m.clOrdId }, execId, next === undefined ? "cancel" : "replace"))
}

/**
 * A mass cancel (only a real FIX client sends one, twin/wire/ocg/session/mass-cancel.ts): each order of
 * `orders` the session still has open is cancelled under its own ClOrdID, in the list's order. One no longer
 * open (filled meanwhile, or known to the endpoint under an older ClOrdID) is left alone, and outside
 * cancellation none is cancelled [U: the endpoint refuses the request then; a race at a phase boundary].
 */
const massCancel = (acc: Acc, m: HostLink & { readonly _tag: "HostMassCancel" }, now: Micros): void => {
  if (acc.state.config.sessions.get(m.compId)?.type !== "trading" || cancelRefusal(acc.state.config.day, now) !== undefined) return
  const open = toArray(acc.state.open)
  const wanted = new Set(m.orders)
  const cancelled = open.filter((o) => o.compId === m.compId && wanted.has(o.clOrdId))
  if (cancelled.length === 0) return
  const rest = open.filter((o) => !cancelled.includes(o))
  acc.state = { ...acc.state, open: fromArray(rest) }
  if (rest.length === 0) acc.actions.push(cancel(FILL_TIMER))
  const byClOrdId = new Map(cancelled.map((o) => [o.clOrdId, o]))
  for (const id of wanted) {
    const o = byClOrdId.get(id)
    if (o !== undefined) execute(acc, m.compId, (execId) => report(o, execId, "cancel"))
  }
}

/** DR failover: this (backup) host continues `primary`'s sessions from its replicated state. */
const takeOver = (acc: Acc, primaryId: string, primary: OtpcState, asOf: Micros, now: Micros): void => {
  const own = acc.state
  let logs = own.logs
  for (const [compId, log] of primary.logs) logs = logs.set(compId, { ...log, attached: false })
  const open = fromArray([...toArray(own.open), ...toArray(primary.open)].sort((a, b) => a.fillAt - b.fillAt))
  acc.state = {
    ...own,
    logs,
    nextExecId: Math.max(own.nextExecId, primary.nextExecId),
    open,
    orders: own.orders + primary.orders,
    fills: own.fills + primary.fills,
    cancelledOnDisconnect: own.cancelledOnDisconnect + primary.cancelledOnDisconnect
  }
  const next = peek(open)
  if (next !== undefined) acc.actions.push(timer(FILL_TIMER, Math.max(0, next.fillAt - now)))
  acc.actions.push(emit("otp.host", {
    event: "took-over",
    primary: primaryId,
    asOf,
    sessions: primary.logs.size,
    nextExecId: acc.state.nextExecId,
    openOrders: open.size
  }))
}

const retire = (acc: Acc, successor: string): void => {
  const armed = [...acc.state.cancelOnDisconnectArmed]
  acc.state = { ...acc.state, successor, open: emptyQueue(), cancelOnDisconnectArmed: new Set() }
  acc.actions.push(cancel(FILL_TIMER), ...armed.map((compId) => cancel<OcgMessage>(codTimer(compId))), emit("otp.host", { event: "retired", successor }))
}

const onMessage = (acc: Acc, from: string, m: OcgMessage, now: Micros): void => {
  const state = acc.state
  if (m._tag === "Control") {
    if (m.command === "take-over" && state.successor === undefined) takeOver(acc, m.primary, m.state, m.asOf, now)
    else if (m.command === "retire" && state.successor === undefined) retire(acc, m.successor)
    return
  }
  if (state.successor !== undefined) {
    // Retired at a DR failover: the session lives on at the successor; refuse, never serve a stale copy.
    if (m._tag === "HostAttach") {
      const ack: OcgMessage = { _tag: "HostAttachAck", compId: m.compId, refused: true, current: false, start: 0 }
      acc.actions.push(send(from, ack, bytes(ack), STANDING_STREAM))
    }
    return
  }
  switch (m._tag) {
    case "HostAttach": {
      if (!state.config.sessions.has(m.compId)) return
      const result = attach(logOf(state, m.compId) ?? emptyLog, from, m)
      if (result._tag === "refused") {
        const ack: OcgMessage = { _tag: "HostAttachAck", compId: m.compId, refused: true, current: false, start: 0 }
        acc.actions.push(send(from, ack, bytes(ack), STANDING_STREAM))
        return
      }
      acc.state = { ...state, logs: state.logs.set(m.compId, result.log) }
      const ack: OcgMessage = { _tag: "HostAttachAck", compId: m.compId, refused: false, current: result.current, start: result.start }
      acc.actions.push(send(from, ack, bytes(ack), STANDING_STREAM))
      for (const h of result.handovers) deliver(acc, from, m.compId, h)
      if (result.revoke !== undefined) {
        const revoke: OcgMessage = { _tag: "HostRevoke", compId: m.compId }
        acc.actions.push(send(result.revoke, revoke, bytes(revoke), STANDING_STREAM))
      }
      if (state.cancelOnDisconnectArmed.has(m.compId)) {
        // DOMAIN §1 Cancel-on-Disconnect: "reconnecting within the delay cancels it".
        const armed = new Set(acc.state.cancelOnDisconnectArmed)
        armed.delete(m.compId)
        acc.state = { ...acc.state, cancelOnDisconnectArmed: armed }
        acc.actions.push(cancel(codTimer(m.compId)), emit("otp.cancel-on-disconnect", { compId: m.compId, event: "avoided", gateway: from }))
      }
      return
    }
    case "HostDetach": {
      const log = detach(logOf(state, m.compId) ?? emptyLog, from)
      if (log === undefined) return
      acc.state = { ...state, logs: state.logs.set(m.compId, log) }
      if (!triggersCancelOnDisconnect(m.cause) || m.cancelOnDisconnect === undefined) return
      acc.state = { ...acc.state, cancelOnDisconnectArmed: new Set(acc.state.cancelOnDisconnectArmed).add(m.compId) }
      acc.actions.push(
        timer(codTimer(m.compId), m.cancelOnDisconnect),
        emit("otp.cancel-on-disconnect", { compId: m.compId, event: "armed", cause: m.cause, delay: m.cancelOnDisconnect })
      )
      return
    }
    case "HostOrder": {
      if (state.config.sessions.get(m.compId)?.type !== "trading") return
      const verdict = newOrderAt(state.config.day, now, state.config.fillDelay)
      const order: OpenOrder = { compId: m.compId, clOrdId: m.clOrdId, side: m.side, quantity: m.quantity, price: m.price, fillAt: verdict._tag === "taken" ? verdict.fillAt : now }
      if (verdict._tag === "refused") return execute(acc, m.compId, (execId) => refused(order, execId, "rejected", verdict.text))
      execute(acc, m.compId, (execId) => report(order, execId, "new"))
      const first = peek(acc.state.open)
      if (first === undefined || order.fillAt < first.fillAt) acc.actions.push(timer(FILL_TIMER, order.fillAt - now))
      acc.state = { ...acc.state, open: joined(acc.state.open, order), orders: acc.state.orders + 1 }
      return
    }
    case "HostAmend":
      return amend(acc, m, now)
    case "HostMassCancel":
      return massCancel(acc, m, now)
    case "HostResync": {
      const log = logOf(state, m.compId)
      if (log === undefined || log.owner !== from || !log.attached) return
      for (const h of handoversFrom(log, m.from)) deliver(acc, from, m.compId, h)
      return
    }
    default:
      return
  }
}

const onTimer = (acc: Acc, name: string, now: Micros): void => {
  if (acc.state.successor !== undefined) return
  if (name === FILL_TIMER) {
    const { taken: due, rest } = popWhile(acc.state.open, (o) => o.fillAt <= now)
    acc.state = { ...acc.state, open: rest, fills: acc.state.fills + due.length }
    for (const o of due) execute(acc, o.compId, (execId) => report(o, execId, "trade"))
    const next = peek(rest)
    if (next !== undefined) acc.actions.push(timer(FILL_TIMER, next.fillAt - now))
    return
  }
  if (!name.startsWith("cod:")) return
  const compId = name.slice("cod:".length)
  const armed = new Set(acc.state.cancelOnDisconnectArmed)
  armed.delete(compId)
  const open = toArray(acc.state.open)
  const cancelled = open.filter((o) => o.compId === compId)
  acc.state = {
    ...acc.state,
    open: fromArray(open.filter((o) => o.compId !== compId)),
    cancelOnDisconnectArmed: armed,
    cancelledOnDisconnect: acc.state.cancelledOnDisconnect + cancelled.length
  }
  for (const o of cancelled) execute(acc, compId, (execId) => report(o, execId, "cancel", true))
  acc.actions.push(emit("otp.cancel-on-disconnect", { compId, event: "fired", cancelled: cancelled.length }))
  if (acc.state.open.size === 0) acc.actions.push(cancel(FILL_TIMER))
}

export const otpcHost: Machine<OtpcState, OcgMessage> = {
  step: (state, input, now): Step<OtpcState, OcgMessage> => {
    const acc: Acc = { state, actions: [] }
    if (input._tag === "receive") onMessage(acc, input.from, input.message, now)
    else if (input._tag === "timer") onTimer(acc, input.name, now)
    return [acc.state, acc.actions]
  }
}

export const initialOtpcState = (config: OtpcConfig): OtpcState => ({
  config,
  logs: KeyedTable.empty(),
  arena: newLogArena(),
  nextExecId: 1,
  open: emptyQueue(),
  cancelOnDisconnectArmed: new Set(),
  orders: 0,
  fills: 0,
  cancelledOnDisconnect: 0,
  successor: undefined
})
