/**
 * A persistent (immutable) map from string keys to values for machine states that hold one entry per
 * session — a gateway's hundreds of sessions, a host's thousands of logs — and update one per event.
 *
 * Each key gets a slot number the first time any version of the table sees it (the numbering is shared by
 * every table derived from one `empty()`), and values sit in a trie of arrays of at most 32, indexed by the
 * slot's bits: a read is one Map lookup and one array read per level, a write copies one array per level.
 * Cheaper than a hash trie (effect HashMap) here because keys are few and fixed, the hash of a string key is
 * cached by the engine, and reads — the commonest operation — allocate nothing. The last key's slot is kept
 * (most lookups repeat it: a read, then the write of the same entry), which saves the Map lookup then.
 *
 * Why a trie and not one list of 32-wide chunks (what it was): a write copied the whole chunk list, n/32
 * entries, so a host's 15,000 logs (6,000 participants) cost ~470 pointers copied per execution recorded;
 * now it is at most 32 per level, and the levels grow with the slots (1 up to 32 keys, 2 up to 1,024, 3 up
 * to 32,768). The root holds only as many entries as it uses, so small tables copy little.
 *
 * Iteration runs in slot order: the order keys were first set in this table's lineage (deterministic in a
 * deterministic run). A table and the tables derived from it never see each other's writes.
 */

const SHIFT = 5
const WIDTH = 1 << SHIFT
const MASK = WIDTH - 1

interface Keys {
  readonly slots: Map<string, number>
  readonly names: Array<string>
  /**
   * The key looked up last and its slot: a step reads a session and then writes it (or a lazy timer's
   * check reads it and its step reads and writes it again), so most lookups repeat the one before, and the
   * Map of thousands of keys is cold memory at 6,000 participants. Slots never change, so it is never stale.
   */
  lastKey: string | undefined
  lastSlot: number
}

/** `key`'s slot in `keys` (undefined: no version of the table has set it yet). */
const slotOf = (keys: Keys, key: string): number | undefined => {
  if (keys.lastKey === key) return keys.lastSlot
  const slot = keys.slots.get(key)
  if (slot !== undefined) {
    keys.lastKey = key
    keys.lastSlot = slot
  }
  return slot
}

/** A level of the trie: values at the bottom level (1), child arrays above. */
type Level = ReadonlyArray<unknown>

export class KeyedTable<V> {
  private readonly keys: Keys
  /** The top array (undefined while empty) and how many levels it has: it covers slots below 32^levels. */
  private readonly root: Level | undefined
  private readonly levels: number
  readonly size: number

  private constructor(keys: Keys, root: Level | undefined, levels: number, size: number) {
    this.keys = keys
    this.root = root
    this.levels = levels
    this.size = size
  }

  static empty<V>(): KeyedTable<V> {
    return new KeyedTable<V>({ slots: new Map(), names: [], lastKey: undefined, lastSlot: -1 }, undefined, 1, 0)
  }

  get(key: string): V | undefined {
    const slot = slotOf(this.keys, key)
    return slot === undefined ? undefined : this.at(slot)
  }

  /**
   * The value of `handle`'s key: its slot is looked up once per table lineage and kept in the handle, so a
   * caller that reads the same key again and again (a session's timer, at every firing) skips the lookup.
   */
  getBy(handle: KeyHandle): V | undefined {
    if (handle.keys !== this.keys) {
      const slot = this.keys.slots.get(handle.key)
      if (slot === undefined) return undefined
      handle.keys = this.keys
      handle.slot = slot
    }
    // A write or read of the same key usually follows (the step the firing runs): it finds the slot here.
    this.keys.lastKey = handle.key
    this.keys.lastSlot = handle.slot
    return this.at(handle.slot)
  }

  private at(slot: number): V | undefined {
    if (slot >> (SHIFT * this.levels) !== 0) return undefined
    let node = this.root
    for (let level = this.levels - 1; level > 0 && node !== undefined; level--) node = node[(slot >> (SHIFT * level)) & MASK] as Level | undefined
    return node?.[slot & MASK] as V | undefined
  }

  has(key: string): boolean {
    return this.get(key) !== undefined
  }

  /** A table with `key` set to `value` (this one unchanged). */
  set(key: string, value: V): KeyedTable<V> {
    let slot = slotOf(this.keys, key)
    if (slot === undefined) {
      slot = this.keys.names.length
      this.keys.slots.set(key, slot)
      this.keys.names.push(key)
      this.keys.lastKey = key
      this.keys.lastSlot = slot
    }
    // A slot beyond what the trie covers: the old top becomes the first child of a new one.
    let root = this.root
    let levels = this.levels
    while (slot >> (SHIFT * levels) !== 0) {
      if (root !== undefined) root = [root]
      levels++
    }
    added = 0
    const next = setIn(root, levels - 1, slot, value)
    return new KeyedTable(this.keys, next, levels, this.size + added)
  }

  *[Symbol.iterator](): IterableIterator<[string, V]> {
    if (this.root === undefined) return
    yield* this.walk(this.root, this.levels - 1, 0)
  }

  private *walk(node: Level, level: number, base: number): IterableIterator<[string, V]> {
    for (let i = 0; i < node.length; i++) {
      const entry = node[i]
      if (entry === undefined) continue
      const slot = base + (i << (SHIFT * level))
      if (level === 0) yield [this.keys.names[slot]!, entry as V]
      else yield* this.walk(entry as Level, level - 1, slot)
    }
  }
}

/** A key and, once a table has read it (`KeyedTable.getBy`), its slot in that table's lineage. */
export class KeyHandle {
  readonly key: string
  /** The lineage `slot` belongs to (undefined until read): a table of another lineage looks the key up again. */
  keys: Keys | undefined = undefined
  slot = -1

  constructor(key: string) {
    this.key = key
  }
}

/** Set by `setIn` when the slot it set was empty (a module variable: no object allocated per write). */
let added = 0

/** `node` (at `level`, 0 the values) copied with `slot`'s value set; a new entry sets `added`. */
const setIn = (node: Level | undefined, level: number, slot: number, value: unknown): Level => {
  const i = (slot >> (SHIFT * level)) & MASK
  const copy = node === undefined ? [] : node.slice()
  while (copy.length <= i) copy.push(undefined)
  if (level === 0) {
    if (copy[i] === undefined) added = 1
    copy[i] = value
  } else copy[i] = setIn(copy[i] as Level | undefined, level - 1, slot, value)
  return copy
}
