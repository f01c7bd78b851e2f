/**
 * The `ls -l` line of a directory entry, as OpenSSH's sftp-server writes it (sftp-common.c, ls_file) and
 * OpenSSH's `sftp` prints for `ls -l`: mode, links, owner, group, size, time, name.
 *
 * The time follows `ls -l`: `Mon DD HH:MM` for a file changed within the last half year (365/2 days, as
 * OpenSSH counts it), `Mon DD  YYYY` for an older one or one in the future — without the year an old file
 * reads as this year's. `now` is the wall clock's: the files' times are the disk's, and the twin's clock
 * has a time of day but no date to measure them against. Times are UTC.
 */
import type { Stats } from "node:fs"

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
const HALF_YEAR_MS = ((365 * 24 * 3600) / 2) * 1000

const pad2 = (n: number): string => String(n).padStart(2, "0")

/** `Mon DD HH:MM` or `Mon DD  YYYY` for `mtimeMs`, judged at `nowMs`. Pure. */
export const lsTime = (mtimeMs: number, nowMs: number): string => {
  const d = new Date(mtimeMs)
  const day = `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)}`
  const recent = mtimeMs <= nowMs && nowMs - mtimeMs < HALF_YEAR_MS
  return recent ? `${day} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}` : `${day}  ${d.getUTCFullYear()}`
}

export const longname = (name: string, s: Stats, user: string, nowMs: number): string => {
  const type = s.isDirectory() ? "d" : "-"
  const bits = "rwxrwxrwx".split("").map((c, i) => ((s.mode >> (8 - i)) & 1 ? c : "-")).join("")
  return `${type}${bits}    1 ${user.padEnd(8)} ${user.padEnd(8)} ${String(s.size).padStart(8)} ${lsTime(s.mtimeMs, nowMs)} ${name}`
}
