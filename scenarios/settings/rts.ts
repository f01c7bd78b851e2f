/**
 * The `rts` section of a scenario's `settings` (and of the estate's): RTS limits and line arbitration
 * (DOMAIN §3). Decoded with Schema (durations as scenarios write them), turned into the typed `RtsSettings`
 * the OMD wiring reads (twin/settings/settings.ts). Every key is optional: unset keeps the model's default
 * (docs/scenario-format.md "settings.rts").
 */
import { Schema } from "effect"
import type { RtsSettings } from "../../twin/settings/settings.ts"
import { Duration, durationMicros, parseDuration } from "../format/duration.ts"

const wholeBetween = (minimum: number, maximum: number, what: string) =>
  Schema.Int.check(Schema.isBetween({ minimum, maximum }, { expected: `${what}, a whole number from ${minimum.toLocaleString("en")} to ${maximum.toLocaleString("en")}` }))

const durationBetween = (minimum: number, maximum: number, expected: string) =>
  Duration.check(
    Schema.makeFilter((s: string) => {
      const us = parseDuration(s)
      // A malformed duration is Duration's to report, once.
      return us === undefined || (us >= minimum && us <= maximum)
    }, { expected })
  )

/** Real channels of one channel group. */
const RealChannels = wholeBetween(1, 1_000, "real channels in the group")

export const RtsSettingsInput = Schema.Struct({
  /** DOMAIN §3: 1,000 requests per day, per user, across all channels. */
  requestsPerUserPerDay: Schema.optionalKey(wholeBetween(1, 1_000_000, "requests per user per day")),
  /** DOMAIN §3: at most 10,000 messages per request (readiness-test environment: 1,000). */
  messagesPerRequest: Schema.optionalKey(wholeBetween(1, 1_000_000, "messages per request")),
  /** DOMAIN §3: the last 50,000 messages per channel (readiness-test environment: 1,000). */
  retentionPerChannel: Schema.optionalKey(wholeBetween(1, 100_000_000, "messages kept per channel")),
  /** [U] RTS users per participant; unset: one per feed handler (channel group). */
  usersPerParticipant: Schema.optionalKey(wholeBetween(1, 100, "RTS users per participant")),
  /** [U] default 50ms. */
  arbitrationTimeout: Schema.optionalKey(durationBetween(0, 60_000_000, 'an arbitration timeout from "0s" to "1m"')),
  /** [U] default 30s; refresh snapshots every this long from 06:00. */
  refreshPeriod: Schema.optionalKey(durationBetween(1_000_000, 3_600_000_000, 'a refresh period from "1s" to "1h"')),
  /** [U] real channels per channel group (twin/models/omd/stream.ts); unset groups keep the default. */
  realChannels: Schema.optionalKey(
    Schema.Struct({
      SS: Schema.optionalKey(RealChannels),
      SP: Schema.optionalKey(RealChannels),
      SF: Schema.optionalKey(RealChannels),
      CC: Schema.optionalKey(RealChannels)
    })
  )
})
export type RtsSettingsInput = typeof RtsSettingsInput.Type

export const resolveRtsSettings = (input: RtsSettingsInput): RtsSettings => ({
  ...(input.requestsPerUserPerDay === undefined ? {} : { requestsPerUserPerDay: input.requestsPerUserPerDay }),
  ...(input.messagesPerRequest === undefined ? {} : { messagesPerRequest: input.messagesPerRequest }),
  ...(input.retentionPerChannel === undefined ? {} : { retentionPerChannel: input.retentionPerChannel }),
  ...(input.usersPerParticipant === undefined ? {} : { usersPerParticipant: input.usersPerParticipant }),
  ...(input.arbitrationTimeout === undefined ? {} : { arbitrationTimeout: durationMicros(input.arbitrationTimeout) }),
  ...(input.refreshPeriod === undefined ? {} : { refreshPeriod: durationMicros(input.refreshPeriod) }),
  ...(input.realChannels === undefined ? {} : { realChannels: { ...input.realChannels } })
})
