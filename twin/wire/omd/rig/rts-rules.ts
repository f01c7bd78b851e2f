/**
 * The Retransmission Service's rules on the wire (spec §4.3, §3.5; DOMAIN §3), the same as the twin's RTS
 * model (twin/models/omd/rts-server.ts) so a real client gets the answer the trace would show:
 * - a ChannelID is a channel group, one sequence space (address-plan.ts); the per-real-channel limits read
 *   on it as the model reads them (stream.ts `groupRts`): retention R·k, range M·k for a group of k real
 *   channels; a request for n numbers costs min(⌈n/P⌉, k) of the user's daily requests (`realRequests`);
 * - checked in the model's order: the daily limit (101, then the server closes the connection; every
 *   request counts, whatever its answer, but the one refused 101), an unknown channel (1), a range too long
 *   (100), numbers not among the channel's last retained or not yet published (2), else accepted (0) and
 *   the messages follow;
 * - the daily count is the user's at all the rig's RTS servers, not one server's (DOMAIN §3 "all
 *   channels"; rts-requests.ts in the model), while "one session per user" holds per server [U];
 * - users: a participant's RTS users are the twin's (wire-omd.ts `rtsUser`): `P-SS`, `P-SP`, `P-SF` for the
 *   groups it takes, or `P-rts1` … `P-rtsN` when the settings give N users per participant, and the
 *   participant id itself (`twin omd listen`'s default: one feed handler for all its channels); any other name,
 *   or another participant's (the listener is the participant's own address: spec "invalid username or IP
 *   address"), is SessionStatus 5; a user with a session at this server already gets 100.
 */
import type { EstateModel } from "../../../../topology/model.ts"
import { GROUP_ASSUMPTIONS, meanMessageBytesOf, realChannelsOf, RTS_LIMITS, type RtsLimits } from "../../../models/omd/index.ts"
import { groupRts, messagesPerPacket, realRequests } from "../../../models/omd/stream.ts"
import type { Settings } from "../../../settings/settings.ts"
import { groupOfChannelId, type OmdGroup } from "./address-plan.ts"

export interface RtsRules {
  readonly limits: RtsLimits
  readonly usersOf: (participant: string) => ReadonlyArray<string>
  /** Real channels of a group (settings, else the model's assumption). */
  readonly realChannels: (group: string) => number
}

export const rtsRulesOf = (model: EstateModel, settings: Settings): RtsRules => {
  const rts = settings.rts ?? {}
  const limits: RtsLimits = {
    ...RTS_LIMITS,
    ...(rts.retentionPerChannel === undefined ? {} : { retention: rts.retentionPerChannel }),
    ...(rts.messagesPerRequest === undefined ? {} : { maxRange: rts.messagesPerRequest }),
    ...(rts.requestsPerUserPerDay === undefined ? {} : { dailyRequests: rts.requestsPerUserPerDay })
  }
  return {
    limits,
    realChannels: (g) => rts.realChannels?.[g] ?? realChannelsOf(g),
    usersOf: (p) => {
      const groups = model.participantById.get(p)?.omdC ?? []
      if (rts.usersPerParticipant !== undefined) return [p, ...Array.from({ length: rts.usersPerParticipant }, (_, i) => `${p}-rts${i + 1}`)]
      return [p, ...groups.map((g) => `${p}-${g}`)]
    }
  }
}

export type RequestVerdict =
  | { readonly status: 0; readonly group: OmdGroup; readonly cost: number }
  | { readonly status: 1 | 2 | 100; readonly cost: number }
  | { readonly status: 101; readonly cost: number }

/**
 * The answer to a request for `begin..end` of ChannelID `channelId`, by a user with `used` requests
 * today, when the channel's highest published number is `highest(group)`.
 */
export const judgeRequest = (
  rules: RtsRules,
  request: { readonly channelId: number; readonly beginSeqNum: number; readonly endSeqNum: number },
  used: number,
  highest: (group: OmdGroup) => number
): RequestVerdict => {
  const group = groupOfChannelId(request.channelId)
  const served = group !== undefined && group !== "DR" && GROUP_ASSUMPTIONS[group] !== undefined
  const k = served ? rules.realChannels(group) : 1
  const count = Math.max(1, request.endSeqNum - request.beginSeqNum + 1)
  const cost = served ? realRequests(count, k, messagesPerPacket(meanMessageBytesOf(group))) : 1
  if (used + cost > rules.limits.dailyRequests) return { status: 101, cost }
  if (!served) return { status: 1, cost }
  const { retention, maxRange } = groupRts(rules.limits, k)
  if (count > maxRange) return { status: 100, cost }
  const top = highest(group)
  const { beginSeqNum: begin, endSeqNum: end } = request
  if (begin < 1 || end < begin || end > top || begin <= top - retention) return { status: 2, cost }
  return { status: 0, group, cost }
}
