/** Writes runbook.md and runbook.html into a folder (each under a partial name, renamed when complete). */
import { Effect } from "effect"
import { join } from "node:path"
import { writeOutput } from "../../topology/output-file.ts"
import { runbookHtml } from "./html.ts"
import { runbookMarkdown } from "./markdown.ts"
import type { Runbook } from "./runbook.ts"

export const writeRunbook = Effect.fn("Runbook.write")(function*(outDir: string, runbook: Runbook) {
  const md = join(outDir, "runbook.md")
  const page = join(outDir, "runbook.html")
  yield* writeOutput(md, runbookMarkdown(runbook))
  yield* writeOutput(page, runbookHtml(runbook))
  return [md, page] as const
})
