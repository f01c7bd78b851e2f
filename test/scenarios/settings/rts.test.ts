import { Result, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { resolveRtsSettings, RtsSettingsInput } from "../../../scenarios/settings/rts.ts"
import { fromSchemaIssue } from "../../../topology/input-issue.ts"

const parseOptions = { errors: "all", onExcessProperty: "error" } as const
const issuesOf = (input: unknown) => {
  const r = Schema.decodeUnknownResult(RtsSettingsInput)(input, parseOptions)
  return Result.isFailure(r) ? fromSchemaIssue(r.failure.issue, input).map((i) => `${i.path}: expected ${i.expected}, got ${i.got}`) : []
}

describe("settings.rts", () => {
  it("resolves every key, durations to µs; an empty section is the models' defaults ({})", () => {
    const input = Schema.decodeUnknownSync(RtsSettingsInput)({
      requestsPerUserPerDay: 200,
      messagesPerRequest: 1_000,
      retentionPerChannel: 1_000,
      usersPerParticipant: 1,
      arbitrationTimeout: "250ms",
      refreshPeriod: "1m",
      realChannels: { SS: 2, SF: 64 }
    }, parseOptions)
    expect(resolveRtsSettings(input)).toEqual({
      requestsPerUserPerDay: 200,
      messagesPerRequest: 1_000,
      retentionPerChannel: 1_000,
      usersPerParticipant: 1,
      arbitrationTimeout: 250_000,
      refreshPeriod: 60_000_000,
      realChannels: { SS: 2, SF: 64 }
    })
    expect(resolveRtsSettings(Schema.decodeUnknownSync(RtsSettingsInput)({}))).toEqual({})
  })

  it("says what it expected for a value out of range, a malformed duration and an unknown key", () => {
    expect(issuesOf({ requestsPerUserPerDay: 0 })).toEqual(["requestsPerUserPerDay: expected requests per user per day, a whole number from 1 to 1,000,000, got 0"])
    expect(issuesOf({ messagesPerRequest: 2.5 })).toEqual(["messagesPerRequest: expected an integer, got 2.5"])
    expect(issuesOf({ refreshPeriod: "0s" })).toEqual(['refreshPeriod: expected a refresh period from "1s" to "1h", got "0s"'])
    expect(issuesOf({ arbitrationTimeout: "soon" })).toEqual(['arbitrationTimeout: expected a duration such as "250ms", "90s", "5m" or "1h30m", at most 24h, got "soon"'])
    expect(issuesOf({ arbitrationTimeout: "2m" })).toEqual(['arbitrationTimeout: expected an arbitration timeout from "0s" to "1m", got "2m"'])
    expect(issuesOf({ realChannels: { XX: 3 } })).toEqual(["realChannels.XX: expected no such field, got 3"])
    expect(issuesOf({ retention: 5 })).toEqual(["retention: expected no such field, got 5"])
  })
})
