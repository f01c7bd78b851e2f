/**
 * Legible at 1280×720 and accessible (issue 15 item 9), in headless Chromium on the broken-plan drill's trace
 * (made here by `twin run`), opened at 06:30:07: both OMD-C lines of the primary site moved in one step at
 * 06:30:00 while core-a-down had the new plane-A core router down, so OMD-C is down for those participants
 * from 06:30:06 until the routing converges at 06:30:10 — the affected list is full and its worst is down.
 *
 * Pinned: no panel's content runs out of its box where it cannot be scrolled to; every status in the affected
 * list, the health table and the timeline strip carries a shape as well as its colour; Tab reaches every
 * header control in order and then the affected search; Enter on an affected row selects that participant.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Browser, Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { sharedViewerBuild } from "../support/shared-viewer-build.ts"
import { sharedTwinRun } from "../../support/shared-outputs.ts"
import { launchChromium } from "../support/chromium.ts"
import { serveStatic, type StaticServer } from "../support/static-server.ts"

let dir: string
/** The shared run's folder (read-only) and the shared viewer build. */
let runDir: string
let dist: string
let server: StaticServer
let browser: Browser
let closeBrowser: () => Promise<void>
let page: Page

/** viewer/src/map/palette.ts healthGlyph, written out: the test must fail if a status loses its shape. */
const GLYPH: Record<string, string> = { served: "✓", "served-without-redundancy": "◐", degraded: "▲", down: "✕" }

/** What has focus, named by the attribute the page gives it. */
const focused = (): Promise<string> =>
  page.evaluate(() => {
    const e = document.activeElement
    if (e === null || e === document.body) return "body"
    return e.getAttribute("data-action") ?? e.getAttribute("data-testid") ?? (e.getAttribute("data-participant") === null ? e.tagName : `row ${e.getAttribute("data-participant")}`)
  })

/**
 * Each box of the screen whose content runs out of it where it cannot be scrolled: overflow hidden (or clip)
 * and scrollWidth/Height above clientWidth/Height, or the box itself past the 1280×720 window (across for
 * all; down only for the screen's own rows, as the panels inside the side column scroll with it).
 */
const clipped = (): Promise<ReadonlyArray<string>> =>
  page.evaluate(() => {
    const rows = ["body", ".bar", ".transport", ".timeline", "main", ".map-wrap", ".side", ".log-wrap", ".log"]
    const boxes = [...rows, ".side > .panel:not([hidden])", ".affected"]
    const bad: Array<string> = []
    for (const selector of boxes) {
      document.querySelectorAll<HTMLElement>(selector).forEach((e, i) => {
        const name = `${selector}#${i}`
        const css = getComputedStyle(e)
        const r = e.getBoundingClientRect()
        if (r.right > window.innerWidth + 0.5 || (rows.includes(selector) && r.bottom > window.innerHeight + 0.5)) bad.push(`${name} past the window (${Math.round(r.right)}×${Math.round(r.bottom)})`)
        const hides = (v: string) => v === "hidden" || v === "clip"
        if (hides(css.overflowX) && e.scrollWidth > e.clientWidth) bad.push(`${name} clips ${e.scrollWidth - e.clientWidth}px across`)
        if (hides(css.overflowY) && e.scrollHeight > e.clientHeight) bad.push(`${name} clips ${e.scrollHeight - e.clientHeight}px down`)
      })
    }
    return bad
  })

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "viewer-legible-"))
  // One `twin run` of the drill for every file that plays it (test/support/shared-outputs.ts).
  const run = await sharedTwinRun("scenarios/library/drills/broken-plan-lines-together.yaml")
  runDir = run.dir
  if (run.status !== 1) throw new Error(`twin run: expected exit 1 (the drill fails by design), got ${run.status}: ${run.stderr}`)
  dist = await sharedViewerBuild()
  server = await serveStatic(dist, { "drill.ndjson": join(runDir, "trace.ndjson") })
  ;({ browser, close: closeBrowser } = await launchChromium())
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
  await page.goto(`${server.url}/?trace=/trace/drill.ndjson&t=06:30:07`)
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 })
  await page.waitForSelector('[data-testid="affected"] [data-participant]')
}, 300_000)

afterAll(async () => {
  await closeBrowser?.()
  await server?.close()
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
})

