/**
 * A map from string keys to values for machine states that hold one entry per session — a gateway's
 * hundreds of sessions, a host's thousands of logs — and update one per event.
 *
 * Linear, not persistent: a write changes the table's arrays in place and returns the table's next version;
 * the version written is then spent, and any read, write or iteration of it throws. A machine's step
 * reads its state's tables and writes them once each event, and nothing reads a machine's earlier state
 * (the runtime and the eliders hold the current one; the elider's snapshots keep session values, not
 * tables), so copying the path of every write — what this table did while it was persistent, a sixth of
 * the trading path's allocation, 5–9 % of its CPU at 6,000 participants (nothing measurable at 640) —
 * bought nothing but garbage (docs/scaling.md, "A linear per-session table"). A
 * caller that needs an older version must keep a `copy()`; a stale read is a defect made loud, never a
 * silently different answer.
 *
 * Each key gets a slot number the first time the table sees it, and values sit in a trie of arrays of at
 * most 32, indexed by the slot's bits: a read is one Map lookup and one array read per level, a write one
 * array write per level. Cheaper than a hash trie (effect HashMap) here because keys are few and fixed,
 * the hash of a string key is cached by the engine, and reads allocate nothing. The last key's slot is kept
 * (most lookups repeat it: a read, then the write of the same entry), which saves the Map lookup then. The
 * levels grow with the slots (1 up to 32 keys, 2 up to 1,024, 3 up to 32,768); the root holds only as many
 * entries as it uses.
 *
 * Iteration runs in slot order: the order keys were first set (deterministic in a deterministic run).
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
  /** The table's current version: the only one that may be read, written or iterated. */
  head: unknown
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
    const keys: Keys = { slots: new Map(), names: [], lastKey: undefined, lastSlot: -1, head: undefined }
    const table = new KeyedTable<V>(keys, undefined, 1, 0)
    keys.head = table
    return table
  }

  /** A table of its own with this one's entries (its own slots and arrays): what to keep of a version. */
  copy(): KeyedTable<V> {
    let t = KeyedTable.empty<V>()
    for (const [key, value] of this) t = t.set(key, value)
    return t
  }

  get(key: string): V | undefined {
    if (this.keys.head !== this) stale()
    const slot = slotOf(this.keys, key)
    return slot === undefined ? undefined : this.at(slot)
  }

  /**
   * The value of `handle`'s key: its slot is looked up once per table lineage and kept in the handle, so a
   * caller that reads the same key again and again (a session's timer, at every firing) skips the lookup.
   */
  getBy(handle: KeyHandle): V | undefined {
    if (this.keys.head !== this) stale()
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

  /** The table's next version, with `key` set to `value`; this one is spent (its arrays are the next one's). */
  set(key: string, value: V): KeyedTable<V> {
    if (this.keys.head !== this) stale()
    let slot = slotOf(this.keys, key)
    if (slot === undefined) {
      slot = this.keys.names.length
      this.keys.slots.set(key, slot)
      this.keys.names.push(key)
      this.keys.lastKey = key
      this.keys.lastSlot = slot
    }
    // A slot beyond what the trie covers: the old top becomes the first child of a new one.
    let root = this.root as Array<unknown> | undefined
    let levels = this.levels
    while (slot >> (SHIFT * levels) !== 0) {
      if (root !== undefined) root = [root]
      levels++
    }
    if (root === undefined) root = []
    let node = root
    for (let level = levels - 1; level > 0; level--) {
      const i = (slot >> (SHIFT * level)) & MASK
      while (node.length <= i) node.push(undefined)
      node = (node[i] as Array<unknown> | undefined) ?? (node[i] = [])
    }
    const i = slot & MASK
    while (node.length <= i) node.push(undefined)
    const added = node[i] === undefined ? 1 : 0
    node[i] = value
    const next = new KeyedTable<V>(this.keys, root, levels, this.size + added)
    this.keys.head = next
    return next
  }

  /** The entries in slot order. Writing the table while iterating it spends this version: the next step throws. */
  *[Symbol.iterator](): IterableIterator<[string, V]> {
    if (this.keys.head !== this) stale()
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
      if (this.keys.head !== this) stale()
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

const stale = (): never => {
  throw new Error("KeyedTable: a spent version was used (a table is linear: only its latest version may be read or written)")
}
