/**
 * Finding a participant's OMD-C sockets in what a running `twin serve` lists on `/rig`
 * (`{ endpoints: RigListing[] }`, twin/rig/rig-endpoint.ts): entries with `service: "omd-c"`, the
 * participant, a `role` (line-A, line-B, refresh-A, refresh-B) and a `channel` (SS, SP, SF, DR); the RTS is
 * the entry with role `rts` (the participant's own if the rig lists one per participant, else the shared one).
 * The body is decoded with a Schema (it is input from another process): a wrong shape is an issue naming
 * the field, not a crash. The Schema mirrors RigListing's fields: the reader decodes what the wire says.
 */
import { Result, Schema } from "effect"
import { fromSchemaIssue, issue, type InputIssue } from "../../topology/input-issue.ts"
import type { ChannelEndpoints } from "../wire/omd/listen/listener.ts"
import type { RtsTarget } from "../wire/omd/listen/rts-client.ts"

const Listing = Schema.Struct({
  service: Schema.String,
  name: Schema.String,
  participant: Schema.optionalKey(Schema.String),
  transport: Schema.String,
  address: Schema.String,
  port: Schema.Number,
  element: Schema.optionalKey(Schema.String),
  role: Schema.optionalKey(Schema.String),
  channel: Schema.optionalKey(Schema.String),
  shed: Schema.optionalKey(Schema.Number)
})
const RigBody = Schema.Struct({ endpoints: Schema.Array(Listing) })
export type RigListingBody = typeof RigBody.Type

/**
 * The OMD-C ChannelID a channel group's Retransmission Requests carry: 1 SS, 2 SP, 3 SF, as the rig's
 * address plan numbers them (omd-rig: twin/wire/omd/rig/address-plan.ts `channelId`); the DR channel is not
 * served by the RTS (spec §4.3 serves the real-time channels).
 */
export const RIG_CHANNEL_IDS: Readonly<Record<string, number>> = { SS: 1, SP: 2, SF: 3 }

export interface ParticipantFeed {
  readonly channels: ReadonlyArray<ChannelEndpoints>
  readonly rts: ReadonlyArray<RtsTarget>
}

export const decodeRigBody = (body: unknown): Result.Result<RigListingBody, ReadonlyArray<InputIssue>> => {
  const decoded = Schema.decodeUnknownResult(RigBody)(body, { errors: "all" })
  return Result.isFailure(decoded) ? Result.fail(fromSchemaIssue(decoded.failure.issue, body)) : Result.succeed(decoded.success)
}

/**
 * `participant`'s channels (only `channel` and the DR channel when one is chosen), or the issue against
 * --participant / --channel saying what the rig does list.
 */
export const participantFeed = (
  body: RigListingBody, participant: string, channel: string | undefined
): Result.Result<ParticipantFeed, { readonly flag: string; readonly issue: InputIssue }> => {
  const omd = body.endpoints.filter((e) => e.service === "omd-c")
  const lines = omd.filter((e) => e.transport === "udp-multicast" && e.channel !== undefined && e.role !== undefined)
  const watched = [...new Set(lines.flatMap((e) => (e.participant === undefined ? [] : [e.participant])))]
  const mine = lines.filter((e) => e.participant === participant)
  if (mine.length === 0) {
    const some = watched.length === 0 ? "none" : watched.slice(0, 6).join(", ")
    return Result.fail({ flag: "--participant", issue: issue("", `a participant whose OMD-C lines the rig serves (${some})`, JSON.stringify(participant)) })
  }
  const groups = [...new Set(mine.map((e) => e.channel!))]
  if (channel !== undefined && !groups.includes(channel)) {
    return Result.fail({ flag: "--channel", issue: issue("", `one of ${participant}'s channels (${groups.join(", ")})`, JSON.stringify(channel)) })
  }
  const chosen = groups.filter((g) => channel === undefined || g === channel || g === "DR")
  const endpointOf = (group: string, role: string) => {
    const e = mine.find((l) => l.channel === group && l.role === role)
    return e === undefined ? {} : { [role === "line-A" ? "lineA" : role === "line-B" ? "lineB" : role === "refresh-A" ? "refreshA" : "refreshB"]: { address: e.address, port: e.port } }
  }
  const channels: Array<ChannelEndpoints> = chosen.map((group) => ({
    channel: group,
    channelId: RIG_CHANNEL_IDS[group],
    ...endpointOf(group, "line-A"),
    ...endpointOf(group, "line-B"),
    ...endpointOf(group, "refresh-A"),
    ...endpointOf(group, "refresh-B")
  }))
  const rtsEntries = omd.filter((e) => e.role === "rts" && e.transport === "tcp")
  const own = rtsEntries.filter((e) => e.participant === participant)
  const rts = (own.length > 0 ? own : rtsEntries.filter((e) => e.participant === undefined)).map((e) => ({ host: e.address, port: e.port }))
  return Result.succeed({ channels, rts })
}

/**
 * Packets the rig has shed so far (over 2 s late: it fell behind the drill's speed) on `participant`'s lines
 * of `channels`: the wire lacks them, the trace does not.
 */
export const rigShedOf = (body: RigListingBody, participant: string, channels: ReadonlyArray<string>): number =>
  body.endpoints
    .filter((e) => e.service === "omd-c" && e.participant === participant && e.channel !== undefined && channels.includes(e.channel))
    .reduce((sum, e) => sum + (e.shed ?? 0), 0)
