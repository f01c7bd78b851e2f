/**
 * The sweep's heat map (sweep.html `#heat`): one row per fault whose impact differs from the same fault
 * with nothing moved, one column per phase, each cell by default the **difference** — what the plan itself
 * adds (`+2` participants down, `(+40)` only without redundancy, `+10m` the same participants for longer,
 * `−2` milder) — so the plan's own exposure stands out; the faults that hurt exactly as with nothing moved
 * in every column (standing weaknesses of the estate) are one summary line above the table, with their list
 * folded away (exposure.ts). A checkbox shows the cells' absolute values instead; a column heading sorts
 * the rows by it (again: the other way); a search box filters them by fault id or kind.
 *
 * The page stays self-contained: the sorting and filtering are a small inline script (the only one: the
 * page works without it, in the default order and the difference view). Rows past HEAT_ROWS are left out
 * of the page; sweep.csv has every fault and column.
 */
import { html } from "../../scenarios/report/html/escape.ts"
import { statusColour } from "../../scenarios/report/html/colours.ts"
import type { CellImpact } from "./cell.ts"
import { type CellDifference, type Exposure, standingSummary } from "./exposure.ts"
import type { SweepResult } from "./sweep.ts"
import { exposureWords } from "./worst-cases.ts"

/** At most this many fault rows in the heat map (the plan's worst additions first); sweep.csv has them all. */
export const HEAT_ROWS = 200
/** At most this many standing faults listed under the summary line. */
export const STANDING_LISTED = 60

const MILDER = "#cfe8d0"

export const heatCss = `
table.heat td.cell { min-width: 4.2em; text-align: center; font-variant-numeric: tabular-nums; }
table.heat td.none { color: #999; }
table.heat th[data-col] { cursor: pointer; user-select: none; } table.heat th[aria-sort]::after { content: " ▾"; }
table.heat th[aria-sort="ascending"]::after { content: " ▴"; }
.heat-controls { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center; margin: .3rem 0 .6rem; }
.heat-controls input[type=search] { font: inherit; padding: .15rem .4rem; min-width: 16em; }
.swatch.milder { background: ${MILDER}; }
.legend .swatch.label { width: auto; height: auto; padding: 0 .35em; font-variant-numeric: tabular-nums; }
`

const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : "0")

/** `+2` / `−2` down; else `(+40)` without redundancy; else `+10m` participant-service minutes; else `·`. */
const differenceText = (d: CellDifference): string =>
  d.down !== 0 ? signed(d.down) : d.weak !== 0 ? `(${signed(d.weak)})` : d.minutesDown !== 0 ? `${signed(d.minutesDown)}m` : d.minutesWeak !== 0 ? `(${signed(d.minutesWeak)}m)` : "·"

const absoluteText = (c: CellImpact) => (c.participantsDown > 0 ? `${c.participantsDown}` : c.participantsWeak > 0 ? `(${c.participantsWeak})` : "·")

const redShade = (n: number, worst: number) => {
  const alpha = 0.25 + 0.75 * Math.min(1, n / Math.max(1, worst))
  return `background: color-mix(in srgb, ${statusColour.down} ${Math.round(alpha * 100)}%, white); color: ${alpha > 0.6 ? "#fff" : "#1a1a1a"}`
}
const amber = `background: ${statusColour["served-without-redundancy"]}; color: #1a1a1a`

const differenceShade = (d: CellDifference, worst: number): string =>
  d.down > 0 ? redShade(d.down, worst)
  : d.down < 0 || (d.down === 0 && (d.weak < 0 || (d.weak === 0 && (d.minutesDown < 0 || (d.minutesDown === 0 && d.minutesWeak < 0))))) ? `background: ${MILDER}`
  : d.weak > 0 || d.minutesDown > 0 || d.minutesWeak > 0 ? amber
  : ""

const absoluteShade = (c: CellImpact, worst: number): string =>
  c.participantsDown > 0 ? redShade(c.participantsDown, worst) : c.participantsWeak > 0 ? amber : ""

/** Sort key of a cell: participants down, then without redundancy, then minutes (bigger = worse). */
const key = (down: number, weak: number, minutes: number) => down * 1e9 + weak * 1e5 + Math.max(-99_999, Math.min(99_999, minutes))

