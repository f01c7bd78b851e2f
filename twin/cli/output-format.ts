/**
 * How a command prints its results: text for people (the default), `--json` for tools, `--csv` for a
 * spreadsheet (where the results are a table). Both at once is bad input, one line, exit 2.
 */
import { Result } from "effect"
import { Flag } from "effect/cli"
import { InputInvalid, issue } from "../../topology/input-issue.ts"

export type OutputFormat = "text" | "json" | "csv"

export const csv = Flag.Boolean("csv").pipe(
  Flag.withDescription("Print the table as CSV (RFC 4180, formula cells guarded: docs/report-format.md) instead of text"),
  Flag.withDefault(false)
)

export const outputFormat = (flags: { readonly json: boolean; readonly csv: boolean }): Result.Result<OutputFormat, InputInvalid> =>
  flags.json && flags.csv
    ? Result.fail(new InputInvalid({ file: "--csv", issues: [issue("", "one of --json and --csv", "both")] }))
    : Result.succeed(flags.json ? "json" : flags.csv ? "csv" : "text")
