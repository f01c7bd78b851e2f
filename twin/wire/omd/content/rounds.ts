/**
 * Which active security each book life trades (book-flow.ts): lives go in rounds of ACTIVE_SECURITIES, and
 * a round is a seeded shuffle of the active codes, so every active security has exactly one life a round.
 *
 * Why rounds rather than a hash per life: a Trade's TradeID counts the trades of its security (spec
 * §3.10.1, from 1), and with one life per security a round that count is arithmetic — the rounds before,
 * plus where the security falls in its round — so a retransmission of a number late in the day gets the
 * same TradeID as the multicast copy without replaying the day.
 *
 * Gotcha: a round's shuffle costs ACTIVE_SECURITIES hashes; the last few are cached (least recently used
 * first out), which is what keeps the first and the current round of `count` free.
 */
import { hash32 } from "./hash.ts"
import { ACTIVE_SECURITIES } from "./universe.ts"

interface Round {
  /** Position in the round → security code − 1. */
  readonly codes: Int16Array
  /** Security code − 1 → position in the round. */
  readonly positions: Int16Array
}

const CACHED_ROUNDS = 8

export class Rounds {
  private readonly seed: number
  private readonly channelKey: number
  private readonly cache = new Map<number, Round>()

  constructor(seed: number, channelKey: number) {
    this.seed = seed
    this.channelKey = channelKey
  }

  /** The security code (1 … ACTIVE_SECURITIES) of life `n` (the life whose first number is 4n). */
  codeOf(n: number): number {
    return 1 + this.round(Math.floor(n / ACTIVE_SECURITIES)).codes[n % ACTIVE_SECURITIES]!
  }

  /** How many lives in `from..to` (inclusive) trade security `code`. */
  count(code: number, from: number, to: number): number {
    if (to < from) return 0
    const first = Math.floor(from / ACTIVE_SECURITIES)
    const last = Math.floor(to / ACTIVE_SECURITIES)
    const lifeIn = (r: number): number => r * ACTIVE_SECURITIES + this.round(r).positions[code - 1]!
    if (first === last) return lifeIn(first) >= from && lifeIn(first) <= to ? 1 : 0
    return (lifeIn(first) >= from ? 1 : 0) + (last - first - 1) + (lifeIn(last) <= to ? 1 : 0)
  }

  private round(r: number): Round {
    const hit = this.cache.get(r)
    if (hit !== undefined) {
      this.cache.delete(r)
      this.cache.set(r, hit)
      return hit
    }
    // Fisher–Yates with a hash per swap: the same seed, channel and round give the same order.
    const codes = new Int16Array(ACTIVE_SECURITIES)
    for (let i = 0; i < ACTIVE_SECURITIES; i++) codes[i] = i
    for (let i = ACTIVE_SECURITIES - 1; i > 0; i--) {
      const j = hash32(this.seed, this.channelKey, r, i, 5) % (i + 1)
      const t = codes[i]!
      codes[i] = codes[j]!
      codes[j] = t
    }
    const positions = new Int16Array(ACTIVE_SECURITIES)
    for (let i = 0; i < ACTIVE_SECURITIES; i++) positions[codes[i]!] = i
    if (this.cache.size >= CACHED_ROUNDS) this.cache.delete(this.cache.keys().next().value!)
    const round = { codes, positions }
    this.cache.set(r, round)
    return round
  }
}
