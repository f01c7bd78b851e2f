/**
 * A stateless 32-bit hash of small integers (murmur3's finaliser, chained): what makes the content of a
 * sequence number a pure function of the seed, the channel and the number, so every participant, line and
 * the retransmission service get the same message for the same number without keeping it.
 */
const fmix = (h: number): number => {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** An unsigned 32-bit hash of `values` (integers; only their low 32 bits count, the rest is folded in). */
export const hash32 = (...values: ReadonlyArray<number>): number => {
  let h = 0x9747b28c
  for (const v of values) {
    h = fmix((h ^ (v >>> 0) ^ Math.floor(v / 4_294_967_296)) >>> 0)
    h = (Math.imul(h, 5) + 0xe6546b64) >>> 0
  }
  return fmix(h)
}

/** A stable number for a channel name (`omdc/SF`): its characters hashed. */
export const nameKey = (name: string): number => {
  let h = 0
  for (let i = 0; i < name.length; i++) h = hash32(h, name.charCodeAt(i))
  return h
}
