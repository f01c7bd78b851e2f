/**
 * Which participants the rig watches (`twin serve --rig …`): a comma-separated list of participant ids,
 * `group:NAME` for every participant of one group (the PoP set the map groups by, estate-layout.ts), `none`,
 * or by default the first participant (estate order) of each group — participants of a group share every
 * path inside HKEX, so one of each shows every distinct wire a fault can make.
 */
import { Result } from "effect"
import type { EstateModel } from "../../topology/model.ts"
import { participantGroupId } from "../world/estate-layout.ts"

export interface WatchedRefused {
  readonly expected: string
  readonly got: string
}

const groupOf = (model: EstateModel, id: string): string =>
  participantGroupId(model.participantById.get(id)!.circuits.map((c) => c.pop))

/** The participants `flag` names (undefined: the default), in the estate's order, or why it names none. */
export const watchedParticipants = (model: EstateModel, flag: string | undefined): Result.Result<ReadonlyArray<string>, WatchedRefused> => {
  const all = model.file.participants.map((p) => p.id)
  if (flag === undefined) {
    const seen = new Set<string>()
    return Result.succeed(all.filter((id) => {
      const g = groupOf(model, id)
      if (seen.has(g)) return false
      seen.add(g)
      return true
    }))
  }
  const text = flag.trim()
  if (text === "none") return Result.succeed([])
  if (text.startsWith("group:")) {
    const group = text.slice("group:".length)
    const members = all.filter((id) => groupOf(model, id) === group)
    if (members.length > 0) return Result.succeed(members)
    const groups = [...new Set(all.map((id) => groupOf(model, id)))]
    return Result.fail({ expected: `a participant group of ${model.file.name} (${groups.slice(0, 5).join(", ")}${groups.length > 5 ? ", …" : ""})`, got: JSON.stringify(group) })
  }
  const ids = text.split(",").map((s) => s.trim())
  const wanted = new Set<string>()
  for (const id of ids) {
    if (!model.participantById.has(id)) return Result.fail({ expected: `participant ids of ${model.file.name}, comma-separated, group:NAME or none`, got: JSON.stringify(id) })
    wanted.add(id)
  }
  return Result.succeed(all.filter((id) => wanted.has(id)))
}
