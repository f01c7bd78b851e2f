/**
 * The link to one mainland market (SSE or SZSE), standing for SEHK's China Connect system and the
 * exchange behind it: it acknowledges every order it receives, keeps the market's Northbound quota ledger
 * (quota.ts), trades orders, confirms cancels, and tells every CCCG when buys open or close.
 *
 * How orders trade [U, kept simple so that DQB is hand-computable]: every order fills completely, at the
 * next match (hours.ts `nextMatchAt`): `tradeDelay` after arrival in continuous trading, 09:25 for an order
 * collected for the opening call, 09:30 / 13:00 for one accepted just before continuous trading. A sell
 * trade adds its amount to DQB (Sell Trades); a buy trade gives back `buyImprovementBp` basis points of
 * its amount (filled below its limit: an Adjustment; default 0). A cancel of an untraded order removes it;
 * a cancelled buy gives back its whole amount (Adjustment).
 *
 * Scheduled adjustments [U: the user's, settings.csc.adjustments] add their amount (negative: take it away)
 * to Adjustments at their time of day; one before the link starts is in the ledger from the start. At an
 * instant where the phase also changes, the adjustment is counted first: one at 09:30:00 that lifts DQB
 * above 0 keeps buys open into continuous trading.
 *
 * The CCCGs hear (`quota-state`) every change of DQB or of whether buys are open: their view is one hop
 * behind the ledger, which is what lets a buy in flight at the moment the quota closes through.
 *
 * DR [U]: the backup site's link (the estate's DR pair) takes the ledger over from the replicated copy as
 * of the loss (twin/simulate/csc-dr.ts): it starts from that state, re-arming each open order's trade; the
 * primary is told to `retire` and stays silent for good. Between the loss and the take-over the primary
 * is cut off (its reports are lost; a quota change it makes meanwhile is still written to the trace under its
 * id); the successor trades what it had open again from the copy.
 *
 * A report goes to the CCCG its order came through; when that CCCG is down, operations point the link's
 * open orders at one that is up (`reroute`, twin/simulate/csc-gateway-loss.ts [U]): any CCCG numbers a
 * report in the platform's session store and passes it to the one holding the session (gateway.ts).
 *
 * Trace: `csc.quota` (subject = this link) whenever buys open or close for the market: `market`, `event`
 * (suspended | closed-for-day | reopened), `dqb`, `buysOpen`, `closedForDay`, `buyOrders`, `sellTrades`,
 * `adjustments` (RMB), `cause` (`order S/O`, `cancel S/O`, `trade S/O`, `phase`, `start`, `adjustment`).
 */
import { type Action, cancel, emit, type Input, type Machine, send, STANDING_STREAM, timer } from "../../engine/machine.ts"
import type { Micros } from "../../engine/time.ts"
import { nextBoundary, nextMatchAt, type NorthboundHours, phaseAt } from "./hours.ts"
import { type CscMessage, type Market, type Side, wireBytes } from "./messages.ts"
import { buysOpen, dqb, type QuotaLedger, recordAdjustment, recordBuyOrder, recordSellTrade, settle } from "./quota.ts"

export interface MainlandLinkSettings {
  readonly market: Market
  /** Every CCCG that forwards orders here: they are told when buys open or close. */
  readonly gateways: ReadonlyArray<string>
  readonly hours: NorthboundHours
  readonly tradeDelay: Micros
  readonly buyImprovementBp: number
  /** Scheduled adjustments of this market's quota, sorted by time: RMB at µs since midnight. */
  readonly adjustments: ReadonlyArray<{ readonly at: Micros; readonly amount: number }>
}

interface OpenOrder {
  readonly key: string
  readonly gateway: string
  readonly session: string
  readonly conn: number
  readonly client: string
  readonly order: string
  readonly side: Side
  readonly amount: number
  /** When it trades (its `trade:` timer), kept so that a DR successor can arm it again. */
  readonly tradeAt: Micros
}