describe("the viewer at 1280×720 on the broken-plan drill", () => {
  it("no panel clips its content: each box fits the window, and what is longer than its box scrolls", async () => {
    expect(await clipped()).toEqual([])
    // The side column and the affected list are longer than their boxes here and scroll inside themselves.
    expect(await page.$eval(".side", (e) => getComputedStyle(e).overflowY)).toBe("auto")
    expect(await page.$eval(".affected", (e) => getComputedStyle(e).overflowY)).toBe("auto")
  })

  it("every status carries a shape as well as its colour", async () => {
    // The affected list: each row's dot shows its worst status's glyph, each service tag its status's.
    const dots = await page.$$eval('[data-testid="affected"] [data-participant]', (rs) => rs.map((r) => [r.getAttribute("data-worst"), r.querySelector(".aff-dot")?.textContent ?? ""]))
    expect(dots.length).toBeGreaterThan(0)
    expect(dots.filter(([st, glyph]) => GLYPH[st!] !== glyph)).toEqual([])
    // At 06:30:07 the worst of every row is OMD-C down (the step's loss, until 06:30:10).
    expect(dots[0]).toEqual(["down", "✕"])
    const tags = await page.$$eval('[data-testid="affected"] .svc-tag', (ts) =>
      ts.map((t) => [Array.from(t.classList, (c) => c).find((c) => c.startsWith("st-"))!.slice(3), t.querySelector(".glyph")?.textContent ?? ""]))
    expect(tags.filter(([st, glyph]) => GLYPH[st!] !== glyph)).toEqual([])
    expect(tags.some(([st]) => st === "down")).toBe(true)
    // The health table's header: a glyph in each status's swatch, in the ranking's order (best first).
    expect(await page.$$eval('[data-testid="health"] th .swatch', (ss) => ss.map((s) => s.textContent))).toEqual(["✓", "◐", "▲", "✕"])
    // The timeline strip: down is the full 6-px band filled with the hatch; degraded would be the lower 3 px.
    const strip = await page.$$eval(".tl-h.down", (rs) => rs.map((r) => [r.getAttribute("height"), getComputedStyle(r).fill]))
    expect(strip.length).toBeGreaterThan(0)
    expect(new Set(strip.map(([h, fill]) => `${h} ${fill}`))).toEqual(new Set(['6 url("#tl-hatch-down")']))
    // The map: a participant down has a dark ring (1.5 px), not only a red fill.
    expect(await page.$eval('.dot[data-health="down"]', (d) => getComputedStyle(d).strokeWidth)).toBe("1.5px")
  })

  it("Tab reaches every header control in order, then the affected search, each visibly focused", async () => {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    const order: Array<string> = []
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press("Tab")
      order.push(await focused())
    }
    // index.html's order: the transport's four buttons, the pause checkbox, the speed, the link to this instant, the file opener; the map
    // (its keys zoom: viewer/src/map/zoom.ts); the timeline takes no focus; the side column's first control is
    // the affected search.
    expect(order).toEqual(["play", "previous-failure", "next-failure", "next-event", "pause-on-worse", "speed", "deep-link", "open", "map", "affected-search"])
    await page.focus('[data-action="play"]')
    await page.keyboard.press("Shift+Tab")
    await page.keyboard.press("Tab")
    expect(await page.$eval('[data-action="play"]', (b) => [b.matches(":focus-visible"), getComputedStyle(b).outlineStyle, getComputedStyle(b).outlineWidth])).toEqual([true, "solid", "2px"])
  })

  it("Enter on an affected row selects that participant", async () => {
    await page.focus('[data-testid="affected-search"]')
    await page.keyboard.press("Tab") // the CSV export
    expect(await focused()).toBe("affected-export")
    await page.keyboard.press("Tab") // the first row
    const row = await focused()
    const first = await page.getAttribute('[data-testid="affected"] [data-participant]', "data-participant")
    expect(row).toBe(`row ${first}`)
    await page.keyboard.press("Enter")
    await page.waitForSelector(`[data-participant-detail="${first}"]`, { timeout: 10_000 })
    // With the participant's detail open too, still nothing clipped.
    expect(await clipped()).toEqual([])
  })

  it("the map zooms and pans: + and - with it focused (×1.5 a press, ×1 to ×8), 0 back, the wheel too; the legend stays put", async () => {
    const zoom = () => page.getAttribute('[data-testid="map"]', "data-zoom")
    const legend = () => page.$eval("#map .legend", (g) => g.getBoundingClientRect().toJSON())
    const before = await legend()
    await page.focus('[data-testid="map"]')
    await page.keyboard.press("+")
    expect(await zoom()).toBe("1.5")
    await page.keyboard.press("+")
    expect(await zoom()).toBe("2.25")
    await page.keyboard.press("-")
    expect(await zoom()).toBe("1.5")
    expect(await legend()).toEqual(before)
    await page.keyboard.press("0")
    expect(await zoom()).toBe("1")
    const box = (await page.$('[data-testid="map"]'))!.boundingBox()
    const b = (await box)!
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2)
    await page.mouse.wheel(0, -400)
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="map"]')?.getAttribute("data-zoom")) > 1, undefined, { timeout: 5_000 })
    await page.focus('[data-testid="map"]')
    await page.keyboard.press("0")
    expect(await zoom()).toBe("1")
  })
})

describe("the drill's report.html at 1280×720", () => {
  let report: Page
  beforeAll(async () => {
    report = await browser.newPage({ viewport: { width: 1280, height: 720 } })
    await report.goto(`file://${join(runDir, "report.html")}`)
  })

  it("opens on the phases, then the checks' verdicts", async () => {
    expect(await report.$$eval("main > section > h2", (hs) => hs.map((h) => h.textContent))).toEqual(
      ["Phases", "Checks", "Affected participants", "Orders", "Service health over time", "Faults", "Run"]
    )
  })

  it("the search shows only the evidence and affected rows naming P0001, opening the collapsed parts that hold them", async () => {
    // What to expect, from report.json: every piece of evidence and every affected pair of P0001 (ids are
    // P + four digits, so "P0001" names no one else), out of all the evidence and affected rows the page holds.
    const json = JSON.parse(readFileSync(join(runDir, "report.json"), "utf8")) as {
      checks: Array<{ evidence: Array<{ participant?: string }> }>
      affected: Array<{ participant: string }>
    }
    const all = [...json.checks.flatMap((c) => c.evidence.map((e) => e.participant)), ...json.affected.map((a) => a.participant)]
    const mine = all.filter((p) => p === "P0001").length
    expect(mine).toBeGreaterThan(0)
    expect(await report.isVisible("#report-search input")).toBe(true)
    await report.fill("#report-search input", "P0001")
    const visible = await report.$$eval("table.searchable tbody tr", (rs) => rs.filter((r) => (r as HTMLElement).offsetParent !== null).length)
    expect(visible).toBe(mine)
    expect(await report.textContent("#report-search .search-count")).toBe(`${mine} of ${all.length} rows`)
    await report.fill("#report-search input", "")
    expect(await report.textContent("#report-search .search-count")).toBe("")
  })
})
