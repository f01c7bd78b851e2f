/** The bytes of the files the endpoint hands out (twin/wire/ecp/content.ts). */
import { createCipheriv, createHash } from "node:crypto"
import { describe, expect, it } from "vitest"
import { fileBytes } from "../../../../twin/wire/ecp/content.ts"

describe("fileBytes", () => {
  it("is 63 hex digits and a newline per 64-byte line, the last line cut at the size", () => {
    const b = fileBytes(7, "P1", "DAILY_P1_01.csv", 200)
    expect(b.length).toBe(200)
    // Newlines at offsets 63, 127, 191; 200 = 3 × 64 + 8: the last line is 8 digits without a newline.
    expect([...b.keys()].filter((i) => b[i] === 0x0a)).toEqual([63, 127, 191])
    expect(/^[0-9a-f]+$/.test(b.toString("latin1").replaceAll("\n", ""))).toBe(true)
  })
  it("is the hex of AES-128-CTR's keystream under SHA-256(ecp-file|SEED|P|FILE)[0..16], counter 0 first", () => {
    const key = createHash("sha256").update("ecp-file|7|P1|DAILY_P1_01.csv").digest().subarray(0, 16)
    const stream = createCipheriv("aes-128-ctr", key, Buffer.alloc(16)).update(Buffer.alloc(32)).toString("hex")
    // The first line: the first 63 hex digits of the keystream's first 32 bytes, then "\n".
    expect(fileBytes(7, "P1", "DAILY_P1_01.csv", 64).toString("latin1")).toBe(`${stream.slice(0, 63)}\n`)
  })
  it("a file over 1 MiB reads the same whole as in blocks, and the blocks start on a line", () => {
    const size = (1 << 20) + 100
    const b = fileBytes(3, "P2", "FULL-IMAGE_P2_01.csv", size)
    expect(b.length).toBe(size)
    expect(b[(1 << 20) - 1]).toBe(0x0a) // 1 MiB is 16384 lines of 64: its last byte ends a line
    expect(b.subarray(0, 64).equals(fileBytes(3, "P2", "FULL-IMAGE_P2_01.csv", 64))).toBe(true)
  })
  it("depends on the seed, the participant and the name", () => {
    const a = fileBytes(7, "P1", "A.csv", 64)
    expect(fileBytes(7, "P1", "A.csv", 64).equals(a)).toBe(true)
    expect(fileBytes(8, "P1", "A.csv", 64).equals(a)).toBe(false)
    expect(fileBytes(7, "P2", "A.csv", 64).equals(a)).toBe(false)
    expect(fileBytes(7, "P1", "B.csv", 64).equals(a)).toBe(false)
  })
})
