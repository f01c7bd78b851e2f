/**
 * File sizes as people write them in scenarios: a whole number of bytes (`65536`) or a number and a binary
 * unit (`"64KiB"`, `"40MiB"`, `"1.5GiB"`, `"900B"`). Units are binary (1 KiB = 1,024 bytes), as SFTP
 * clients report sizes; the result must be a whole number of bytes from 1 to 16 GiB.
 */
import { Schema } from "effect"

const unitBytes: Record<string, number> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 }
const sizePattern = /^(\d+(?:\.\d+)?)\s*(B|KiB|MiB|GiB)$/

export const MAX_SIZE_BYTES = 16 * 1024 ** 3

/** `"64KiB"` → 65536, `4096` → 4096; undefined when malformed, not whole, below 1 byte or above 16 GiB. */
export const parseSize = (value: number | string): number | undefined => {
  let bytes: number
  if (typeof value === "number") bytes = value
  else {
    const m = sizePattern.exec(value.trim())
    if (m === null) return undefined
    bytes = Number(m[1]) * unitBytes[m[2]!]!
  }
  return Number.isInteger(bytes) && bytes >= 1 && bytes <= MAX_SIZE_BYTES ? bytes : undefined
}

const expected = 'a size from 1 byte to 16GiB: whole bytes (65536) or "64KiB", "40MiB", "900B"'

export const Size = Schema.Union([Schema.Number, Schema.String]).check(
  Schema.makeFilter((v: number | string) => parseSize(v) !== undefined, { expected })
)

/** For values already decoded by `Size`. */
export const sizeBytes = (value: number | string): number => parseSize(value)!
