/**
 * A persistent (immutable) append-only log of fixed-width numeric rows, for machine states that keep a
 * day of records — a host's session logs, a gateway's stores of sent messages — and append one per event.
 *
 * Why not a list of objects: a day's records held as objects are most of a long run's heap; every young
 * collection copies the new ones and every full one traces them all (the whole-day run spent ~20 % of its
 * time there). Rows sit in one Float64Array per log instead, which the collector neither copies nor traces;
 * strings (Comp IDs) are numbered in a table of the log's own, and the rare row that must keep an object
 * keeps it beside the numbers.
 *
 * Persistence: a version is (storage, length). Appending to the newest version writes in place after its
 * last row (the versions before it still see only their own rows); appending to an older version — a
 * state kept and continued from, as a DR take-over or a test may do — copies its rows first. Rows are
 * never changed once written, so every version reads what it was given.
 */

/** Where the rows of one lineage of versions live (mutable, appended to at the end only). */
class Storage {
  data: Float64Array
  /** Rows written: the length of the newest version. */
  count: number
  readonly names: Array<string>
  readonly nameIds: Map<string, number>
  readonly objects: Map<number, unknown>

  constructor(data: Float64Array, count: number, names: Array<string>, objects: Map<number, unknown>) {
    this.data = data
    this.count = count
    this.names = names
    this.nameIds = new Map(names.map((n, i) => [n, i]))
    this.objects = objects
  }
}

export interface RowLog {
  readonly width: number
  readonly length: number
  /** Undefined until the first row. */
  readonly storage: Storage | undefined
}

export const emptyRowLog = (width: number): RowLog => ({ width, length: 0, storage: undefined })

/** A row being written: put its numbers at `data[offset + k]`, k < width (the rest read 0). */
export interface RowWriter {
  readonly data: Float64Array
  readonly offset: number
  /** The number that stands for `name` in this log. */
  readonly name: (name: string) => number
  /** Keeps `value` with the row (for a row whose content is not numbers). */
  readonly keep: (value: unknown) => void
}

const FIRST_ROWS = 8

/** `log` with one more row, filled by `write`. */
export const appendRow = (log: RowLog, write: (row: RowWriter) => void): RowLog => {
  const width = log.width
  let storage = log.storage
  if (storage === undefined) storage = new Storage(new Float64Array(FIRST_ROWS * width), 0, [], new Map())
  else if (storage.count !== log.length) storage = fork(storage, log.length, width)
  const row = storage.count
  if ((row + 1) * width > storage.data.length) {
    const bigger = new Float64Array(storage.data.length * 2)
    bigger.set(storage.data)
    storage.data = bigger
  }
  const s = storage
  write({
    data: s.data,
    offset: row * width,
    name: (name) => nameId(s, name),
    keep: (value) => void s.objects.set(row, value)
  })
  s.count = row + 1
  return { width, length: row + 1, storage: s }
}

/** The rows of an older version, copied into storage of its own (its later rows are another version's). */
const fork = (from: Storage, length: number, width: number): Storage => {
  const data = new Float64Array(Math.max(FIRST_ROWS, 2 * length) * width)
  data.set(from.data.subarray(0, length * width))
  const objects = new Map<number, unknown>()
  for (const [row, value] of from.objects) if (row < length) objects.set(row, value)
  return new Storage(data, length, from.names.slice(), objects)
}

const nameId = (s: Storage, name: string): number => {
  let id = s.nameIds.get(name)
  if (id === undefined) {
    id = s.names.length
    s.names.push(name)
    s.nameIds.set(name, id)
  }
  return id
}

/** Number `k` of row `row` (row < length). */
export const cell = (log: RowLog, row: number, k: number): number => log.storage!.data[row * log.width + k]!

/** The name number `id` stands for in `log`. */
export const nameOf = (log: RowLog, id: number): string => log.storage!.names[id]!

/** The object kept with row `row`, if one was. */
export const keptWith = (log: RowLog, row: number): unknown => log.storage!.objects.get(row)
