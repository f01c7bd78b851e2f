/**
 * The day's trades per security up to a sequence number — shares, turnover, high, low, last — for the
 * Statistics (60) of a refresh snapshot (spec §4.4: "Latest Statistics message for each security"): a fold
 * over the Trades of numbers 1 … LastSeqNum (book-flow.ts `tradeAt`), so a snapshot says what the real-time
 * numbers before it traded.
 *
 * Cost: a fold is linear in the numbers, so the last few folds are kept and a later LastSeqNum continues the
 * nearest one at or before it (the refresh lines ask every 30 s, each a little further on): a snapshot costs
 * the numbers since the previous one. Only when a Statistics message is built — a snapshot shed unsent costs
 * nothing. `changed(seq)` drops what a number taken by another message after the fact makes wrong.
 */
import { type BookContext, tradeAt, tradePhaseOf } from "./book-flow.ts"
import { ACTIVE_SECURITIES } from "./universe.ts"

/** Per security code (index; 0 unused): what traded up to `seq`. Prices 3 implied decimals; 0 = no trade yet. */
export interface Tally {
  readonly seq: number
  readonly shares: Float64Array
  readonly turnover: Float64Array
  readonly high: Float64Array
  readonly low: Float64Array
  readonly last: Float64Array
}

const KEPT = 4

const empty = (): Tally => {
  const a = () => new Float64Array(ACTIVE_SECURITIES + 1)
  return { seq: 0, shares: a(), turnover: a(), high: a(), low: a(), last: a() }
}

const copy = (t: Tally, seq: number): Tally =>
  ({ seq, shares: t.shares.slice(), turnover: t.turnover.slice(), high: t.high.slice(), low: t.low.slice(), last: t.last.slice() })

export class TradeTally {
  private readonly book: BookContext
  private kept: Array<Tally> = []

  constructor(book: BookContext) {
    this.book = book
  }

  /** A number ≤ `seq`'s message changed: folds past it no longer hold. */
  changed(seq: number): void {
    this.kept = this.kept.filter((t) => t.seq < seq)
  }

  /** The trades of numbers 1 … `seq`. Do not modify the arrays. */
  upTo(seq: number): Tally {
    let from: Tally | undefined
    for (const t of this.kept) if (t.seq <= seq && (from === undefined || t.seq > from.seq)) from = t
    if (from?.seq === seq) return from
    const t = from === undefined ? empty() : copy(from, from.seq)
    const phase = tradePhaseOf(this.book.style)
    for (let s = t.seq + 1; s <= seq; s++) {
      // Most numbers are a whole life's non-Trade messages: skipped before any hashing.
      const p = s & 3
      if (p === 0 || (p !== phase && this.book.isBook(s - p))) continue
      const trade = tradeAt(this.book, s)
      if (trade === undefined) continue
      const k = trade.code
      t.shares[k] = t.shares[k]! + trade.quantity
      t.turnover[k] = t.turnover[k]! + trade.quantity * trade.price
      if (trade.price > t.high[k]!) t.high[k] = trade.price
      if (t.low[k] === 0 || trade.price < t.low[k]!) t.low[k] = trade.price
      t.last[k] = trade.price
    }
    const done = { ...t, seq }
    this.kept.push(done)
    if (this.kept.length > KEPT) this.kept.shift()
    return done
  }
}
