/**
 * TradeIDs (spec §3.10.1: "Unique identifier per security for each trade ... Starting from 1, incrementing
 * by 1 for each trade"): the TradeID of a Trade is the number of Trades of its security at or before its
 * sequence number.
 *
 * Counted, not replayed: whole lives trade each security once a round (rounds.ts `count`); the few numbers
 * other messages took change that by a short list — a whole life whose base or Trade number a Trading
 * Session Status took has no Trade, and a broken life's numbers are Trades of their own on SS/SP
 * (book-flow.ts header). So a number's TradeID costs the same at 09:00 and at 16:00, for a multicast copy,
 * a retransmission or a check.
 *
 * Gotcha: the lists follow the numbers other messages took (`specials`); call `changed` when one is added.
 */
import { START_OF_DAY_MESSAGES } from "../../../models/omd/index.ts"
import { type BookContext, FIRST_LIFE, tradeAt, tradePhaseOf } from "./book-flow.ts"

interface Adjustment {
  readonly seq: number
  readonly code: number
}

export class TradeIds {
  private readonly book: BookContext
  private readonly specials: ReadonlyArray<number>
  /** Whole lives without their Trade (at the number it would have had), and broken lives' Trades: by number. */
  private lists: { readonly lost: ReadonlyArray<Adjustment>; readonly extra: ReadonlyArray<Adjustment> } | undefined

  /** `specials`: the numbers other messages took, ascending (kept up to date by the owner). */
  constructor(book: BookContext, specials: ReadonlyArray<number>) {
    this.book = book
    this.specials = specials
  }

  changed(): void {
    this.lists = undefined
  }

  /** Trades of security `code` at numbers ≤ `seq`: the TradeID of the Trade of `code` at `seq`. */
  of(code: number, seq: number): number {
    const phase = tradePhaseOf(this.book.style)
    const { lost, extra } = (this.lists ??= this.build())
    let n = this.book.rounds.count(code, FIRST_LIFE, Math.floor((seq - phase) / 4))
    for (const a of lost) if (a.seq <= seq && a.code === code) n--
    for (const a of extra) if (a.seq <= seq && a.code === code) n++
    return n
  }

  private build(): { readonly lost: ReadonlyArray<Adjustment>; readonly extra: ReadonlyArray<Adjustment> } {
    const phase = tradePhaseOf(this.book.style)
    const lost: Array<Adjustment> = []
    let lastLife = -1
    for (const s of this.specials) {
      const p = s % 4
      if (p !== 0 && p !== phase) continue
      const life = (s - p) / 4
      if (life < FIRST_LIFE || life === lastLife) continue // base and Trade both taken: one Trade lost
      lastLife = life
      lost.push({ seq: 4 * life + phase, code: this.book.rounds.codeOf(life) })
    }
    const extra: Array<Adjustment> = []
    const bases = new Set([START_OF_DAY_MESSAGES - (START_OF_DAY_MESSAGES % 4), ...this.specials.filter((s) => s % 4 === 0)])
    for (const b of bases) {
      for (let s = b + 1; s < b + 4; s++) {
        const trade = tradeAt(this.book, s)
        if (trade !== undefined) extra.push({ seq: s, code: trade.code })
      }
    }
    return { lost, extra }
  }
}
