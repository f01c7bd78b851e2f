/**
 * The planner's input files besides the estate, decoded: the units to plan (`--units FILE`) and the rules
 * a plan must keep (`--constraints FILE`, and the shipped rules' file). Checking them against the estate
 * is constraints.ts's job.
 *
 * A rule is one of three shapes told apart by their keys only (`apart`; `before` and `after`;
 * `secondarySiteFirst`). Decoded as a union, a bad rule was reported against every shape at once —
 * `{before: a, after: [b]}` read "before: expected no such field", "apart: expected a value" and "before:
 * expected array" — so each rule is decoded as the shape its keys name, and gets that shape's messages
 * only; a rule naming no shape, or two, is one line saying so.
 */
import { Result, Schema } from "effect"
import { decodeDocument } from "../../topology/decode-document.ts"
import { describeValue, fromSchemaIssue, type InputIssue, InputInvalid, issue } from "../../topology/input-issue.ts"

const UnitId = Schema.String.check(Schema.isMinLength(1, { expected: "a cutover unit id" }))
const Units = Schema.Array(UnitId).check(Schema.isMinLength(1, { expected: "at least one unit" }))

export const UnitsFile = Schema.Struct({
  /** The units to plan, in the order ties are broken by. */
  units: Schema.Array(UnitId),
  /** Units already on the new backbone when the plan starts. */
  moved: Schema.optionalKey(Schema.Array(UnitId))
})
export type UnitsFile = typeof UnitsFile.Type

/** No two of these units in one phase (e.g. line A and line B of a channel group). */
const ApartRule = Schema.Struct({ apart: Schema.Array(UnitId).check(Schema.isMinLength(2, { expected: "at least two units" })) })
/** Every unit of `before` in an earlier phase than every unit of `after`. */
const OrderRule = Schema.Struct({ before: Units, after: Units })
/** Units wholly at the secondary data centre before any unit touching the primary one. */
const SiteRule = Schema.Struct({ secondarySiteFirst: Schema.Literal(true) })

export const Constraint = Schema.Union([ApartRule, OrderRule, SiteRule])
export type Constraint = typeof Constraint.Type

const MaxUnitsPerPhase = Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 8 }, { expected: "a whole number from 1 to 8" }))

export const ConstraintsFile = Schema.Struct({
  constraints: Schema.Array(Constraint),
  /** At most this many units in one phase (one step each; default 8, what fits between 06:20 and the 07:00 PRT). */
  maxUnitsPerPhase: Schema.optionalKey(MaxUnitsPerPhase)
})
export type ConstraintsFile = typeof ConstraintsFile.Type

export const parseUnitsFile = decodeDocument(UnitsFile)

/** The file with its rules left undecoded: each is decoded as the shape its keys name (`decodeRule`). */
const parseRulesDocument = decodeDocument(Schema.Struct({ constraints: Schema.Array(Schema.Unknown), maxUnitsPerPhase: Schema.optionalKey(MaxUnitsPerPhase) }))

/** A decoder of one shape of rule; unknown fields are errors, as in every input file (decode-document.ts). */
const ruleDecoder = <S extends Schema.Decoder<Constraint>>(schema: S) => {
  const decode = Schema.decodeUnknownResult(schema)
  return (rule: unknown): Result.Result<Constraint, Schema.SchemaError> => decode(rule, { errors: "all", onExcessProperty: "error" })
}

const shapes: ReadonlyArray<{ readonly name: string; readonly keys: ReadonlyArray<string>; readonly decode: (rule: unknown) => Result.Result<Constraint, Schema.SchemaError> }> = [
  { name: "apart", keys: ["apart"], decode: ruleDecoder(ApartRule) },
  { name: "before/after", keys: ["before", "after"], decode: ruleDecoder(OrderRule) },
  { name: "secondarySiteFirst", keys: ["secondarySiteFirst"], decode: ruleDecoder(SiteRule) }
]

const A_RULE = "a rule: {apart: [units]}, {before: [units], after: [units]} or {secondarySiteFirst: true}"

/** `apart[1]` under `constraints[2]` → `constraints[2].apart[1]`. */
const under = (at: string, path: string) => (path === "" ? at : path.startsWith("[") ? `${at}${path}` : `${at}.${path}`)

const decodeRule = (rule: unknown, at: string): Result.Result<Constraint, ReadonlyArray<InputIssue>> => {
  if (typeof rule !== "object" || rule === null || Array.isArray(rule)) return Result.fail([issue(at, A_RULE, describeValue(rule))])
  const named = shapes.filter((s) => s.keys.some((k) => Object.hasOwn(rule, k)))
  const shape = named[0]
  if (shape === undefined) return Result.fail([issue(at, A_RULE, describeValue(rule))])
  if (named.length > 1) return Result.fail([issue(at, "one rule per entry (apart, before/after or secondarySiteFirst)", `${named.map((s) => s.name).join(" and ")} in one`)])
  const decoded = shape.decode(rule)
  if (Result.isFailure(decoded)) return Result.fail(fromSchemaIssue(decoded.failure.issue, rule).map((i) => issue(under(at, i.path), i.expected, i.got)))
  // A unit twice in an apart rule may never share a phase with itself: the search would find no plan and
  // blame the phase sizes.
  if ("apart" in decoded.success) {
    const twice = decoded.success.apart.findIndex((u, i, all) => all.indexOf(u) !== i)
    if (twice >= 0) return Result.fail([issue(`${at}.apart[${twice}]`, "a unit not already in the rule", JSON.stringify(decoded.success.apart[twice]))])
  }
  return Result.succeed(decoded.success)
}

export const parseConstraintsFile = (file: string, text: string): Result.Result<ConstraintsFile, InputInvalid> => {
  const parsed = parseRulesDocument(file, text)
  if (Result.isFailure(parsed)) return Result.fail(parsed.failure)
  const issues: Array<InputIssue> = []
  const constraints: Array<Constraint> = []
  parsed.success.constraints.forEach((rule, i) => {
    const decoded = decodeRule(rule, `constraints[${i}]`)
    if (Result.isFailure(decoded)) issues.push(...decoded.failure)
    else constraints.push(decoded.success)
  })
  if (issues.length > 0) return Result.fail(new InputInvalid({ file, issues }))
  return Result.succeed({ ...parsed.success, constraints })
}
