/**
 * The decoders the fuzz corpus attacks, in process (the CLI's own functions, without a process per case):
 * estates (UTF-8 → parseEstate → validateEstate), scenarios (→ parseScenario → resolveScenario on the
 * shipped estate), trace files (the viewer's reader with the trace-file rules, then its index), and live
 * control frames (decodeClientMessage). Each answers the decoded value or the lines a user would see.
 */
import { readFileSync } from "node:fs"
import { Result } from "effect"
import { catalogues } from "../../scenarios/catalogues.ts"
import { parseScenario } from "../../scenarios/load.ts"
import { resolveScenario } from "../../scenarios/resolve.ts"
import { formatIssue, renderInputInvalid } from "../../topology/input-issue.ts"
import { decodeUtf8 } from "../../topology/input-text.ts"
import { defaultEstatePath, parseEstate } from "../../topology/load.ts"
import { buildModel, type EstateModel } from "../../topology/model.ts"
import { validateEstate } from "../../topology/validate.ts"
import { decodeClientMessage } from "../../twin/serve/protocol.ts"
import { TraceIndex } from "../../viewer/src/state/trace-index.ts"
import { TraceFileReader } from "../../viewer/src/trace/load.ts"
import { TraceParseError } from "../../viewer/src/trace/parse.ts"

export type Family = "estate" | "scenario" | "trace" | "frame"

export type Decoded = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly lines: ReadonlyArray<string> }

const refused = (lines: ReadonlyArray<string>): Decoded => ({ ok: false, lines })

export const decodeEstate = (file: string, bytes: Uint8Array): Decoded => {
  const text = decodeUtf8(file, bytes)
  if (Result.isFailure(text)) return refused(renderInputInvalid(text.failure))
  const parsed = parseEstate(file, text.success)
  if (Result.isFailure(parsed)) return refused(renderInputInvalid(parsed.failure))
  const valid = validateEstate(file, parsed.success)
  return Result.isFailure(valid) ? refused(renderInputInvalid(valid.failure)) : { ok: true, value: parsed.success }
}

let shipped: EstateModel | undefined
/** The shipped estate's model, built once (scenarios of the library name it). */
export const shippedModel = (): EstateModel => {
  if (shipped === undefined) {
    const parsed = parseEstate("default", readFileSync(defaultEstatePath, "utf8"))
    if (Result.isFailure(parsed)) throw new Error("the shipped estate does not parse")
    shipped = buildModel(parsed.success)
  }
  return shipped
}

export const decodeScenario = (file: string, bytes: Uint8Array): Decoded => {
  const text = decodeUtf8(file, bytes)
  if (Result.isFailure(text)) return refused(renderInputInvalid(text.failure))
  const parsed = parseScenario(file, text.success)
  if (Result.isFailure(parsed)) return refused(renderInputInvalid(parsed.failure))
  const resolved = resolveScenario({ id: "case", file, scenario: parsed.success, model: shippedModel(), estateFile: "default", seed: parsed.success.seed ?? 1, catalogues })
  return Result.isFailure(resolved) ? refused(resolved.failure.map((i) => formatIssue(file, i))) : { ok: true, value: parsed.success }
}

export const decodeTrace = (file: string, bytes: Uint8Array): Decoded => {
  const reader = new TraceFileReader(file)
  try {
    // in two chunks, as a stream would give it
    const cut = bytes.length >> 1
    reader.push(bytes.subarray(0, cut))
    reader.push(bytes.subarray(cut))
    const events = reader.end()
    // the index and reducer read every event of an accepted trace: they must not throw either
    const index = new TraceIndex(events)
    index.finish()
    index.stateAt(index.to)
    return { ok: true, value: events }
  } catch (e) {
    if (e instanceof TraceParseError) return refused([e.message])
    throw e
  }
}

export const decodeFrame = (_file: string, bytes: Uint8Array): Decoded => {
  // ws refuses a text frame that is not UTF-8 (close 1007) before the hub sees it; the hub reads text
  const r = decodeClientMessage(new TextDecoder().decode(bytes))
  return Result.isFailure(r) ? refused([r.failure.message]) : { ok: true, value: r.success }
}

export const decoders: Record<Family, (file: string, bytes: Uint8Array) => Decoded> = {
  estate: decodeEstate,
  scenario: decodeScenario,
  trace: decodeTrace,
  frame: decodeFrame
}
