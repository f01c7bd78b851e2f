/** The hand-made report of these tests (small-report.json): 2 services, 3 phases, 2 faults, one failed check
 * whose evidence holds `<script>` and `|`, and a participant id with `&`, `"` and `<`. */
import { readFileSync } from "node:fs"
import { Schema } from "effect"
import { Report } from "../../../scenarios/report/report.ts"

export const fixtureJson: unknown = JSON.parse(readFileSync(new URL("small-report.json", import.meta.url), "utf8"))
export const smallReport: Report = Schema.decodeUnknownSync(Report)(fixtureJson)

/** `09:30` → µs since midnight. */
export const at = (h: number, m: number, s = 0) => ((h * 60 + m) * 60 + s) * 1_000_000
