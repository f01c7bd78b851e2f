/**
 * A persistent (immutable) map from string keys to values for machine states that hold one entry per
 * session — a gateway's hundreds of sessions, a host's thousands of logs — and update one per event.
 *
 * Each key gets a slot number the first time any version of the table sees it (the numbering is shared by
 * every table derived from one `empty()`), and values sit in 32-wide chunks: a read is one Map lookup and
 * two array reads, a write copies the chunk list and one chunk. Cheaper than a hash trie (effect HashMap)
 * here because keys are few and fixed, the hash of a string key is cached by the engine, and reads — the
 * commonest operation — allocate nothing.
 *
 * Iteration runs in slot order: the order keys were first set in this table's lineage (deterministic in a
 * deterministic run). A table and the tables derived from it never see each other's writes.
 */

const WIDTH = 32
const SHIFT = 5

interface Keys {
  readonly slots: Map<string, number>
  readonly names: Array<string>
}

export class KeyedTable<V> {
  private readonly keys: Keys
  private readonly chunks: ReadonlyArray<ReadonlyArray<V | undefined> | undefined>
  readonly size: number

  private constructor(keys: Keys, chunks: ReadonlyArray<ReadonlyArray<V | undefined> | undefined>, size: number) {
    this.keys = keys
    this.chunks = chunks
    this.size = size
  }

  static empty<V>(): KeyedTable<V> {
    return new KeyedTable<V>({ slots: new Map(), names: [] }, [], 0)
  }

  get(key: string): V | undefined {
    const slot = this.keys.slots.get(key)
    if (slot === undefined) return undefined
    return this.chunks[slot >> SHIFT]?.[slot & (WIDTH - 1)]
  }

  has(key: string): boolean {
    return this.get(key) !== undefined
  }

  /** A table with `key` set to `value` (this one unchanged). */
  set(key: string, value: V): KeyedTable<V> {
    let slot = this.keys.slots.get(key)
    if (slot === undefined) {
      slot = this.keys.names.length
      this.keys.slots.set(key, slot)
      this.keys.names.push(key)
    }
    const c = slot >> SHIFT
    const chunks = this.chunks.slice()
    while (chunks.length <= c) chunks.push(undefined)
    const before = chunks[c]
    const chunk = before === undefined ? new Array<V | undefined>(WIDTH).fill(undefined) : before.slice()
    const added = chunk[slot & (WIDTH - 1)] === undefined ? 1 : 0
    chunk[slot & (WIDTH - 1)] = value
    chunks[c] = chunk
    return new KeyedTable(this.keys, chunks, this.size + added)
  }

  *[Symbol.iterator](): IterableIterator<[string, V]> {
    for (let c = 0; c < this.chunks.length; c++) {
      const chunk = this.chunks[c]
      if (chunk === undefined) continue
      for (let i = 0; i < WIDTH; i++) {
        const v = chunk[i]
        if (v !== undefined) yield [this.keys.names[(c << SHIFT) + i]!, v]
      }
    }
  }
}
