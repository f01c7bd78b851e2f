/** The page's CSS, inline so report.html opens from file:// with nothing else: system fonts only. */
import { STATUSES } from "../describe.ts"
import { faultColour, phaseBand, statusColour, stepColour } from "./colours.ts"

// Text on the amber (without redundancy) swatch is dark: white on amber fails contrast.
const statusText: Record<(typeof STATUSES)[number], string> = {
  served: "#fff",
  "served-without-redundancy": "#1a1a1a",
  degraded: "#1a1a1a",
  down: "#fff"
}

export const css = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1a1a1a;
  background: #fff; margin: 0 auto; padding: 1.5rem 2rem 3rem; max-width: 1400px; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; } h2 { font-size: 1.25rem; margin: 2rem 0 .6rem; border-bottom: 1px solid #ccc; }
header .purpose { margin: .2rem 0 .6rem; max-width: 70em; } header .meta { color: #444; }
.badge { display: inline-block; padding: .1em .55em; border-radius: .3em; font-weight: 700; letter-spacing: .03em; }
.badge.pass { background: ${statusColour.served}; color: #fff; } .badge.fail { background: ${statusColour.down}; color: #fff; }
header .verdict .badge { font-size: 1.3rem; }
.nothing { font-style: italic; color: #666; white-space: nowrap; }
table { border-collapse: collapse; margin: .4rem 0 1rem; } caption { text-align: left; font-weight: 600; }
th, td { border: 1px solid #d0d0d0; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #f2f2f2; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.check.fail > td { background: #fdecea; } tr.evidence > td { background: #fafafa; }
td ul { margin: 0; padding-left: 1.1rem; } details > summary { cursor: pointer; font-weight: 600; }
.status { padding: 0 .35em; border-radius: .25em; white-space: nowrap; }
${STATUSES.map((s) => `.status.${s}, .swatch.${s} { background: ${statusColour[s]}; color: ${statusText[s]}; }`).join("\n")}
.outcome.rolled-back, .outcome.failed-after-cutoff { font-weight: 700; color: ${statusColour.down}; }
.legend { display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; margin: .3rem 0 .8rem; padding: 0; list-style: none; }
.legend li { display: flex; align-items: center; gap: .35rem; }
.swatch { display: inline-block; width: 1.6em; height: .9em; border-radius: 2px; }
.swatch.phase { background: ${phaseBand}; } .swatch.fault { background: ${faultColour}; }
.swatch.step { height: 0; border-top: 2px dashed ${stepColour}; border-radius: 0; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem 2rem; }
figure.chart { margin: 0; } figure.chart figcaption { font-weight: 600; margin-bottom: .2rem; }
figure.chart svg { max-width: 100%; height: auto; font-size: 10px; fill: #1a1a1a; }
svg .phase-label { font-size: 10px; fill: #102a43; } svg .fault-label { font-size: 9px; fill: #fff; font-weight: 600; }
svg .axis text { fill: #333; }
.chart-note, .more, .empty { color: #444; margin: .2rem 0; }
details.more-rows { margin: -.6rem 0 1rem; } details.more-rows > summary { font-weight: 400; color: #1d5fa8; }
.search input { min-width: 22em; padding: .2rem .4rem; font: inherit; } .search-count { color: #444; }
:focus-visible { outline: 2px solid #1d5fa8; outline-offset: 1px; }
@media print { .search, details.more-rows > summary { display: none; } details.more-rows > table { display: table; } }
`
