/**
 * Spells: the intervals during which something was wrong for one key (a participant's channel, a session,
 * a participant's service), folded from the trace as it streams, and judged against a check's window and
 * limit. Most checks are "no spell longer than X": they open a spell when the bad condition starts, close
 * it when it ends, and ask `judge(now)` for the longest spell and the offenders.
 *
 * Window rule (the same for every check, docs/checks.md): a spell is judged when it overlaps the window
 * `[from, min(now, to)]`; its length is measured from its real start (a spell already under way when the
 * window opens counts in full) to its end, or to `min(now, to)` when it has not ended by then — that spell
 * is reported with no `to` (still so when the verdict was taken).
 *
 * Gotcha: a spell may start in the past (`start(key, at)` with `at` before the last event, e.g. a line
 * found silent 6 s after it went quiet), and a spell that starts where the key's last one ended continues
 * it: the same outage is never counted as two.
 */
import type { Micros } from "../../twin/engine/time.ts"

export interface Spell<M> {
  readonly key: string
  from: Micros
  to: Micros | undefined
  /** What the check wants to say about the spell; it may update it while the spell is open. */
  readonly meta: M
}

export interface JudgedSpell<M> {
  readonly spell: Spell<M>
  readonly from: Micros
  /** Undefined: still so at the verdict (open, or ended after the window). */
  readonly to: Micros | undefined
  readonly duration: Micros
}

export interface SpellsVerdict<M> {
  /** The longest spell overlapping the window (0 when none). */
  readonly longest: Micros
  /** Spells longer than the limit, longest first (ties: earliest first, then key). */
  readonly offenders: ReadonlyArray<JudgedSpell<M>>
}

export class Spells<M> {
  private readonly window: { readonly from: Micros; readonly to: Micros }
  private readonly limit: Micros
  private readonly open = new Map<string, Spell<M>>()
  private readonly lastClosed = new Map<string, Spell<M>>()
  /** Closed spells overlapping the window and longer than the limit. */
  private readonly over = new Set<Spell<M>>()
  private longestClosed = 0

  /** Spells longer than `limit` offend; a negative limit makes every spell overlapping the window offend. */
  constructor(window: { readonly from: Micros; readonly to: Micros }, limit: Micros) {
    this.window = window
    this.limit = limit
  }

  /** The open spell of `key`, if any. */
  get(key: string): Spell<M> | undefined {
    return this.open.get(key)
  }

  /**
   * Opens a spell for `key` from `at`, or moves an open one's start back to `at`. A spell of the same key
   * that ended at or after `at` is the same outage: it is reopened (keeping its meta), or, when another
   * spell is already open, absorbed into it.
   */
  start(key: string, at: Micros, meta: () => M): Spell<M> {
    let spell = this.open.get(key)
    const last = this.lastClosed.get(key)
    const touches = last !== undefined && last.to !== undefined && last.to >= Math.min(at, spell?.from ?? at)
    if (touches) {
      this.lastClosed.delete(key)
      this.over.delete(last)
    }
    if (spell === undefined && touches) {
      spell = last
      spell.to = undefined
      spell.from = Math.min(spell.from, at)
      this.open.set(key, spell)
    } else if (spell === undefined) {
      spell = { key, from: at, to: undefined, meta: meta() }
      this.open.set(key, spell)
    } else {
      spell.from = Math.min(spell.from, at, touches ? last.from : Infinity)
    }
    return spell
  }

  /** Closes the open spell of `key` at `at`; returns it (undefined when none was open). */
  end(key: string, at: Micros): Spell<M> | undefined {
    const spell = this.open.get(key)
    if (spell === undefined) return undefined
    this.open.delete(key)
    spell.to = Math.max(at, spell.from)
    this.lastClosed.set(key, spell)
    const judged = this.measure(spell, Infinity)
    if (judged === undefined) return spell
    if (judged.duration > this.longestClosed) this.longestClosed = judged.duration
    if (judged.duration > this.limit) this.over.add(spell)
    return spell
  }

  judge(now: Micros): SpellsVerdict<M> {
    let longest = 0
    const offenders: Array<JudgedSpell<M>> = []
    for (const spell of this.over) {
      const j = this.measure(spell, now)
      if (j === undefined) continue
      longest = Math.max(longest, j.duration)
      offenders.push(j)
    }
    // Reopened spells only ever grow, so the longest closed one still bounds what was seen.
    longest = Math.max(longest, this.longestClosed)
    for (const spell of this.open.values()) {
      const j = this.measure(spell, now)
      if (j === undefined) continue
      longest = Math.max(longest, j.duration)
      if (j.duration > this.limit) offenders.push(j)
    }
    offenders.sort((a, b) => b.duration - a.duration || a.from - b.from || (a.spell.key < b.spell.key ? -1 : a.spell.key > b.spell.key ? 1 : 0))
    return { longest, offenders }
  }

  /** The spell against the window as seen at `now`; undefined when it does not overlap. */
  private measure(spell: Spell<M>, now: Micros): JudgedSpell<M> | undefined {
    const end = Math.min(now, this.window.to)
    if (spell.from > end) return undefined
    const to = spell.to !== undefined && spell.to <= end ? spell.to : undefined
    if (to !== undefined && to < this.window.from) return undefined
    if (to === undefined && end < this.window.from) return undefined
    return { spell, from: spell.from, to, duration: (to ?? end) - spell.from }
  }
}
