/**
 * Text into GitHub-flavoured markdown. Everything in a report that came from a scenario or the estate
 * (ids, summaries, details) goes through `mdText` so it shows as written: a `|` cannot split a table cell,
 * `<script>` stays text rather than raw HTML, `*`/`_` do not start emphasis.
 *
 * Gotcha: GFM splits table rows on `|` before it reads inline markup, so even a `|` inside a code span must be
 * written `\|`; this module never emits code spans for that reason.
 */

// CommonMark §2.4: any ASCII punctuation may be backslash-escaped; these are the ones that can start markup.
const special = /[\\`*_[\]<>|~&#!]/g

/** One line of text, escaped; line breaks become spaces (a table cell or heading is one line). */
export const mdText = (text: string): string => text.replace(/\r\n|\r|\n/g, " ").replace(special, (c) => `\\${c}`)

/** Markdown written by the renderer itself (bold, emoji), which `mdTable` puts in a cell as it is. */
export interface Markup {
  readonly markdown: string
}
export const markup = (markdown: string): Markup => ({ markdown })

export type Cell = string | Markup

const cellText = (cell: Cell): string => (typeof cell === "string" ? mdText(cell) : cell.markdown)

/** A GFM table: the header row, the delimiter row and one row per entry; string cells are escaped here. */
export const mdTable = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<Cell>>): string => {
  const line = (cells: ReadonlyArray<string>) => `| ${cells.join(" | ")} |`
  return [
    line(header.map(mdText)),
    line(header.map(() => "---")),
    ...rows.map((cells) => line(cells.map(cellText)))
  ].join("\n")
}
