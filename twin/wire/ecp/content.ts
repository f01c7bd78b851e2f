/**
 * The bytes of a file the twin hands a participant: deterministic per (seed, participant, file name, size),
 * so that a test or a trainee can check a download byte for byte against `fileBytes` and two runs with the
 * same seed serve the same files.
 *
 * Text, as ECP's files are CSV: lines of 63 lowercase hex digits and a newline (64 bytes), the last line cut
 * at the size. The digits are the hex of an AES-128-CTR keystream (key: the first 16 bytes of
 * SHA-256(`ecp-file|SEED|PARTICIPANT|FILE`), counter block 0 first): fast (a 100 MB file in well under a
 * second) and the same on every machine.
 */
import { createCipheriv, createHash } from "node:crypto"
import { closeSync, openSync, renameSync, writeSync } from "node:fs"

const LINE = 64
const BLOCK = 1 << 20 // 1 MiB, a multiple of LINE

const keyOf = (seed: number, participant: string, file: string): Buffer =>
  createHash("sha256").update(`ecp-file|${seed}|${participant}|${file}`).digest().subarray(0, 16)

/** Streams the file's bytes in blocks of 1 MiB (the last one shorter) to `sink`. */
export const forEachBlock = (seed: number, participant: string, file: string, size: number, sink: (block: Buffer) => void): void => {
  const cipher = createCipheriv("aes-128-ctr", keyOf(seed, participant, file), Buffer.alloc(16))
  const zeros = Buffer.alloc(BLOCK / 2)
  for (let offset = 0; offset < size; offset += BLOCK) {
    const n = Math.min(BLOCK, size - offset)
    const text = Buffer.from(cipher.update(zeros.subarray(0, Math.ceil(n / 2))).toString("hex"), "latin1").subarray(0, n)
    // Every 64th byte (offsets 63, 127, … of the file: blocks start on a line) is the line's end.
    for (let i = LINE - 1; i < n; i += LINE) text[i] = 0x0a
    sink(text)
  }
}

/** The whole file in memory (tests, small files). */
export const fileBytes = (seed: number, participant: string, file: string, size: number): Buffer => {
  const parts: Array<Buffer> = []
  forEachBlock(seed, participant, file, size, (b) => parts.push(b))
  return Buffer.concat(parts, size)
}

/** Writes the file at `path` (through a temporary name, so a client never sees half of it). */
export const writeFile = (path: string, seed: number, participant: string, file: string, size: number): void => {
  const partial = `${path}.part`
  const fd = openSync(partial, "w", 0o644)
  try {
    forEachBlock(seed, participant, file, size, (b) => void writeSync(fd, b))
  } finally {
    closeSync(fd)
  }
  renameSync(partial, path)
}
