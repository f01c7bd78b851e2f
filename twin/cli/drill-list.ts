/**
 * What `twin list drills` lists: the shipped training drills (every drill file under scenarios/drills, by
 * path, for `twin drill`), each with its name, its window, the services its trainee must name and the
 * actions expected of them — what an instructor chooses a drill by. Read from the files alone (decoded as
 * drill files, no estate loaded): a file that does not decode is bad input, named as `twin drill` names it.
 */
import { Effect, FileSystem } from "effect"
import { basename, extname } from "node:path"
import { fileURLToPath } from "node:url"
import { parseDrill } from "../../scenarios/drill/load-drill.ts"
import { renderCsv } from "../contract/csv.ts"
import { displayPath } from "../../topology/load.ts"
import type { InputInvalid } from "../../topology/input-issue.ts"
import { scenarioTextsUnder } from "./scenario-files.ts"

/** The shipped drills, found from this module so `twin list drills` works from any folder. */
export const drillsFolder = fileURLToPath(new URL("../../scenarios/drills/", import.meta.url))

export interface DrillEntry {
  /** The path to give `twin drill`, relative to the current folder when under it. */
  readonly file: string
  readonly id: string
  readonly name: string
  /** The calendar's date, when the file gives one. */
  readonly date?: string
  readonly from: string
  readonly to: string
  /** The services the trainee's diagnosis must name, exactly. */
  readonly services: ReadonlyArray<string>
  /** `restart-service cccg-dc1-1 within 8m`, in the file's order. */
  readonly actions: ReadonlyArray<string>
}

/** Every drill file under `folder`, sorted by its path below it. */
export const shippedDrills = (folder: string = drillsFolder): Effect.Effect<ReadonlyArray<DrillEntry>, InputInvalid, FileSystem.FileSystem> =>
  Effect.gen(function*() {
    const out: Array<DrillEntry> = []
    for (const { name, path, text } of yield* scenarioTextsUnder(folder)) {
      const file = yield* Effect.fromResult(parseDrill(displayPath(path), text))
      out.push({
        file: displayPath(path),
        id: basename(name, extname(name)),
        name: file.name,
        ...(file.calendar.date === undefined ? {} : { date: file.calendar.date }),
        from: file.calendar.from,
        to: file.calendar.to,
        services: file.drill.diagnosis.services,
        actions: file.drill.actions.map((a) => `${a.action} ${a.target} within ${a.within}`)
      })
    }
    return out
  })

/** One line's description: `Drill — … (09:35–10:05; otp-csc; restart-service cccg-dc1-1 within 8m)`. */
export const drillSummary = (d: DrillEntry): string => `${d.name} (${d.from}–${d.to}; ${d.services.join(", ")}; ${d.actions.join(", ")})`

export const DRILL_CSV_HEADER = ["file", "id", "name", "date", "from", "to", "services", "actions"] as const
export const drillsCsv = (drills: ReadonlyArray<DrillEntry>): string =>
  renderCsv(DRILL_CSV_HEADER, drills.map((d) => [d.file, d.id, d.name, d.date ?? "", d.from, d.to, d.services.join(" "), d.actions.join("; ")]))
