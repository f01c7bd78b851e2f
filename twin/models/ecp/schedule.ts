/**
 * A participant's ECP file-exchange day, generated from a seed: uploads (BCAN and HKIDR BCAN-CID mapping
 * files) inside the submission window and downloads (validation and full-image files) in the evening.
 * Responses to uploads are not in the schedule: the server makes them ready after each upload.
 *
 * DOMAIN §4 [S, a broker vendor's manual, not HKEX-confirmed]: submissions 07:00–15:00, a response within
 * about 10 min, validation and full-image files after 18:00. Everything else — how many files, their sizes,
 * the deadlines, the evening window closing at 20:00 — is [U] and configurable here.
 *
 * Named files (`named`: "a BCAN upload of 64 KiB at 09:00") come after the seeded ones, numbered on from
 * them per direction, and draw nothing: adding them leaves the seeded day as it was.
 *
 * Determinism: the same (seed, participant, config) gives the same jobs; the participant id is hashed into
 * the seed so that participants sharing one seed get different days.
 */
import { keyedRandom } from "../../engine/random.ts"
import { type Micros, parseClock, seconds } from "../../engine/time.ts"
import type { FileJob } from "./config.ts"
import type { Direction } from "./messages.ts"

export interface EcpScheduleConfig {
  readonly participant: string
  readonly seed: number
  readonly uploads?: number
  readonly uploadKinds?: ReadonlyArray<string>
  readonly submitFrom?: Micros
  readonly submitUntil?: Micros
  readonly uploadBytes?: readonly [number, number]
  readonly uploadDeadlineAfter?: Micros
  readonly downloads?: number
  readonly downloadKinds?: ReadonlyArray<string>
  readonly downloadFrom?: Micros
  readonly downloadUntil?: Micros
  readonly downloadBytes?: readonly [number, number]
  readonly downloadDeadlineAfter?: Micros
  /** Files at set times and sizes, besides the seeded ones. */
  readonly named?: ReadonlyArray<NamedFile>
}

/** A file the user names; `deadlineAfter` unset: the direction's (`uploadDeadlineAfter` / `downloadDeadlineAfter`). */
export interface NamedFile {
  readonly kind: string
  readonly direction: Direction
  readonly at: Micros
  readonly bytes: number
  readonly deadlineAfter?: Micros
}

const clock = (text: string): Micros => parseClock(text)!

export const defaultEcpSchedule = {
  uploads: 3,
  uploadKinds: ["BCAN", "HKIDR-CID"],
  submitFrom: clock("07:00"),
  submitUntil: clock("15:00"),
  uploadBytes: [16 * 1024, 4 * 1024 * 1024] as const,
  uploadDeadlineAfter: seconds(30 * 60),
  downloads: 2,
  downloadKinds: ["VALIDATION", "FULL-IMAGE"],
  downloadFrom: clock("18:00"),
  downloadUntil: clock("20:00"),
  downloadBytes: [64 * 1024, 32 * 1024 * 1024] as const,
  downloadDeadlineAfter: seconds(60 * 60)
}

const pad = (n: number): string => String(n).padStart(2, "0")

const draw = (
  random: () => number,
  count: number,
  kinds: ReadonlyArray<string>,
  from: Micros,
  until: Micros,
  bytes: readonly [number, number]
): Array<{ readonly at: Micros; readonly kind: string; readonly bytes: number }> => {
  const out: Array<{ at: Micros; kind: string; bytes: number }> = []
  const slots = Math.max(1, Math.floor((until - from) / seconds(1)))
  for (let i = 0; i < count; i++) {
    const at = from + Math.floor(random() * slots) * seconds(1)
    const size = bytes[0] + Math.floor(random() * (bytes[1] - bytes[0] + 1))
    out.push({ at, kind: kinds[i % kinds.length]!, bytes: size })
  }
  return out.sort((a, b) => a.at - b.at)
}

/** The participant's scheduled jobs, by time: uploads `P/up-NN`, downloads `P/down-NN`. */
export const ecpSchedule = (config: EcpScheduleConfig): ReadonlyArray<FileJob> => {
  const c = { ...defaultEcpSchedule, ...config }
  const p = c.participant
  const random = keyedRandom(c.seed, `ecp|${p}`).next
  const uploads = draw(random, c.uploads, c.uploadKinds, c.submitFrom, c.submitUntil, c.uploadBytes).map((u, i): FileJob => ({
    id: `${p}/up-${pad(i + 1)}`,
    file: `${u.kind}_${p}_${pad(i + 1)}.csv`,
    direction: "upload",
    at: u.at,
    bytes: u.bytes,
    deadline: u.at + c.uploadDeadlineAfter
  }))
  const downloads = draw(random, c.downloads, c.downloadKinds, c.downloadFrom, c.downloadUntil, c.downloadBytes).map((d, i): FileJob => ({
    id: `${p}/down-${pad(i + 1)}`,
    file: `${d.kind}_${p}_${pad(i + 1)}.csv`,
    direction: "download",
    at: d.at,
    bytes: d.bytes,
    deadline: d.at + c.downloadDeadlineAfter
  }))
  const numbered = { upload: uploads.length, download: downloads.length }
  const named = (c.named ?? []).map((f): FileJob => {
    const n = ++numbered[f.direction]
    const up = f.direction === "upload"
    return {
      id: `${p}/${up ? "up" : "down"}-${pad(n)}`,
      file: `${f.kind}_${p}_${pad(n)}.csv`,
      direction: f.direction,
      at: f.at,
      bytes: f.bytes,
      deadline: f.at + (f.deadlineAfter ?? (up ? c.uploadDeadlineAfter : c.downloadDeadlineAfter))
    }
  })
  return [...uploads, ...downloads, ...named]
}
