/**
 * The document around the sections: doctype, inline CSS, the header with the verdict badge, the search box
 * and its small inline script (search.ts; the page reads the same without it). Self-contained by
 * construction: no `<link>`, no script from elsewhere, no URL anywhere (inline SVG needs no xmlns in HTML).
 */
import { verdictDetail, windowText } from "../describe.ts"
import { plural } from "../../format/plural.ts"
import type { Report } from "../report.ts"
import { verdictBadge } from "./checks-table.ts"
import { html } from "./escape.ts"
import { searchBox, searchScript } from "./search.ts"
import { css } from "./style.ts"

export interface Section {
  readonly id: string
  readonly title: string
  readonly body: string
}

const header = (report: Report): string => {
  return `<header id="summary">` +
    `<h1>${html(report.scenario.name)}</h1>` +
    `<p class="purpose">${html(report.scenario.purpose)}</p>` +
    `<p class="verdict">${verdictBadge(report.verdict)} ${html(verdictDetail(report))}</p>` +
    `<p class="meta">${html(
      `Scenario ${report.scenario.id} (${report.scenario.file}) on estate ${report.estate.name} ` +
        `(${plural(report.estate.participants, "participant")}), seed ${report.seed}, ` +
        `window ${windowText(report.window)}`
    )}</p></header>`
}

const nav = (sections: ReadonlyArray<Section>): string =>
  `<nav><p>${sections.map((s) => `<a href="#${s.id}">${html(s.title)}</a>`).join(" · ")}</p>${searchBox()}</nav>`

export const page = (report: Report, sections: ReadonlyArray<Section>): string =>
  `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">` +
  `<meta name="viewport" content="width=device-width, initial-scale=1">` +
  `<title>${html(`${report.verdict === "pass" ? "PASS" : "FAIL"} — ${report.scenario.name}`)}</title>` +
  `<style>${css}</style></head><body>` +
  header(report) +
  nav(sections) +
  `<main>${sections.map((s) => `<section id="${s.id}"><h2>${html(s.title)}</h2>${s.body}</section>`).join("\n")}</main>` +
  `<script>${searchScript}</script></body></html>\n`
