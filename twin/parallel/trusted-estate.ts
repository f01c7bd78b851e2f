/**
 * An estate file the calling thread has already validated, as a worker loads it: parsed and built into
 * the model, not checked again (validation is the costly part of a load). Cached per thread. Imports only
 * the topology's loader and model, so a worker starts quickly.
 */
import { Result } from "effect"
import { readFileSync } from "node:fs"
import { displayPath, parseEstate } from "../../topology/load.ts"
import { buildModel, type EstateModel } from "../../topology/model.ts"

const models = new Map<string, EstateModel>()

export const trustedModel = (path: string): EstateModel => {
  let found = models.get(path)
  if (found === undefined) {
    const parsed = parseEstate(displayPath(path), readFileSync(path, "utf8"))
    if (Result.isFailure(parsed)) throw parsed.failure
    models.set(path, (found = buildModel(parsed.success)))
  }
  return found
}