export interface MainlandLinkState {
  readonly settings: MainlandLinkSettings
  readonly ledger: QuotaLedger
  readonly orders: ReadonlyArray<OpenOrder>
  /** What the CCCGs were last told: `buysOpen/dqb`. */
  readonly told: string
  /** What the trace was last told: `buysOpen/closedForDay`. */
  readonly published: string
  /** How many of the scheduled adjustments (by time) are in the ledger. */
  readonly adjusted: number
  /** Taken over by its DR pair: silent for good (absent: live). */
  readonly retired?: true
}

type Act = Action<CscMessage>

export const initialLinkState = (settings: MainlandLinkSettings, ledger: QuotaLedger): MainlandLinkState => ({
  settings,
  ledger,
  orders: [],
  told: `${buysOpen(ledger)}/${dqb(ledger)}`,
  // As if buys were open before the start: a day that starts without quota (settings.csc.dailyQuota 0, or
  // adjustments taking it away) says so at once.
  published: "true/false",
  adjusted: 0
})

/** Counts every scheduled adjustment due by `now` not counted yet. */
const adjust = (s: MainlandLinkState, now: Micros): MainlandLinkState => {
  const due = s.settings.adjustments
  let i = s.adjusted
  let ledger = s.ledger
  while (i < due.length && due[i]!.at <= now) ledger = recordAdjustment(ledger, due[i++]!.amount)
  return i === s.adjusted ? s : { ...s, ledger, adjusted: i }
}

/** Arms the one `adjust` timer (timers are by name) for the next adjustment not counted yet. */
const armAdjust = (s: MainlandLinkState, now: Micros, out: Array<Act>): void => {
  const next = s.settings.adjustments[s.adjusted]
  if (next !== undefined) out.push(timer("adjust", next.at - now))
}

const keyOf = (session: string, order: string): string => `${session}/${order}`

const report = (s: MainlandLinkState, o: OpenOrder, tag: "accepted" | "traded" | "cancelled"): Act => {
  const m: CscMessage = {
    _tag: tag,
    session: o.session,
    conn: o.conn,
    client: o.client,
    order: o.order,
    market: s.settings.market,
    side: o.side,
    amount: o.amount,
    dqb: dqb(s.ledger)
  }
  return send(o.gateway, m, wireBytes(m), STANDING_STREAM)
}

/**
 * Settles the ledger for the phase at `now`; tells the CCCGs when buys open or close or DQB moves, and the
 * trace when buys open or close.
 */
const publish = (s: MainlandLinkState, cause: string, now: Micros, out: Array<Act>): MainlandLinkState => {
  const ledger = settle(s.ledger, phaseAt(s.settings.hours, now))
  const open = buysOpen(ledger)
  const told = `${open}/${dqb(ledger)}`
  const published = `${open}/${ledger.closedForDay}`
  if (told !== s.told) {
    const m: CscMessage = { _tag: "quota-state", market: s.settings.market, buysOpen: open, dqb: dqb(ledger) }
    for (const g of s.settings.gateways) out.push(send(g, m, wireBytes(m), STANDING_STREAM))
  }
  if (published !== s.published) {
    out.push(
      emit("csc.quota", {
        market: s.settings.market,
        event: open ? "reopened" : ledger.closedForDay ? "closed-for-day" : "suspended",
        dqb: dqb(ledger),
        buysOpen: open,
        closedForDay: ledger.closedForDay,
        buyOrders: ledger.buyOrders,
        sellTrades: ledger.sellTrades,
        adjustments: ledger.adjustments,
        cause
      })
    )
  }
  return { ...s, ledger, told, published }
}

