/**
 * The server's decoders of the drill protocol's client frames (twin/contract/drill-protocol.ts, docs/drills.md
 * "Protocol"). Every frame is decoded with Schema — text that is not JSON, not an object of a known `type`,
 * or with wrong or unknown fields is refused with one line naming the field, never thrown; nesting deeper
 * than topology/document-limits.ts allows is refused before Schema walks it. The decoded types must be the
 * contract's (test/twin/serve/drill/drill-decode.test.ts fails to compile on drift).
 */
import { Result, Schema } from "effect"
import type * as Drill from "../../contract/drill-protocol.ts"
import { DRILL_ACTIONS } from "../../contract/drill-protocol.ts"
import { SERVICES } from "../../contract/services.ts"
import { decodeTypedFrame, MAX_SPEED, MIN_SPEED, type Refused } from "../protocol.ts"

const Ref = Schema.optionalKey(Schema.Union([Schema.String, Schema.Number]))
const Token = Schema.optionalKey(Schema.String)
/** An element, unit or participant id as the estate writes them (also bounds what a submission stores). */
const ElementId = Schema.String.check(
  Schema.isPattern(/^[A-Za-z0-9][A-Za-z0-9._:+-]{0,127}$/, { expected: "an id of the estate (letters, digits, '.', '_', ':', '+' or '-', at most 128)" })
)
const FaultId = Schema.String.check(
  Schema.isPattern(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { expected: "an id of letters, digits, '.', '_' or '-' (at most 64)" })
)
/** Every participant of an estate fits (the default estate has a few hundred). */
export const MAX_LISTED = 2000
export const MAX_HINT_CHARS = 2000

export const DrillHello = Schema.Struct({ type: Schema.Literal("hello"), token: Token })

export const Diagnose = Schema.Struct({
  type: Schema.Literal("diagnose"),
  element: ElementId,
  fault: Schema.String.check(Schema.isPattern(/^[a-z][a-z0-9-]{0,63}$/, { expected: "a fault kind of the catalogue" })),
  participants: Schema.Array(ElementId).check(Schema.isMaxLength(MAX_LISTED, { expected: `at most ${MAX_LISTED} participants` })),
  services: Schema.Array(Schema.Literals(SERVICES)).check(Schema.isMaxLength(SERVICES.length, { expected: `at most ${SERVICES.length} services` })),
  ref: Ref
})

export const Act = Schema.Struct({
  type: Schema.Literal("act"),
  action: Schema.Literals(DRILL_ACTIONS),
  target: ElementId,
  ref: Ref
})

export const StartDrill = Schema.Struct({ type: Schema.Literal("start"), token: Token, ref: Ref })
export const PauseDrill = Schema.Struct({ type: Schema.Literal("pause"), token: Token, ref: Ref })
export const ResumeDrill = Schema.Struct({ type: Schema.Literal("resume"), token: Token, ref: Ref })
export const DrillSpeed = Schema.Struct({
  type: Schema.Literal("speed"),
  speed: Schema.Number.check(
    Schema.isBetween({ minimum: MIN_SPEED, maximum: MAX_SPEED }, { expected: `a speed from ${MIN_SPEED} to ${MAX_SPEED}` })
  ),
  token: Token,
  ref: Ref
})
export const DrillInject = Schema.Struct({
  type: Schema.Literal("inject"),
  fault: Schema.Record(Schema.String, Schema.Json),
  for: Schema.optionalKey(Schema.String),
  id: Schema.optionalKey(FaultId),
  token: Token,
  ref: Ref
})
export const DrillEndFault = Schema.Struct({ type: Schema.Literal("end-fault"), id: FaultId, token: Token, ref: Ref })
export const Hint = Schema.Struct({
  type: Schema.Literal("hint"),
  text: Schema.String.check(Schema.isMinLength(1, { expected: "a hint" }), Schema.isMaxLength(MAX_HINT_CHARS, { expected: `at most ${MAX_HINT_CHARS} characters` })),
  token: Token,
  ref: Ref
})
export const EndDrill = Schema.Struct({ type: Schema.Literal("end-drill"), token: Token, ref: Ref })

const byType: Record<string, Schema.Decoder<Drill.DrillClientMessage>> = {
  hello: DrillHello,
  diagnose: Diagnose,
  act: Act,
  start: StartDrill,
  pause: PauseDrill,
  resume: ResumeDrill,
  speed: DrillSpeed,
  inject: DrillInject,
  "end-fault": DrillEndFault,
  hint: Hint,
  "end-drill": EndDrill
}

/** The message types that need the instructor's token. */
export const INSTRUCTOR_TYPES: ReadonlySet<string> = new Set(["start", "pause", "resume", "speed", "inject", "end-fault", "hint", "end-drill"])

/** The text of one frame → a drill client message, or why not (one line). */
export const decodeDrillMessage = (text: string): Result.Result<Drill.DrillClientMessage, Refused> => decodeTypedFrame(text, byType)
