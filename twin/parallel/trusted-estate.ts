/**
 * An estate file the calling thread has already validated, as a task loads it: parsed and built into the
 * model, not checked again (validation is the costly part of a load). Kept in the lane's memo
 * (task-memo.ts), so it lives as long as the executor that runs the tasks. Imports only the topology's
 * loader and model, so a worker starts quickly.
 */
import { Result } from "effect"
import { readFileSync } from "node:fs"
import { displayPath, parseEstate } from "../../topology/load.ts"
import { buildModel, type EstateModel } from "../../topology/model.ts"
import { MemoTable, type TaskMemo } from "./task-memo.ts"

const models = new MemoTable<EstateModel>()

export const trustedModel = (memo: TaskMemo, path: string): EstateModel =>
  models.get(memo, path, () => {
    const parsed = parseEstate(displayPath(path), readFileSync(path, "utf8"))
    if (Result.isFailure(parsed)) throw parsed.failure
    return buildModel(parsed.success)
  })

/** A model the lane's thread already holds (validated) for `path`: its tasks use it instead of parsing the file. */
export const trustModel = (memo: TaskMemo, path: string, model: EstateModel): void => models.offer(memo, path, model)
