/**
 * ECP SFTP: the file types exchanged, with sizes and times (DOMAIN §4). Typed, as the wirings read it; the
 * scenario/estate input form is scenarios/settings/ecp.ts.
 *
 * Two ways to say which files a participant moves, combined: the seeded day (`uploads`, `downloads`: how
 * many files, of which kinds, in which window, of which sizes — DOMAIN §4's [S] windows and [U] counts and
 * sizes by default, twin/models/ecp/schedule.ts) and `files`, named files at set times for every ECP
 * participant or for the ones listed. Set a seeded count to 0 to have only the named files.
 */
import type { Micros } from "../engine/time.ts"

/** The seeded files of one direction; every unset field keeps the schedule's default. */
export interface EcpSeededFiles {
  readonly count?: number
  /** Kinds in turn: the first file is of the first kind, the second of the second, … */
  readonly kinds?: ReadonlyArray<string>
  /** Window the files' start times are drawn from, `[from, until)`. */
  readonly from?: Micros
  readonly until?: Micros
  /** Sizes are drawn uniformly from `[min, max]` bytes. */
  readonly bytes?: readonly [number, number]
  /** Deadline, counted from the file's start. */
  readonly deadlineAfter?: Micros
}

/** One named file: `BCAN upload of 64 KiB at 09:00`. */
export interface EcpFileSetting {
  readonly kind: string
  readonly direction: "upload" | "download"
  readonly at: Micros
  readonly bytes: number
  /** Deadline counted from `at`; unset: the direction's seeded default (upload 30 min, download 60 min). */
  readonly deadlineAfter?: Micros
  /** The participants it is for; unset: every participant using ECP. */
  readonly participants?: ReadonlyArray<string>
}

/**
 * When the server takes uploads, `[from, until)`: the real endpoint (twin/wire/ecp/) refuses to open a file
 * for writing outside it. Unset: DOMAIN §4 [S], submissions run 07:00–15:00 (the schedule's default window).
 */
export interface EcpSubmissionWindow {
  readonly from: Micros
  readonly until: Micros
}

export interface EcpSettings {
  readonly uploads?: EcpSeededFiles
  readonly downloads?: EcpSeededFiles
  readonly files?: ReadonlyArray<EcpFileSetting>
  readonly submissions?: EcpSubmissionWindow
}
