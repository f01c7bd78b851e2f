/** The `q` quantile (0–1) of `xs` by the nearest-rank rule the benchmarks print (NaN for none). */
export const quantile = (xs: ReadonlyArray<number>, q: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN
}
