/**
 * The Wilson score interval of a pass rate: `passes` of `runs`, at 95 % (z = 1.96). Unlike the normal
 * approximation it stays inside [0, 1] and means something at 0 or `runs` passes, which a Monte Carlo of a
 * few dozen runs often gives:
 *   centre = (p + z²/2n) / (1 + z²/n),  half = z·√(p(1−p)/n + z²/4n²) / (1 + z²/n),  p = passes / n.
 * `passes` may be fractional: the Monte Carlo passes the sum of its draws' pass fractions over n draws
 * (message-sweep.ts `rateOf`); with whole passes it is the usual binomial interval.
 */
export const Z95 = 1.96

export interface Interval {
  readonly low: number
  readonly high: number
}

export const wilson = (passes: number, runs: number, z: number = Z95): Interval => {
  if (runs === 0) return { low: 0, high: 1 }
  const p = passes / runs
  const z2 = z * z
  const denominator = 1 + z2 / runs
  const centre = (p + z2 / (2 * runs)) / denominator
  const half = (z * Math.sqrt((p * (1 - p)) / runs + z2 / (4 * runs * runs))) / denominator
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) }
}
