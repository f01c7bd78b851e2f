/**
 * The inputs every `twin estate` command shares: the estate FILE argument (default: the shipped estate),
 * `--moved UNIT,…` (checked against the estate's cutover units) and `--json` (`--csv`: output-format.ts).
 */
import { Effect, Option, Result } from "effect"
import { Argument, Flag } from "effect/cli"
import { InputInvalid, issue } from "../../topology/input-issue.ts"
import { isFolder } from "../../topology/input-text.ts"
import { defaultEstatePath, displayPath, loadEstateFile } from "../../topology/load.ts"
import type { EstateModel } from "../../topology/model.ts"
import type { CutoverState } from "../../topology/network.ts"
import { checkSimulable, validateEstate } from "../../topology/validate.ts"
import { estateSettings } from "../../scenarios/settings/settings.ts"

export const estateFile = Argument.String("FILE").pipe(
  Argument.withDescription("Estate file (YAML or JSON) (default: the shipped estate, topology/default-estate.yaml)"),
  Argument.optional
)

export const json = Flag.Boolean("json").pipe(
  Flag.withDescription("Print machine-readable JSON instead of text"),
  Flag.withDefault(false)
)

export const moved = Flag.String("moved").pipe(
  Flag.withDescription("Cutover units already moved to the new backbone, comma-separated, or 'all' (default: none)"),
  Flag.optional
)

/**
 * Loads and validates the estate, its `settings` included (the assumptions a run of the estate alone
 * uses, scenarios/settings/settings.ts), or fails with every issue found. `simulates`: the command runs the
 * engine, so the estate must also give every role its participants need (validate.ts `checkSimulable`).
 */
export const loadValidEstate = Effect.fn("Cli.loadValidEstate")(function*(
  file: Option.Option<string>,
  options: { readonly simulates: boolean; /** The flag that named the estate (`--estate`), for a refusal of the path itself. */ readonly flag?: string }
) {
  const path = Option.getOrElse(file, () => defaultEstatePath)
  if (yield* isFolder(path)) return yield* new InputInvalid({ file: options.flag ?? displayPath(path), issues: [issue("", "the path of an estate file", "a folder")] })
  const estate = yield* loadEstateFile(path)
  const valid = yield* Effect.fromResult(validateEstate(displayPath(path), estate))
  if (options.simulates) yield* Effect.fromResult(checkSimulable(displayPath(path), estate))
  const settings = yield* Effect.fromResult(estateSettings(displayPath(path), valid.model))
  return { ...valid, settings }
})

export const cutoverState = (model: EstateModel, flag: Option.Option<string>): Result.Result<CutoverState, InputInvalid> => {
  const units = model.file.cutoverUnits.map((u) => u.id)
  if (Option.isNone(flag)) return Result.succeed({ moved: new Set(), drFailover: false })
  const asked = flag.value.split(",").map((s) => s.trim()).filter((s) => s !== "")
  if (asked.length === 1 && asked[0] === "all") return Result.succeed({ moved: new Set(units), drFailover: false })
  const unknown = asked.filter((u) => !units.includes(u))
  if (unknown.length > 0) {
    return Result.fail(
      new InputInvalid({
        file: "--moved",
        issues: unknown.map((u) => issue("", `a cutover unit of ${model.file.name} (${units.slice(0, 4).join(", ")}, … or all)`, `"${u}"`))
      })
    )
  }
  return Result.succeed({ moved: new Set(asked), drFailover: false })
}
