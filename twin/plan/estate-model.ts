/**
 * An estate loaded and validated, as the planner's caller needs it (the CLI does the same through
 * twin/cli/estate-input.ts): tests and the benchmark load their estates with it. No cache: a search's lanes
 * keep the model they parse (twin/parallel/task-memo.ts), and `searchPlans` hands them this one.
 */
import { Effect } from "effect"
import { displayPath, loadEstateFile } from "../../topology/load.ts"
import { validateEstate } from "../../topology/validate.ts"

export const estateModel = Effect.fn("Plan.estateModel")(function*(path: string) {
  const file = yield* loadEstateFile(path)
  const valid = yield* Effect.fromResult(validateEstate(displayPath(path), file))
  return valid.model
})
