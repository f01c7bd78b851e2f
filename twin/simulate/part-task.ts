/** A part of a split run (parts.ts) as a task a worker thread runs (twin/parallel): it builds its own model. */
import { buildModel } from "../../topology/model.ts"
import type { EstateFile } from "../../topology/schema.ts"
import { type PartOutput, type PartSettings, startPart, systemParts } from "./parts.ts"

export interface PartTaskInput {
  /** Already validated by the calling thread. */
  readonly estate: EstateFile
  readonly part: number
  readonly settings: PartSettings
}

export const runPartTask = (input: PartTaskInput): PartOutput => {
  const part = systemParts[input.part]
  if (part === undefined) throw new Error(`no part ${input.part}`)
  return startPart(buildModel(input.estate), part, input.settings).run()
}
