/**
 * Append-only tables of fixed-width numeric rows, and persistent lists of rows in them, for machine states
 * that keep a day of records — a host's session logs, a gateway's stores of sent messages — and append one
 * per event.
 *
 * Why: a day of records held as objects was most of a long run's heap, and every young collection copied
 * the new ones. A list per record kind in typed arrays of its own (one per session) cost as much again in
 * writes to memory all over the heap. Here one arena per machine takes every row at its end (memory just
 * written, in chunks that are never copied), and each list links its rows backwards through the arena (a
 * row's first number is the row before it in its list), so a list is three fields and appending to it is
 * O(1). Strings (Comp IDs) are numbered in the arena; the rare row that must keep an object keeps it beside.
 *
 * Persistence: rows are never changed once written, so a list version (arena, last row, length) reads the
 * same forever, and appending to any version — the newest or an older one a state kept — adds a row at the
 * arena's end that links to that version's last. Every version of a machine's state shares its arena; a
 * list handed to another machine (a DR take-over) keeps appending to the arena its rows are in.
 */

const CHUNK_BITS = 14
const CHUNK_ROWS = 1 << CHUNK_BITS
const LINK = 0

export class RowArena {
  /** Numbers per row, the link to the row before included. */
  readonly width: number
  private readonly chunks: Array<Float64Array> = []
  private rows = 0
  private readonly names: Array<string> = []
  private readonly nameIds = new Map<string, number>()
  // The name numbered last (most rows of a list name the same Comp ID): saves a lookup.
  private lastName: string | undefined = undefined
  private lastNameId = -1
  private readonly objects = new Map<number, unknown>()

  /** `width` numbers per row, the first of which is the link (so `width` ≥ 1). */
  constructor(width: number) {
    this.width = width
  }

  /** A new row after every other (all zeros but its link). */
  add(link: number): number {
    const row = this.rows++
    const c = row >> CHUNK_BITS
    if (c === this.chunks.length) this.chunks.push(new Float64Array(CHUNK_ROWS * this.width))
    this.chunks[c]![(row & (CHUNK_ROWS - 1)) * this.width + LINK] = link
    return row
  }

  set(row: number, k: number, value: number): void {
    this.chunks[row >> CHUNK_BITS]![(row & (CHUNK_ROWS - 1)) * this.width + k] = value
  }

  get(row: number, k: number): number {
    return this.chunks[row >> CHUNK_BITS]![(row & (CHUNK_ROWS - 1)) * this.width + k]!
  }

  /** The number that stands for `name` (numbered on first use). */
  nameIn(name: string): number {
    if (this.lastName === name) return this.lastNameId
    let id = this.nameIds.get(name)
    if (id === undefined) {
      id = this.names.length
      this.names.push(name)
      this.nameIds.set(name, id)
    }
    this.lastName = name
    this.lastNameId = id
    return id
  }

  nameOf(id: number): string {
    return this.names[id]!
  }

  /** Keeps `value` with `row` (for a row whose content is not numbers). */
  keep(row: number, value: unknown): void {
    this.objects.set(row, value)
  }

  kept(row: number): unknown {
    return this.objects.get(row)
  }
}

/** A persistent list of rows of one arena, oldest first; `last` is -1 while empty. */
export interface RowList {
  readonly arena: RowArena | undefined
  readonly last: number
  readonly length: number
  /**
   * The number (`RowArena.nameIn`) in `arena` of the name the list belongs to, if it was appended to as
   * its owner's (`appendOwnedRow`); -1 otherwise. Numbered once, on the list's first row: a row that holds
   * its own list's name (a session's log entry names that session) needs no lookup of it after.
   */
  readonly owner: number
}

export const emptyRowList: RowList = { arena: undefined, last: -1, length: 0, owner: -1 }

/**
 * `list` with a new row at its end (its `last`), in the arena its rows are in (`arena` for an empty list),
 * to be filled at once (`RowArena.set`).
 */
export const appendRow = (list: RowList, arena: RowArena): RowList => {
  const home = list.arena ?? arena
  return { arena: home, last: home.add(list.last), length: list.length + 1, owner: list.owner }
}

/**
 * `appendRow` for a list that belongs to `owner` (a session's log or store, always appended to under the
 * same name): the new version's `owner` is `owner`'s number in the list's arena, looked up only for the
 * first row. Why: a ~15,000-name Map looked up per row is cold memory at 6,000 participants.
 */
export const appendOwnedRow = (list: RowList, arena: RowArena, owner: string): RowList => {
  const home = list.arena ?? arena
  const last = home.add(list.last)
  return { arena: home, last, length: list.length + 1, owner: list.owner >= 0 ? list.owner : home.nameIn(owner) }
}

/** The row before `row` in its list (-1 at the first). */
export const rowBefore = (list: RowList, row: number): number => list.arena!.get(row, LINK)

/** The rows of list entries `from … length-1`, oldest first. */
export const rowsFrom = (list: RowList, from: number): Array<number> => {
  const out: Array<number> = []
  for (let row = list.last, i = list.length - 1; i >= from && row >= 0; row = rowBefore(list, row), i--) out.push(row)
  return out.reverse()
}
