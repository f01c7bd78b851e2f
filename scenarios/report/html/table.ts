/**
 * An HTML table from rows of cells. A string cell is text and is escaped here; markup the renderer made
 * itself (a badge, a nested table) comes wrapped with `markup` and goes in as it is.
 */
import { html } from "./escape.ts"

export interface Markup {
  readonly html: string
}
export const markup = (text: string): Markup => ({ html: text })
export type Cell = string | number | Markup

const cellHtml = (cell: Cell): string => (typeof cell === "object" ? cell.html : html(cell))

/** `<tr>` of `<td>`s; `numeric` columns are right-aligned. */
export const tableRow = (cells: ReadonlyArray<Cell>, numeric: ReadonlyArray<number> = [], attrs = ""): string =>
  `<tr${attrs}>${cells.map((cell, i) => `<td${numeric.includes(i) ? ' class="num"' : ""}>${cellHtml(cell)}</td>`).join("")}</tr>`

export interface TableInput {
  readonly id?: string
  readonly header: ReadonlyArray<string>
  /** Rows already made with `tableRow`. */
  readonly rows: ReadonlyArray<string>
  readonly numeric?: ReadonlyArray<number>
  /** Classes of the table (`searchable`: the page's search filters its rows, html/search.ts). */
  readonly className?: string
}

export const table = ({ id, header, rows, numeric = [], className }: TableInput): string =>
  `<table${id === undefined ? "" : ` id="${id}"`}${className === undefined ? "" : ` class="${className}"`}><thead><tr>` +
  header.map((h, i) => `<th scope="col"${numeric.includes(i) ? ' class="num"' : ""}>${html(h)}</th>`).join("") +
  `</tr></thead><tbody>${rows.join("")}</tbody></table>`