const onReceive = (s: MainlandLinkState, from: string, m: CscMessage, now: Micros, out: Array<Act>): MainlandLinkState => {
  if (m._tag === "reroute") {
    if (!s.orders.some((o) => o.gateway === m.from)) return s
    return { ...s, orders: s.orders.map((o) => (o.gateway === m.from ? { ...o, gateway: m.to } : o)) }
  }
  if (m._tag === "order") {
    const matchAt = nextMatchAt(s.settings.hours, now, s.settings.tradeDelay)
    if (matchAt === undefined) {
      const r: CscMessage = { ...m, _tag: "rejected", reason: "outside-hours", dqb: dqb(s.ledger) }
      out.push(send(from, r, wireBytes(r), STANDING_STREAM))
      return s
    }
    const key = keyOf(m.session, m.order)
    const o: OpenOrder = { key, gateway: from, session: m.session, conn: m.conn, client: m.client, order: m.order, side: m.side, amount: m.amount, tradeAt: matchAt }
    const counted = { ...s, ledger: m.side === "buy" ? recordBuyOrder(s.ledger, m.amount) : s.ledger, orders: [...s.orders, o] }
    const settled = publish(counted, `order ${o.key}`, now, out)
    out.push(report(settled, o, "accepted"), timer(`trade:${o.key}`, matchAt - now))
    return settled
  }
  if (m._tag === "cancel") {
    const key = keyOf(m.session, m.order)
    const o = s.orders.find((x) => x.key === key)
    if (o === undefined) {
      const r: CscMessage = { ...m, _tag: "cancel-rejected", reason: "not-open" }
      out.push(send(from, r, wireBytes(r), STANDING_STREAM))
      return s
    }
    const removed = {
      ...s,
      ledger: o.side === "buy" ? recordAdjustment(s.ledger, o.amount) : s.ledger,
      orders: s.orders.filter((x) => x !== o)
    }
    const settled = publish(removed, `cancel ${key}`, now, out)
    out.push(cancel(`trade:${key}`), report(settled, { ...o, gateway: from }, "cancelled"))
    return settled
  }
  return s
}

const onTimer = (s: MainlandLinkState, name: string, now: Micros, out: Array<Act>): MainlandLinkState => {
  if (name === "adjust") {
    const adjusted = adjust(s, now)
    armAdjust(adjusted, now, out)
    return publish(adjusted, "adjustment", now, out)
  }
  if (name === "phase") {
    const after = nextBoundary(s.settings.hours, now)
    if (after !== undefined) out.push(timer("phase", after - now))
    const adjusted = adjust(s, now)
    return publish(adjusted, adjusted === s ? "phase" : "adjustment", now, out)
  }
  const o = s.orders.find((x) => `trade:${x.key}` === name)
  if (o === undefined) return s
  const ledger = o.side === "sell"
    ? recordSellTrade(s.ledger, o.amount)
    : recordAdjustment(s.ledger, Math.round((o.amount * s.settings.buyImprovementBp) / 10_000))
  const settled = publish({ ...s, ledger, orders: s.orders.filter((x) => x !== o) }, `trade ${o.key}`, now, out)
  out.push(report(settled, o, "traded"))
  return settled
}

export const mainlandLink: Machine<MainlandLinkState, CscMessage> = {
  step: (s: MainlandLinkState, input: Input<CscMessage>, now: Micros) => {
    const out: Array<Act> = []
    if (s.retired === true) return [s, out]
    if (input._tag === "receive" && input.message._tag === "retire") return [{ ...s, retired: true }, out]
    let next = s
    if (input._tag === "start") {
      const after = nextBoundary(s.settings.hours, now)
      if (after !== undefined) out.push(timer("phase", after - now))
      // A DR successor starts with the orders its primary had open.
      for (const o of s.orders) out.push(timer(`trade:${o.key}`, Math.max(0, o.tradeAt - now)))
      const adjusted = adjust(s, now)
      armAdjust(adjusted, now, out)
      next = publish(adjusted, "start", now, out)
    } else if (input._tag === "timer") next = onTimer(s, input.name, now, out)
    else next = onReceive(s, input.from, input.message, now, out)
    return [next, out]
  }
}
