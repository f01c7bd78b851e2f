/**
 * The assumptions a user sets (issue 13), as written: the `settings` section of an estate (estate-wide
 * defaults) and of a scenario (this day's values), both of the shape `SettingsInput` — one key per system
 * (`rts`, `ocg`, `csc`, `ecp`), each decoded by its own section module beside this file — and the one
 * resolver that turns them into the typed `Settings` every wiring reads (twin/settings/settings.ts).
 *
 * Resolution: each side is decoded on its own (so a problem names the file and path it is in, and unknown
 * keys are errors as everywhere), then the scenario's values are laid over the estate's field by field —
 * objects merge key by key at every depth, anything else (a number, a string, a list) is replaced whole —
 * and the merged input is resolved section by section. Nothing set anywhere gives `{}`: every model keeps
 * its own default, so traces without settings are those of before.
 *
 * Gotcha: the estate file only checks the section names (topology/schema.ts: the topology layer imports no
 * scenario code); its sections are decoded here, by every loader that simulates the estate
 * (`estateSettings`, `loadScenario`).
 */
import { Result, Schema } from "effect"
import { fromSchemaIssue, InputInvalid, type InputIssue, issue, issuesUnder } from "../../topology/input-issue.ts"
import type { EstateModel } from "../../topology/model.ts"
import type { SessionChange } from "../../twin/models/trading-day.ts"
import type { Settings } from "../../twin/settings/settings.ts"
import { CscSettingsInput, resolveCscSettings } from "./csc.ts"
import { checkEcpSettings, EcpSettingsInput, resolveEcpSettings } from "./ecp.ts"
import { checkMergedOcgGroups, checkOcgSettings, OcgSettingsInput, resolveOcgSettings } from "./ocg.ts"
import { resolveRtsSettings, RtsSettingsInput } from "./rts.ts"

export const SettingsInput = Schema.Struct({
  rts: Schema.optionalKey(RtsSettingsInput),
  ocg: Schema.optionalKey(OcgSettingsInput),
  csc: Schema.optionalKey(CscSettingsInput),
  ecp: Schema.optionalKey(EcpSettingsInput)
})
export type SettingsInput = typeof SettingsInput.Type

const parseOptions = { errors: "all", onExcessProperty: "error" } as const


/**
 * What a decoded side names that the estate does not have, or asks of a day `day` (default a full trading
 * day) cannot give; paths from the file's top (`settings.ocg.…`).
 */
export const checkSettings = (input: SettingsInput, model: EstateModel, day?: ReadonlyArray<SessionChange>): ReadonlyArray<InputIssue> => [
  ...(input.ocg === undefined ? [] : issuesUnder("settings.ocg", checkOcgSettings(input.ocg, model, day))),
  ...(input.ecp === undefined ? [] : issuesUnder("settings.ecp", checkEcpSettings(input.ecp, model)))
]

/**
 * One side's raw `settings` value (undefined: none) → its decoded input, or every issue with its path from
 * the file's top (`settings.ocg.throttle`). References are checked against the estate here.
 */
export const decodeSettings = (raw: unknown, model: EstateModel): Result.Result<SettingsInput, ReadonlyArray<InputIssue>> => {
  if (raw === undefined) return Result.succeed({})
  const decoded = Schema.decodeUnknownResult(SettingsInput)(raw, parseOptions)
  if (Result.isFailure(decoded)) return Result.fail(issuesUnder("settings", fromSchemaIssue(decoded.failure.issue, raw)))
  const found = checkSettings(decoded.success, model)
  return found.length > 0 ? Result.fail(found) : Result.succeed(decoded.success)
}

const isRecord = (v: unknown): v is Readonly<Record<string, unknown>> => typeof v === "object" && v !== null && !Array.isArray(v)

/** `over` laid on `under` field by field: records merge at every depth; any other value of `over` replaces. */
export const layOver = <A>(base: A, over: A): A => {
  if (!isRecord(base) || !isRecord(over)) return over === undefined ? base : over
  const out: Record<string, unknown> = { ...base }
  for (const [k, v] of Object.entries(over)) if (v !== undefined) out[k] = k in base ? layOver(base[k], v) : v
  return out as A
}

/** The merged input → the typed settings; issues (paths from `settings`) for what only the merge shows. */
export const resolveSettings = (input: SettingsInput, model: EstateModel): Result.Result<Settings, ReadonlyArray<InputIssue>> => {
  const ocg = input.ocg === undefined ? undefined : resolveOcgSettings(input.ocg, model)
  const issues = issuesUnder("settings.ocg", ocg?.issues ?? [])
  if (issues.length > 0) return Result.fail(issues)
  return Result.succeed({
    ...(input.rts === undefined ? {} : { rts: resolveRtsSettings(input.rts) }),
    ...(ocg === undefined ? {} : { ocg: ocg.settings }),
    ...(input.csc === undefined ? {} : { csc: resolveCscSettings(input.csc) }),
    ...(input.ecp === undefined ? {} : { ecp: resolveEcpSettings(input.ecp) })
  })
}

/** The estate's own `settings`, decoded; its problems name the estate file. */
export const estateSettingsInput = (file: string, model: EstateModel): Result.Result<SettingsInput, InputInvalid> =>
  Result.mapError(decodeSettings(model.file.settings, model), (issues) => new InputInvalid({ file, issues }))

/** Settings for a run of the estate alone (`twin simulate`, `twin serve` without a scenario). */
export const estateSettings = (file: string, model: EstateModel): Result.Result<Settings, InputInvalid> =>
  Result.flatMap(estateSettingsInput(file, model), (input) =>
    Result.mapError(resolveSettings(input, model), (issues) => new InputInvalid({ file, issues })))

/**
 * A scenario's settings (decoded with the scenario file) over its estate's; issue paths relative to the
 * scenario file. The estate's own problems are its loader's to report (`estateSettingsInput`); here they
 * stop the scenario with one line. The scenario's own are checked against its day (`day`: the timetable
 * its calendar keeps); the estate's, written for any day, against a full one.
 */
export const scenarioSettings = (scenario: SettingsInput | undefined, model: EstateModel, day?: ReadonlyArray<SessionChange>): Result.Result<Settings, ReadonlyArray<InputIssue>> => {
  const estate = decodeSettings(model.file.settings, model)
  if (Result.isFailure(estate)) {
    return Result.fail([issue("settings", "an estate whose own settings are valid", `${estate.failure.length} problem(s) in the estate's settings`)])
  }
  const own = scenario ?? {}
  const found = checkSettings(own, model, day)
  if (found.length > 0) return Result.fail(found)
  const merged = layOver(estate.success, own)
  // Rules between fields (a window's from before its until, a range's min below its max) held on each side
  // alone; the merge can still break them (the estate's until, the scenario's later from), so it is decoded again.
  const again = Schema.decodeUnknownResult(SettingsInput)(merged, parseOptions)
  if (Result.isFailure(again)) {
    return Result.fail(
      issuesUnder("settings", fromSchemaIssue(again.failure.issue, merged)).map((i) =>
        issue(i.path, `${i.expected} (this scenario's settings laid over the estate's)`, i.got))
    )
  }
  // A group each side selects sessions for can select none once merged (its selectors all hold).
  const emptied = issuesUnder("settings.ocg", checkMergedOcgGroups(again.success.ocg, estate.success.ocg, own.ocg, model))
  if (emptied.length > 0) return Result.fail(emptied)
  return resolveSettings(merged, model)
}
