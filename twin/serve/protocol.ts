/**
 * The live protocol (docs/live.md "Protocol"): JSON text frames on `ws://HOST:PORT/live`. The messages are
 * declared once, in twin/contract/live-protocol.ts; here are the server's decoders of client frames.
 * Client messages are decoded with Schema — a frame that is not JSON, not an object of a known `type`, or
 * has wrong fields is refused with one line naming the field, never thrown (nesting deeper than
 * topology/document-limits.ts allows is refused before Schema walks it) — to the contract's types
 * (test/twin/serve/protocol-contract.test.ts fails to compile when a decoder drifts from them). Server
 * messages are the contract's plain types: the server builds them, the viewer decodes them on its side.
 */
import { Result, Schema } from "effect"
import { documentLimitIssue } from "../../topology/document-limits.ts"
import { fromSchemaIssue, type InputIssue } from "../../topology/input-issue.ts"
import { parseJsonText } from "../../topology/json-text.ts"
import type * as Live from "../contract/live-protocol.ts"

export type { FaultKindInfo, ScenarioInfo, ServerMessage } from "../contract/live-protocol.ts"

/** Speeds a client may ask for: 1× (wall clock) to 1000× (a day in under a minute). */
export const MIN_SPEED = 1
export const MAX_SPEED = 1000
/** A frame longer than this is refused (a fault entry is a few hundred bytes). */
export const MAX_FRAME_CHARS = 64 * 1024

const Ref = Schema.optionalKey(Schema.Union([Schema.String, Schema.Number]))
const Token = Schema.optionalKey(Schema.String)
const FaultId = Schema.String.check(
  Schema.isPattern(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { expected: "an id of letters, digits, '.', '_' or '-'" })
)

export const Hello = Schema.Struct({
  type: Schema.Literal("hello"),
  have: Schema.Int.check(Schema.isGreaterThanOrEqualTo(0, { expected: "a count of events, 0 or more" })),
  token: Token
})

export const Inject = Schema.Struct({
  type: Schema.Literal("inject"),
  /** A `faults:` entry of a scenario file without `at` (it starts now); checked by the scenario resolver. */
  fault: Schema.Record(Schema.String, Schema.Json),
  for: Schema.optionalKey(Schema.String),
  id: Schema.optionalKey(FaultId),
  token: Token,
  ref: Ref
})

export const EndFault = Schema.Struct({ type: Schema.Literal("end-fault"), id: Schema.String, token: Token, ref: Ref })

export const StartPhase = Schema.Struct({ type: Schema.Literal("phase"), phase: Schema.String, token: Token, ref: Ref })

export const Move = Schema.Struct({
  type: Schema.Literal("move"),
  units: Schema.Array(Schema.String).check(Schema.isMinLength(1, { expected: "at least one unit" })),
  back: Schema.optionalKey(Schema.Boolean),
  token: Token,
  ref: Ref
})

export const SetSpeed = Schema.Struct({
  type: Schema.Literal("speed"),
  speed: Schema.Number.check(
    Schema.isBetween({ minimum: MIN_SPEED, maximum: MAX_SPEED }, { expected: `a speed from ${MIN_SPEED} to ${MAX_SPEED}` })
  ),
  token: Token,
  ref: Ref
})

export const Pause = Schema.Struct({ type: Schema.Literal("pause"), token: Token, ref: Ref })
export const Resume = Schema.Struct({ type: Schema.Literal("resume"), token: Token, ref: Ref })

export const Control = Schema.Union([Inject, EndFault, StartPhase, Move, SetSpeed, Pause, Resume])
export type Control = Live.Control
export type Hello = Live.Hello
export type ClientMessage = Live.ClientMessage

const byType: Record<string, Schema.Decoder<ClientMessage>> = {
  hello: Hello,
  inject: Inject,
  "end-fault": EndFault,
  phase: StartPhase,
  move: Move,
  speed: SetSpeed,
  pause: Pause,
  resume: Resume
}

/** A refused frame: the message for the `error` reply, and the `ref` if one could be read. */
export interface Refused {
  readonly message: string
  readonly ref?: string | number
}

const describeIssues = (issues: ReadonlyArray<InputIssue>): string =>
  issues.map((i) => `${i.path === "" ? "message" : i.path}: expected ${i.expected}, got ${i.got}`).join("; ")

const refOf = (value: Record<string, unknown>): { ref?: string | number } =>
  typeof value.ref === "string" || typeof value.ref === "number" ? { ref: value.ref } : {}

/**
 * The text of one frame → the message its `type` names in `byType`, or why not (one line): the size cap,
 * JSON, an object, the document limits, a known type, then the type's Schema with excess keys refused. Every
 * WebSocket protocol of the server (live, drill) decodes its client frames through it.
 */
export const decodeTypedFrame = <A>(text: string, byType: Readonly<Record<string, Schema.Decoder<A>>>): Result.Result<A, Refused> => {
  if (text.length > MAX_FRAME_CHARS) return Result.fail({ message: `message: expected at most ${MAX_FRAME_CHARS} characters, got ${text.length}` })
  const parsed = parseJsonText(text)
  if (Result.isFailure(parsed)) {
    // a repeated key is named at its path; a syntax error keeps the one line it always had
    const repeated = parsed.failure.filter((i) => i.expected !== "valid JSON")
    if (repeated.length === 0) return Result.fail({ message: "message: expected JSON, got text that does not parse" })
    // the text is JSON with a key repeated: its `ref` (the last one) still names the request refused
    const whole: unknown = JSON.parse(text)
    return Result.fail({ message: describeIssues(repeated), ...(typeof whole === "object" && whole !== null && !Array.isArray(whole) ? refOf(whole as Record<string, unknown>) : {}) })
  }
  const value = parsed.success
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return Result.fail({ message: `message: expected a JSON object with a "type", got ${Array.isArray(value) ? "an array" : JSON.stringify(value)}` })
  }
  const record = value as Record<string, unknown>
  // Schema walks values recursively: a 30,000-deep `fault` would overflow the stack (issue 17 item 8).
  // The same limits as estates and scenarios, checked iteratively before any Schema sees the value.
  const limit = documentLimitIssue(value)
  if (limit !== undefined) return Result.fail({ message: describeIssues([limit]), ...refOf(record) })
  // own keys only: a `type` of "toString" or "__proto__" must not find Object.prototype's members
  const schema = typeof record.type === "string" && Object.hasOwn(byType, record.type) ? byType[record.type] : undefined
  if (schema === undefined) {
    return Result.fail({
      message: `type: expected one of ${Object.keys(byType).join(", ")}, got ${JSON.stringify(record.type) ?? "nothing"}`,
      ...refOf(record)
    })
  }
  const decoded = Schema.decodeUnknownResult(schema)(value, { errors: "all", onExcessProperty: "error" })
  if (Result.isFailure(decoded)) return Result.fail({ message: describeIssues(fromSchemaIssue(decoded.failure.issue, value)), ...refOf(record) })
  return Result.succeed(decoded.success)
}

/** The text of one frame → a client message, or why not (one line). */
export const decodeClientMessage = (text: string): Result.Result<ClientMessage, Refused> => decodeTypedFrame(text, byType)


/** An `events` frame from already-encoded trace lines (encodeTraceEvent), so each event is encoded once. */
export const eventsFrame = (from: number, lines: ReadonlyArray<string>): string => `{"type":"events","from":${from},"events":[${lines.join(",")}]}`
