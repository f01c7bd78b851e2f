/**
 * What a seed is: a whole number from 0 to 2³² − 1. The keyed streams (random.ts) mix the seed in as 32
 * bits, so two seeds 2³² apart (`1` and `4294967297`, `-1` and `4294967295`) would draw the same day under
 * two names; a seed outside the range is refused wherever one is read (scenario `seed:`, every `--seed`,
 * sweep `--seeds`) rather than folded onto another.
 */
export const MAX_SEED = 4_294_967_295

export const SEED_EXPECTED = `a seed from 0 to ${MAX_SEED}`

export const isSeed = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= MAX_SEED