export const heatMap = (result: SweepResult, exposure: Exposure): string => {
  const words = exposureWords(result)
  const rows = exposure.changed.slice(0, HEAT_ROWS)
  const worstDiff = Math.max(1, ...rows.flatMap((r) => r.differences.map((d) => d.down)))
  const worstAbs = Math.max(1, ...result.cells.flat().map((c) => c.participantsDown))
  const head = `<thead><tr><th data-col="0" data-type="text">fault</th><th data-col="1" data-type="text">kind</th>` +
    result.columns.map((c, j) => `<th data-col="${j + 2}" data-type="num" title="${html(c.moves.length > 0 ? `moves ${c.moves.join(", ")}` : `${c.movedAtStart} units moved at its start`)}">${html(c.id)}</th>`).join("") +
    `</tr></thead>`
  const body = rows.map(({ fault: f, differences }) => {
    const fault = result.faults[f]!
    const cells = result.cells[f]!.map((c, j) => {
      const base = result.baseline[f]![j]!
      const d = differences[j]!
      const title = `${fault.id} through ${result.columns[j]!.id}: ${c.participantsDown} down (${c.minutesDown} participant-min), ${c.participantsWeak} without redundancy (${c.minutesWeak} participant-min); ` +
        `with nothing moved ${base.participantsDown} down (${base.minutesDown} participant-min), ${base.participantsWeak} without redundancy (${base.minutesWeak} participant-min)`
      const diffShade = differenceShade(d, worstDiff)
      const absShade = absoluteShade(c, worstAbs)
      return `<td class="cell${differenceText(d) === "·" ? " none" : ""}" style="${diffShade}" title="${html(title)}"` +
        ` data-diff="${key(d.down, d.weak, d.minutesDown)}" data-abs="${key(c.participantsDown, c.participantsWeak, c.minutesDown)}"` +
        ` data-diff-text="${html(differenceText(d))}" data-abs-text="${html(absoluteText(c))}" data-diff-style="${diffShade}" data-abs-style="${absShade}">${html(differenceText(d))}</td>`
    }).join("")
    return `<tr data-fault="${html(fault.id)}" data-kind="${html(fault.kind)}"><td>${html(fault.id)}</td><td>${html(fault.kind)}</td>${cells}</tr>`
  }).join("\n")
  const standing = exposure.standing.slice(0, STANDING_LISTED)
  const standingList = exposure.standing.length === 0 ? "" :
    `<details id="standing"><summary>The ${standing.length === exposure.standing.length ? "" : `worst ${standing.length} of the `}${exposure.standing.length} standing faults</summary>` +
    `<table><tr><th>fault</th><th>kind</th><th class="num">down (worst column)</th><th class="num">without redundancy</th></tr>` +
    standing.map((f) => {
      const worst = [...result.cells[f]!].sort((a, b) => b.participantsDown - a.participantsDown || b.participantsWeak - a.participantsWeak)[0]!
      return `<tr><td>${html(result.faults[f]!.id)}</td><td>${html(result.faults[f]!.kind)}</td><td class="num">${worst.participantsDown}</td><td class="num">${worst.participantsWeak}</td></tr>`
    }).join("") + `</table></details>`
  const scope = result.columns.length === 1 ? "the column" : "each column"
  return `<section id="heat"><h2>Heat map: what ${html(words.subject)} adds (${rows.length} of ${exposure.changed.length} faults that differ from nothing moved)</h2>` +
    `<p>${html(`A cell is the fault through ${scope} minus the same fault through the same window with nothing moved: participants down more (−: fewer), ` +
      `in brackets when only redundancy is lost, with m when only the participant-service minutes differ. Hover a cell for both figures. ` +
      `Click a column heading to sort by it; every fault and column is in sweep.csv.`)}</p>` +
    `<p class="standing">${html(standingSummary(result, exposure.standing, words.subject))}</p>${standingList}` +
    `<div class="heat-controls"><label>Filter <input id="heat-filter" type="search" placeholder="fault id or kind, e.g. circuit"></label>` +
    `<label><input id="heat-absolute" type="checkbox"> absolute values instead of the difference from nothing moved</label></div>` +
    `<ul class="legend"><li><span class="swatch label down">+n</span> more participants down</li><li><span class="swatch label served-without-redundancy">(+n)</span> more left without redundancy only</li>` +
    `<li><span class="swatch label milder">−n</span> milder than with nothing moved</li><li><span class="swatch label">+10m</span> the same participants, participant-service minutes more or fewer</li></ul>` +
    (rows.length === 0 ? `<p class="empty">${html(`No fault differs from nothing moved in any column.`)}</p>` : `<table class="heat" id="heat-table">${head}<tbody>${body}</tbody></table>`) +
    `<script>${script}</script></section>`
}

/** Filter, absolute/difference toggle and sort by a column heading; text cells sort A→Z first, figures worst first. */
const script = `(() => {
  const table = document.getElementById("heat-table"); if (!table) return;
  const body = table.tBodies[0], filter = document.getElementById("heat-filter"), absolute = document.getElementById("heat-absolute");
  filter.addEventListener("input", () => {
    const q = filter.value.trim().toLowerCase();
    for (const row of body.rows) row.hidden = q !== "" && !(row.dataset.fault + " " + row.dataset.kind).toLowerCase().includes(q);
  });
  absolute.addEventListener("change", () => {
    const mode = absolute.checked ? "abs" : "diff";
    for (const cell of body.querySelectorAll("td.cell")) { cell.textContent = cell.dataset[mode + "Text"]; cell.style.cssText = cell.dataset[mode + "Style"]; }
  });
  table.tHead.addEventListener("click", (event) => {
    const th = event.target.closest("th[data-col]"); if (!th) return;
    const col = Number(th.dataset.col), text = th.dataset.type === "text";
    const current = th.getAttribute("aria-sort");
    const descending = current === null ? !text : current === "ascending";
    for (const other of table.tHead.querySelectorAll("th")) other.removeAttribute("aria-sort");
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
    const mode = absolute.checked ? "abs" : "diff";
    const value = (row) => text ? row.cells[col].textContent : Number(row.cells[col].dataset[mode]);
    const rows = [...body.rows].sort((a, b) => { const x = value(a), y = value(b); const c = x < y ? -1 : x > y ? 1 : 0; return descending ? -c : c; });
    body.append(...rows);
  });
})()`
