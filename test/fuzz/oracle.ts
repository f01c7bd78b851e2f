/**
 * Judges one fuzz case: run its decoder in process, time it, and hold the answer to the rules of issue 16
 * "Keep" — a refusal is one line per issue `FILE:WHERE: expected …, got …` (at most MAX_PRINTED_ISSUES and
 * "… and N more"), no stack trace, no line longer than MAX_LINE; an accepted case is either a
 * meaning-preserving mutation whose decoded value equals the original's, or one whose mutation may yield
 * another valid document ("either"); every case under 2 s. Anything else is a finding.
 */
import { isDeepStrictEqual } from "node:util"
import { MAX_PRINTED_ISSUES } from "../../topology/input-issue.ts"
import type { Case } from "./corpus.ts"
import { decoders } from "./decoders.ts"

export const MAX_MS = 2_000
/** Issue 17 item 5: values in a message are cut; no line of a refusal is longer than this. */
export const MAX_LINE = 2_000

export type Outcome = "refused" | "same" | "accepted"

export interface Verdict {
  readonly outcome: Outcome
  readonly ms: number
  /** Why the case breaks the rules; undefined: it keeps them. */
  readonly finding: string | undefined
  readonly lines: ReadonlyArray<string>
}

const lineShape = (file: string) => {
  const f = file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
  // WHERE: a path (quoted keys may hold spaces: `sites[0]["la tency"]`) or LINE:COL; no newline anywhere
  return new RegExp(`^${f}(:(?:[^ "\\n]|"(?:[^"\\\\\\n]|\\\\.)*")*)?: (expected .+, got .*|… and \\d+ more issues)$`)
}

export const judge = (c: Case, originals: ReadonlyMap<string, unknown>): Verdict => {
  const began = performance.now()
  let decoded
  try {
    decoded = decoders[c.family](c.file, c.bytes)
  } catch (e) {
    const ms = performance.now() - began
    return { outcome: "refused", ms, finding: `threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`.slice(0, 300), lines: [] }
  }
  const ms = performance.now() - began
  const slow = ms > MAX_MS ? `took ${Math.round(ms)} ms` : undefined
  if (!decoded.ok) {
    const shape = lineShape(c.family === "frame" ? "" : c.file)
    const bad = decoded.lines.find((l) => l.length > MAX_LINE || /\n\s+at /.test(l) || !(c.family === "frame" ? /^[^\n]*: expected [^\n]+, got [^\n]*$/.test(l) : shape.test(l)))
    const finding =
      slow ??
      (decoded.lines.length === 0
        ? "refused without a line"
        : decoded.lines.length > MAX_PRINTED_ISSUES + 1
          ? `${decoded.lines.length} lines printed`
          : bad !== undefined
            ? `a line not of the form FILE:WHERE: expected …, got …: ${bad.slice(0, 200)}`
            : c.expect === "same"
              ? `refused a meaning-preserving mutation: ${decoded.lines[0]!.slice(0, 300)}`
              : undefined)
    return { outcome: "refused", ms, finding, lines: decoded.lines }
  }
  const same = isDeepStrictEqual(decoded.value, originals.get(c.source))
  const finding =
    slow ??
    (c.expect === "refuse"
      ? `accepted (${same ? "the same value" : "a different value"})`
      : c.expect === "same" && !same
        ? "accepted with a different value"
        : undefined)
  return { outcome: same ? "same" : "accepted", ms, finding, lines: [] }
}
