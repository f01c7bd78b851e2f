/**
 * Sums of money (RMB) as people write them in scenarios: a plain number of yuan (`52000000000`) or a number
 * and a scale (`"52bn"`, `"1.5m"`, `"500k"`; k = 10³, m = 10⁶, bn = 10⁹), optionally signed (`"-2bn"`)
 * where a field allows it. The result must be a whole number of yuan, at most 10 trillion in size.
 */
import { Schema } from "effect"

const scale: Record<string, number> = { "": 1, k: 1e3, m: 1e6, bn: 1e9 }
const amountPattern = /^([+-]?\d+(?:\.\d+)?)\s*(k|m|bn)?$/

export const MAX_AMOUNT = 1e13

/** `"52bn"` → 52000000000, `-1e9` → -1000000000; undefined when malformed, not whole yuan or too large. */
export const parseAmount = (value: number | string): number | undefined => {
  let yuan: number
  if (typeof value === "number") yuan = value
  else {
    const m = amountPattern.exec(value.trim())
    if (m === null) return undefined
    const raw = Number(m[1]) * scale[m[2] ?? ""]!
    // 1.1 × 10⁹ is 1100000000.0000002 in floating point: a scaled figure within a millionth of a yuan is whole.
    yuan = Math.round(raw)
    if (Math.abs(raw - yuan) > 1e-6) return undefined
  }
  return Number.isInteger(yuan) && Math.abs(yuan) <= MAX_AMOUNT ? yuan : undefined
}

const form = 'yuan (52000000000) or "52bn", "1.5m", "500k"'

/** An amount of at least `min` yuan (`min` 0: zero allowed; 1: positive). */
export const Rmb = (min: number, expected: string) =>
  Schema.Union([Schema.Number, Schema.String]).check(
    Schema.makeFilter((v: number | string) => {
      const yuan = parseAmount(v)
      return yuan !== undefined && yuan >= min
    }, { expected: `${expected}: ${form}` })
  )

/** A signed amount other than zero. */
export const NonZeroRmb = (expected: string) =>
  Schema.Union([Schema.Number, Schema.String]).check(
    Schema.makeFilter((v: number | string) => {
      const yuan = parseAmount(v)
      return yuan !== undefined && yuan !== 0
    }, { expected: `${expected}: ${form}` })
  )

/** For values already decoded by `Rmb` / `NonZeroRmb`. */
export const amountYuan = (value: number | string): number => parseAmount(value)!
