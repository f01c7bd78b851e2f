/**
 * Randomness for a run, all derived from the run's seed.
 *
 * - `seededRandom(seed)`: the run's main stream — effect's seeded ISAAC generator (`Random.withSeed`),
 *   drawn in event order, so the same seed and inputs give the same draws.
 * - `keyedRandom(seed, key)`: a small independent stream per key (e.g. one link × one market-data slice),
 *   so that every receiver behind a lossy link sees the same losses whatever order deliveries happen in.
 *   ISAAC's seeding costs ~70 µs, too much for millions of keys, hence splitmix32 over an FNV-1a hash here.
 */
import { Effect, Random } from "effect"

export interface Draws {
  /** Uniform in [0, 1). */
  readonly next: () => number
}

export const seededRandom = (seed: number): Draws => {
  // A genuine edge, not a round trip: the kernel is plain code (no fiber per event, ARCHITECTURE.md), and
  // this takes effect's seeded generator out of its service once per run, then draws from it directly.
  const random = Effect.runSync(Effect.gen(function*() {
    return yield* Random.Random
  }).pipe(Random.withSeed(seed)))
  return { next: () => random.nextDoubleUnsafe() }
}

const fnv1a = (text: string, seed: number): number => {
  let h = (0x811c9dc5 ^ seed) >>> 0
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h
}

export const keyedRandom = (seed: number, key: string): Draws => {
  let state = fnv1a(key, seed)
  return {
    next: () => {
      state = (state + 0x9e3779b9) >>> 0
      let z = state
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
      return ((z ^ (z >>> 16)) >>> 0) / 4294967296
    }
  }
}

/**
 * The positions in `first..last` lost independently with probability `p`, drawn by geometric skipping
 * (cost proportional to the losses, not to the range).
 */
export const lostPositions = (draws: Draws, first: number, last: number, p: number): Array<number> => {
  const out: Array<number> = []
  if (p <= 0 || last < first) return out
  if (p >= 1) {
    for (let s = first; s <= last; s++) out.push(s)
    return out
  }
  const logQ = Math.log(1 - p)
  let s = first - 1
  for (;;) {
    s += 1 + Math.floor(Math.log(1 - draws.next()) / logQ)
    if (s > last) return out
    out.push(s)
  }
}
