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
  /** The name numbered last (most rows of a log name the same Comp ID): saves a lookup. */
  lastName: string | undefined = undefined
  lastNameId = -1

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

const FIRST_ROWS = 8

/**
 * `log` with one more row, all zeros, for the caller to fill at once (`setCell`, `nameIn`, `keep`) before
 * anything else appends to this lineage. The new row is number `log.length`.
 */
export const appendRow = (log: RowLog): RowLog => {
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
  storage.count = row + 1
  return { width, length: row + 1, storage }
}

/** Sets number `k` of the row just appended (`row` = its number). */
export const setCell = (log: RowLog, row: number, k: number, value: number): void => {
  log.storage!.data[row * log.width + k] = value
}

/** The number that stands for `name` in `log` (numbered on first use). */
export const nameIn = (log: RowLog, name: string): number => {
  const s = log.storage!
  if (s.lastName === name) return s.lastNameId
  let id = s.nameIds.get(name)
  if (id === undefined) {
    id = s.names.length
    s.names.push(name)
    s.nameIds.set(name, id)
  }
  s.lastName = name
  s.lastNameId = id
  return id
}

/** Keeps `value` with the row just appended (for a row whose content is not numbers). */
export const keep = (log: RowLog, row: number, value: unknown): void => {
  log.storage!.objects.set(row, value)
}

/** The rows of an older version, copied into storage of its own (its later rows are another version's). */
const fork = (from: Storage, length: number, width: number): Storage => {
  const data = new Float64Array(Math.max(FIRST_ROWS, 2 * length) * width)
  data.set(from.data.subarray(0, length * width))
  const objects = new Map<number, unknown>()
  for (const [row, value] of from.objects) if (row < length) objects.set(row, value)
  return new Storage(data, length, from.names.slice(), objects)
}

/** Number `k` of row `row` (row < length). */
export const cell = (log: RowLog, row: number, k: number): number => log.storage!.data[row * log.width + k]!

/** The name number `id` stands for in `log`. */
export const nameOf = (log: RowLog, id: number): string => log.storage!.names[id]!

/** The object kept with row `row`, if one was. */
export const keptWith = (log: RowLog, row: number): unknown => log.storage!.objects.get(row)
