import { readFileSync } from "node:fs"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { decodeDocument } from "../../../topology/decode-document.ts"
import { renderInputInvalid } from "../../../topology/input-issue.ts"
import { parseClock } from "../../../twin/engine/time.ts"
import { checkEcpSettings, EcpSettingsInput, resolveEcpSettings } from "../../../scenarios/settings/ecp.ts"
import { defaultEstatePath, parseEstate } from "../../../topology/load.ts"
import { buildModel } from "../../../topology/model.ts"

const decode = decodeDocument(EcpSettingsInput)
const load = (text: string) => {
  const r = decode("s.yaml", text)
  return Result.isSuccess(r) ? resolveEcpSettings(r.success) : renderInputInvalid(r.failure)
}

describe("settings.ecp as written", () => {
  it("resolves sizes with units, clock times and durations", () => {
    expect(load(`
uploads: {count: 0}
downloads: {count: 4, kinds: [FULL-IMAGE], from: "18:00", until: "18:30", size: {min: 1KiB, max: 2MiB}, deadlineAfter: 45m}
files:
  - {kind: BCAN, direction: upload, at: "09:00", size: 64KiB, participants: [P0001]}
  - {kind: FULL-IMAGE, direction: download, at: "18:30", size: 40MiB, deadlineAfter: 30m}
  - {kind: HKIDR-CID, direction: upload, at: "09:00:30", size: 900}
`)).toEqual({
      uploads: { count: 0 },
      downloads: { count: 4, kinds: ["FULL-IMAGE"], from: parseClock("18:00"), until: parseClock("18:30"), bytes: [1024, 2_097_152], deadlineAfter: 2_700_000_000 },
      files: [
        { kind: "BCAN", direction: "upload", at: parseClock("09:00"), bytes: 65_536, participants: ["P0001"] },
        { kind: "FULL-IMAGE", direction: "download", at: parseClock("18:30"), bytes: 41_943_040, deadlineAfter: 1_800_000_000 },
        { kind: "HKIDR-CID", direction: "upload", at: parseClock("09:00:30"), bytes: 900 }
      ]
    })
  })

  it("reports each bad field as one line", () => {
    expect(load(`
uploads: {count: 2, from: "15:00", until: "07:00"}
downloads: {count: -1, size: {min: 2MiB, max: 1KiB}, deadlineAfter: 0s}
files:
  - {kind: BCAN, direction: sideways, at: "9am", size: 64KB}
  - {kind: "a b", direction: upload, at: "09:00", size: 0.5, participants: [], colour: red}
`)).toEqual([
      "s.yaml:uploads: expected a window with from before until, got {\"count\":2,\"from\":\"15:00\",\"until\":\"07:00\"}",
      "s.yaml:downloads.count: expected a number of files from 0 to 1000, got -1",
      "s.yaml:downloads.size: expected a size range with min ≤ max, got {\"min\":\"2MiB\",\"max\":\"1KiB\"}",
      "s.yaml:downloads.deadlineAfter: expected a duration above 0s, got \"0s\"",
      "s.yaml:files[0].direction: expected \"upload\" | \"download\", got \"sideways\"",
      "s.yaml:files[0].at: expected a time of day \"HH:MM\", \"HH:MM:SS\" or \"HH:MM:SS.ffffff\" (up to 6 decimals), got \"9am\"",
      "s.yaml:files[0].size: expected a size from 1 byte to 16GiB: whole bytes (65536) or \"64KiB\", \"40MiB\", \"900B\", got \"64KB\"",
      "s.yaml:files[1].colour: expected no such field, got \"red\"",
      "s.yaml:files[1].kind: expected a file kind of letters, digits, - and _ (BCAN, FULL-IMAGE), got \"a b\"",
      "s.yaml:files[1].size: expected a size from 1 byte to 16GiB: whole bytes (65536) or \"64KiB\", \"40MiB\", \"900B\", got 0.5",
      "s.yaml:files[1].participants: expected at least one participant (leave the key out for all), got []"
    ])
  })
})

describe("settings.ecp.submissions", () => {
  it("is the window uploads are taken in, from before until", () => {
    expect(load(`submissions: {from: "07:30", until: "14:00"}`)).toEqual({ submissions: { from: parseClock("07:30"), until: parseClock("14:00") } })
    expect(load(`submissions: {from: "15:00", until: "07:00"}`)).toEqual([
      "s.yaml:submissions: expected a window with from before until, got {\"from\":\"15:00\",\"until\":\"07:00\"}"
    ])
  })
})

describe("settings.ecp against the estate", () => {
  it("names each participant of a file that is not the estate's or does not use ECP", () => {
    const parsed = parseEstate("default", readFileSync(defaultEstatePath, "utf8"))
    if (Result.isFailure(parsed)) throw new Error("default estate does not parse")
    const model = buildModel(parsed.success)
    const noEcp = parsed.success.participants.find((p) => !p.ecp)!.id
    const input: EcpSettingsInput = {
      files: [
        { kind: "BCAN", direction: "upload", at: "09:00", size: "64KiB", participants: ["P0001", "P9999"] },
        { kind: "BCAN", direction: "upload", at: "09:00", size: 1000 },
        { kind: "BCAN", direction: "upload", at: "09:00", size: 1000, participants: [noEcp] }
      ]
    }
    expect(checkEcpSettings(input, model).map((i) => `${i.path}: expected ${i.expected}, got ${i.got}`)).toEqual([
      "files[0].participants[1]: expected a participant of hkex-securities-backbone that uses ECP, got \"P9999\"",
      `files[2].participants[0]: expected a participant of hkex-securities-backbone that uses ECP, got "${noEcp}"`
    ])
  })
})
