/** An estate loaded and validated once per path (the planner's caller side: the CLI validates, then searches). */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Cause, Effect, Exit } from "effect"
import { displayPath, loadEstateFile } from "../../topology/load.ts"
import type { EstateModel } from "../../topology/model.ts"
import { validateEstate } from "../../topology/validate.ts"
import { trustModel } from "../parallel/trusted-estate.ts"

const models = new Map<string, Promise<EstateModel>>()

export const estateModel = (path: string): Promise<EstateModel> => {
  let found = models.get(path)
  if (found === undefined) {
    found = Effect.runPromiseExit(
      loadEstateFile(path).pipe(
        Effect.flatMap((file) => Effect.fromResult(validateEstate(displayPath(path), file))),
        Effect.provide(NodeServices.layer)
      )
    ).then((exit) => {
      if (Exit.isFailure(exit)) throw Cause.squash(exit.cause)
      // This thread's plan tasks use the validated model rather than parsing the file again.
      trustModel(path, exit.value.model)
      return exit.value.model
    })
    models.set(path, found)
  }
  return found
}
