/**
 * Sequence-number ranges: the unit in which OMD models talk about data (a time slice stands for
 * `first..last`, a gap is `first..last`, a retransmission request asks for `first..last`).
 *
 * Lists of ranges are always sorted by `first`, disjoint and non-adjacent where the function says "runs";
 * a range is inclusive at both ends and never empty (`first ≤ last`).
 *
 * Gotcha: `subtract` keeps the extra fields of the items it cuts (a gap's detection time survives being
 * split by a partial recovery), so it is generic over the item type.
 */

export interface SeqRange {
  readonly first: number
  readonly last: number
}

export const span = (r: SeqRange): number => r.last - r.first + 1

export const total = (ranges: ReadonlyArray<SeqRange>): number => {
  let n = 0
  for (const r of ranges) n += span(r)
  return n
}

/** Sorted sequence numbers → maximal runs of consecutive numbers. */
export const runsOf = (seqs: ReadonlyArray<number>): Array<SeqRange> => {
  const out: Array<SeqRange> = []
  let first = -1
  let last = -2
  for (const s of seqs) {
    if (s === last + 1) {
      last = s
      continue
    }
    if (first >= 0) out.push({ first, last })
    first = s
    last = s
  }
  if (first >= 0) out.push({ first, last })
  return out
}

/** The parts of `ranges` inside `first..last`. */
export const clip = (ranges: ReadonlyArray<SeqRange>, first: number, last: number): Array<SeqRange> => {
  const out: Array<SeqRange> = []
  for (const r of ranges) {
    if (r.last < first || r.first > last) continue
    out.push({ first: Math.max(r.first, first), last: Math.min(r.last, last) })
  }
  return out
}

/**
 * `items` minus `cut` (both sorted and disjoint). `kept` are the pieces of items outside `cut`, `removed`
 * the pieces inside it, each piece keeping its item's other fields.
 */
export const subtract = <T extends SeqRange>(
  items: ReadonlyArray<T>,
  cut: ReadonlyArray<SeqRange>
): { readonly kept: Array<T>; readonly removed: Array<T> } => {
  const kept: Array<T> = []
  const removed: Array<T> = []
  let c = 0
  for (const item of items) {
    let from = item.first
    while (c < cut.length && cut[c]!.last < from) c++
    let k = c
    while (from <= item.last) {
      const piece = cut[k]
      if (piece === undefined || piece.first > item.last) {
        kept.push(from === item.first ? item : { ...item, first: from })
        break
      }
      if (piece.first > from) kept.push({ ...item, first: from, last: piece.first - 1 })
      const to = Math.min(piece.last, item.last)
      removed.push({ ...item, first: Math.max(piece.first, from), last: to })
      from = to + 1
      if (piece.last <= item.last) k++
    }
  }
  return { kept, removed }
}

/** Plain ranges `a` minus `b`. */
export const minus = (a: ReadonlyArray<SeqRange>, b: ReadonlyArray<SeqRange>): Array<SeqRange> =>
  subtract(a.map((r) => ({ first: r.first, last: r.last })), b).kept

/** Cuts `r` into consecutive pieces of at most `max` numbers. */
export const splitBy = (r: SeqRange, max: number): Array<SeqRange> => {
  const out: Array<SeqRange> = []
  for (let first = r.first; first <= r.last; first += max) out.push({ first, last: Math.min(r.last, first + max - 1) })
  return out
}

/** Sorted, disjoint ranges merged where adjacent. */
export const merge = (ranges: ReadonlyArray<SeqRange>): Array<SeqRange> => {
  const out: Array<SeqRange> = []
  for (const r of ranges) {
    const prev = out[out.length - 1]
    if (prev !== undefined && prev.last + 1 >= r.first) out[out.length - 1] = { first: prev.first, last: Math.max(prev.last, r.last) }
    else out.push({ first: r.first, last: r.last })
  }
  return out
}

export const formatRange = (r: SeqRange): string => (r.first === r.last ? `${r.first}` : `${r.first}-${r.last}`)
