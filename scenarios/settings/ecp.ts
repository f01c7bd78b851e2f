/**
 * The `ecp` section of a scenario's `settings` (and of the estate's): ECP SFTP, the file types exchanged,
 * with sizes and times (DOMAIN §4). Decoded with Schema (clock times, durations and sizes as scenarios write
 * them), turned into the typed `EcpSettings` the wiring reads (twin/settings/ecp.ts). The keys are tabled in
 * docs/scenario-format.md, "settings.ecp".
 *
 *     ecp:
 *       uploads: {count: 0}
 *       downloads: {count: 0}
 *       files:
 *         - {kind: BCAN, direction: upload, at: "09:00", size: 64KiB, participants: [P0001]}
 *         - {kind: FULL-IMAGE, direction: download, at: "18:30", size: 40MiB, deadlineAfter: 30m}
 *       submissions: {from: "07:00", until: "15:00"}
 */
import { Schema } from "effect"
import { type InputIssue, issue } from "../../topology/input-issue.ts"
import type { EstateModel } from "../../topology/model.ts"
import type { EcpFileSetting, EcpSeededFiles, EcpSettings, EcpSubmissionWindow } from "../../twin/settings/ecp.ts"
import { ClockTime, clockMicros, Duration, durationMicros } from "../format/duration.ts"
import { Size, sizeBytes } from "../format/size.ts"

/** A file kind becomes part of file names (`BCAN_P0001_01.csv`): letters, digits, `-` and `_`. */
const Kind = Schema.String.check(
  Schema.isPattern(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, { expected: "a file kind of letters, digits, - and _ (BCAN, FULL-IMAGE)" })
)

const PositiveDuration = Duration.check(
  Schema.makeFilter((s: string) => durationMicros(s) > 0, { expected: "a duration above 0s" })
)

const SizeRange = Schema.Struct({ min: Size, max: Size }).check(
  Schema.makeFilter((r: { readonly min: number | string; readonly max: number | string }) => sizeBytes(r.min) <= sizeBytes(r.max), {
    expected: "a size range with min ≤ max"
  })
)

const Seeded = Schema.Struct({
  count: Schema.optionalKey(
    Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 1000 }, { expected: "a number of files from 0 to 1000" }))
  ),
  kinds: Schema.optionalKey(Schema.Array(Kind).check(Schema.isMinLength(1, { expected: "at least one file kind" }))),
  from: Schema.optionalKey(ClockTime),
  until: Schema.optionalKey(ClockTime),
  size: Schema.optionalKey(SizeRange),
  deadlineAfter: Schema.optionalKey(PositiveDuration)
}).check(
  Schema.makeFilter(
    (s: { readonly from?: string; readonly until?: string }) =>
      s.from === undefined || s.until === undefined || clockMicros(s.from) < clockMicros(s.until),
    { expected: "a window with from before until" }
  )
)

const File = Schema.Struct({
  kind: Kind,
  direction: Schema.Literals(["upload", "download"]),
  at: ClockTime,
  size: Size,
  deadlineAfter: Schema.optionalKey(PositiveDuration),
  participants: Schema.optionalKey(
    Schema.Array(Schema.String.check(Schema.isMinLength(1, { expected: "a participant id" }))).check(
      Schema.isMinLength(1, { expected: "at least one participant (leave the key out for all)" })
    )
  )
})

const Window = Schema.Struct({ from: ClockTime, until: ClockTime }).check(
  Schema.makeFilter((s: { readonly from: string; readonly until: string }) => clockMicros(s.from) < clockMicros(s.until), {
    expected: "a window with from before until"
  })
)

export const EcpSettingsInput = Schema.Struct({
  uploads: Schema.optionalKey(Seeded),
  downloads: Schema.optionalKey(Seeded),
  files: Schema.optionalKey(Schema.Array(File)),
  submissions: Schema.optionalKey(Window)
})
export type EcpSettingsInput = typeof EcpSettingsInput.Type

const resolveSeeded = (s: typeof Seeded.Type): EcpSeededFiles => ({
  ...(s.count !== undefined ? { count: s.count } : {}),
  ...(s.kinds !== undefined ? { kinds: s.kinds } : {}),
  ...(s.from !== undefined ? { from: clockMicros(s.from) } : {}),
  ...(s.until !== undefined ? { until: clockMicros(s.until) } : {}),
  ...(s.size !== undefined ? { bytes: [sizeBytes(s.size.min), sizeBytes(s.size.max)] as const } : {}),
  ...(s.deadlineAfter !== undefined ? { deadlineAfter: durationMicros(s.deadlineAfter) } : {})
})

const resolveFile = (f: typeof File.Type): EcpFileSetting => ({
  kind: f.kind,
  direction: f.direction,
  at: clockMicros(f.at),
  bytes: sizeBytes(f.size),
  ...(f.deadlineAfter !== undefined ? { deadlineAfter: durationMicros(f.deadlineAfter) } : {}),
  ...(f.participants !== undefined ? { participants: f.participants } : {})
})

const resolveWindow = (w: typeof Window.Type): EcpSubmissionWindow => ({ from: clockMicros(w.from), until: clockMicros(w.until) })

export const resolveEcpSettings = (input: EcpSettingsInput): EcpSettings => ({
  ...(input.uploads !== undefined ? { uploads: resolveSeeded(input.uploads) } : {}),
  ...(input.downloads !== undefined ? { downloads: resolveSeeded(input.downloads) } : {}),
  ...(input.files !== undefined ? { files: input.files.map(resolveFile) } : {}),
  ...(input.submissions !== undefined ? { submissions: resolveWindow(input.submissions) } : {})
})

/**
 * The references the schema cannot judge: every participant a file names is one of the estate's and uses
 * ECP. Paths are from the section (`files[0].participants[1]`), as `checkOcgSettings`'s.
 */
export const checkEcpSettings = (input: EcpSettingsInput, model: EstateModel): ReadonlyArray<InputIssue> =>
  (input.files ?? []).flatMap((f, i) =>
    (f.participants ?? []).flatMap((id, j) =>
      model.participantById.get(id)?.ecp === true
        ? []
        : [issue(`files[${i}].participants[${j}]`, `a participant of ${model.file.name} that uses ECP`, JSON.stringify(id))]
    )
  )
