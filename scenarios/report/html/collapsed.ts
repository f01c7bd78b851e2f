/**
 * A long table collapsed: its first rows shown, the rest in a `<details>` below it (a second table with the
 * same header), so the page opens on what matters and the rest is one click away — every row still in the
 * page, for printing, searching (search.ts) and reading without a script.
 */
import { html } from "./escape.ts"
import { table, type TableInput } from "./table.ts"

export const collapsedTable = (input: TableInput & { readonly first: number; readonly noun: string }): string => {
  const { first, noun, rows, id, ...rest } = input
  const named = id === undefined ? rest : { ...rest, id }
  if (rows.length <= first) return table({ ...named, rows })
  const more = rows.length - first
  // The id (what links and tests find the table by) stays on the first part; ids are unique.
  return table({ ...named, rows: rows.slice(0, first) }) +
    `<details class="more-rows"><summary>${html(`${more} more ${noun}`)}</summary>` +
    table({ ...rest, rows: rows.slice(first) }) + `</details>`
}
