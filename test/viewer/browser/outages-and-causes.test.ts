/**
 * Issue 15, items 1 and 2 in a real browser, on the broken-plan drill (both OMD-C lines of the primary site
 * moved in one step at 06:30 while the new plane-A core router is down since 06:10; rolled back at 07:05):
 * its report.html and the viewer playing its trace both show the two losses — 4 s at 06:30:06 and 6 s at
 * 07:05:04, each far shorter than a sample interval or a pixel of a whole-window chart — and name the step
 * and the rollback as their causes, with the fault that made them harmful.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Browser, Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { launchChromium } from "../support/chromium.ts"
import { sharedViewerBuild } from "../support/shared-viewer-build.ts"
import { sharedTwinRun } from "../../support/shared-outputs.ts"
import { serveStatic, type StaticServer } from "../support/static-server.ts"
import { readTrace } from "../support/trace-facts.ts"

const clock = (hhmmss: string): number => {
  const [h, m, s] = hhmmss.split(":").map(Number)
  return ((h! * 60 + m!) * 60 + s!) * 1_000_000
}

// The cause chains (twin/contract/cause-chain.ts): the last change before each loss, and core-a-down, on since 06:10.
const STEP = "06:30:00 step lines-together moved omdc-dc1-line-a, omdc-dc1-line-b, while core-a-down (node-crash on new-core-dc1-a since 06:10:00) was on"
const ROLLBACK = "07:05:00 rollback of lines-together moved back omdc-dc1-line-b, omdc-dc1-line-a, while core-a-down (node-crash on new-core-dc1-a since 06:10:00) was on"

let dir: string
/** The shared run's folder (read-only) and the shared viewer build. */
let runDir: string
let dist: string
let server: StaticServer
let browser: Browser
let closeBrowser: () => Promise<void>
let events: ReturnType<typeof readTrace>

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "outages-causes-"))
  // One `twin run` of the drill for every file that plays it (test/support/shared-outputs.ts).
  const run = await sharedTwinRun("scenarios/library/drills/broken-plan-lines-together.yaml")
  runDir = run.dir
  if (run.status !== 1) throw new Error(`twin run: expected exit 1 (the drill fails by design), got ${run.status}: ${run.stderr}`)
  events = readTrace(join(runDir, "trace.ndjson"))
  dist = await sharedViewerBuild()
  server = await serveStatic(dist, { "drill.ndjson": join(runDir, "trace.ndjson") })
  ;({ browser, close: closeBrowser } = await launchChromium())
}, 300_000)

afterAll(async () => {
  await closeBrowser?.()
  await server?.close()
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
})

/** When anyone was down (any service), from the trace itself: [from, to) spells. */
const downSpells = (): Array<[number, number]> => {
  const down = new Set<string>()
  const spells: Array<[number, number]> = []
  let since: number | undefined
  for (const e of events) {
    if (e.kind !== "health") continue
    const key = `${e.subject}|${String(e.data.service)}`
    if (e.data.status === "down") down.add(key)
    else down.delete(key)
    if (down.size > 0 && since === undefined) since = e.t
    if (down.size === 0 && since !== undefined) {
      spells.push([since, e.t])
      since = undefined
    }
  }
  return spells
}
const second = (t: number) => Math.floor(t / 1_000_000)

describe("the drill's report.html", () => {
  let page: Page
  beforeAll(async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    await page.goto(`file://${join(runDir, "report.html")}`)
  })

  it("the trace has exactly the two losses the tests look for", () => {
    // From 06:30:06 (lines silent 6 s after the step: heartbeats missed) for about 4 s, and from 07:05:04,
    // after the rollback, to 07:05:10: whole seconds of the first and last change of each spell.
    expect(downSpells().map(([from, to]) => [second(from), second(to)])).toEqual([
      [second(clock("06:30:06")), second(clock("06:30:10"))],
      [second(clock("07:05:04")), second(clock("07:05:10"))]
    ])
  })

  it("the omd-c chart's down layer covers both losses at the whole-window zoom, and nothing between them", async () => {
    // The plot: x 40–626 over 06:00–07:20 (586 px for 80 min); the down layer is the top of the stack, so
    // y = 40 (6 px under the plot's top at 34) is in it wherever anyone was down in that pixel column's interval.
    const x = (t: string) => 40 + (586 * (clock(t) - clock("06:00:00"))) / (clock("07:20:00") - clock("06:00:00"))
    const inDown = (t: string) =>
      page.$eval('figure[data-service="omd-c"] path.area[data-status="down"]', (path, px) => (path as SVGPathElement).isPointInFill(new DOMPoint(px, 40)), x(t))
    expect([await inDown("06:30:30"), await inDown("07:05:30")]).toEqual([true, true])
    expect([await inDown("06:20:00"), await inDown("06:50:00"), await inDown("07:15:00")]).toEqual([false, false, false])
    // The caption says so: the first interval with the most down (the whole drill's 572 omd-c participants).
    const desc = await page.textContent('figure[data-service="omd-c"] desc')
    expect(desc).toContain("down: peak 572 in 06:30:00–06:31:00")
    expect(desc).not.toContain("down: none")
  })

  it("names the step as the cause of the 06:30 loss and the rollback of the 07:05 one, in the evidence and the affected table", async () => {
    const causeOfFirstPiece = (check: string) =>
      page.$eval(`#check-${check} + tr.evidence details tbody tr td:last-child`, (td) => td.textContent)
    expect(await causeOfFirstPiece("prt-omd-c-lines")).toBe(STEP)
    expect(await causeOfFirstPiece("no-dual-line-loss")).toBe(ROLLBACK)
    // The affected table's first row: down first; every down participant went down first at 06:30:06.
    const first = await page.$$eval("#affected-table tbody tr:first-child td", (tds) => tds.map((td) => td.textContent))
    expect([first[2], first.at(-1)]).toEqual(["down", STEP])
  })

  it("points to affected.csv, whose cause column holds the same chain", async () => {
    expect(await page.$$eval('a.csv[href="affected.csv"]', (as) => as.length)).toBeGreaterThan(0)
    const csv = readFileSync(join(runDir, "affected.csv"), "utf8").split("\r\n")
    expect(csv[0]).toBe("participant,service,worst,from,to,down_seconds,degraded_seconds,without_redundancy_seconds,cause,cause_at,detail,source,checks")
    // The first row is down, its chain quoted (it has commas).
    expect(csv[1]).toContain(`,down,`)
    expect(csv[1]).toContain(`,"${STEP}",06:30:06.000889,`)
  })
})

describe("the viewer playing the drill's trace", () => {
  let page: Page
  const seek = (t: number) => page.evaluate((x) => window.__viewer!.player.seek(x), t)

  beforeAll(async () => {
    page = await browser.newPage({ viewport: { width: 1680, height: 1000 } })
    await page.goto(`${server.url}/?trace=/trace/drill.ndjson`)
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 })
  }, 120_000)

  it("the timeline strip marks both losses red, and only them", async () => {
    const red = await page.$$eval(".tl-h.down", (rs) => rs.map((r) => [Number(r.getAttribute("data-from")), Number(r.getAttribute("data-to"))]))
    // 600 buckets of 8 s over 80 min: a loss of 4 s (06:30:06–06:30:10) or 6 s (07:05:04–07:05:10) touches one or two.
    const overlaps = (a: ReadonlyArray<number>, b: ReadonlyArray<number>) => a[0]! < b[1]! && b[0]! < a[1]!
    expect(downSpells().map((spell) => red.some((r) => overlaps(r, spell)))).toEqual([true, true])
    expect(red.every((r) => downSpells().some((spell) => overlaps(r, spell)))).toBe(true)
  })

  it("the side panel's omd-c chart has a red column of at least one device pixel for each loss, and none between", async () => {
    // Drawn one column per device pixel (viewer/src/panels/health.ts), the down layer on top: the top row of
    // the column holding each loss's worst instant is in it (before: an area at half a unit a bucket, blended to amber).
    const inDown = (t: number) =>
      page.$eval('tr[data-service="omd-c"] + tr.chart-row svg', (svg, at) => {
        const [, , columns] = svg.getAttribute("viewBox")!.split(" ").map(Number)
        const from = 21_600_000_000
        const to = 26_400_000_000
        const col = Math.floor(((at - from) / (to - from)) * columns!)
        const down = svg.querySelector('path[data-status="down"]') as SVGPathElement | null
        return down !== null && down.isPointInFill(new DOMPoint(col + 0.5, 0.5))
      }, t)
    expect([await inDown(clock("06:30:07")), await inDown(clock("07:05:06"))]).toEqual([true, true])
    expect([await inDown(clock("06:20:00")), await inDown(clock("06:50:00"))]).toEqual([false, false])
  })

  it("the affected list tells the worst service's cause chain: the step during the first loss, the rollback during the second", async () => {
    await seek(clock("06:30:07"))
    const row = async () => page.$eval('[data-testid="affected"] [data-participant]', (r) =>
      [r.getAttribute("data-worst"), r.querySelector(".aff-cause")?.textContent, r.querySelector(".aff-cause")?.getAttribute("data-service")])
    expect(await row()).toEqual(["down", STEP, "omd-c"])
    await seek(clock("07:05:06"))
    expect(await row()).toEqual(["down", ROLLBACK, "omd-c"])
    // What was seen of that service, beside the chain.
    expect(await page.$eval('[data-testid="affected"] [data-participant] .aff-detail', (d) => d.textContent)).toMatch(/^omd-c: P\d{4}\/omdc-\w+: lines A and B silent/)
  })

  it("exports the affected list as CSV: every affected participant and service, the step's chain for the 06:30 loss", async () => {
    await seek(clock("06:30:07"))
    const [download] = await Promise.all([page.waitForEvent("download"), page.click('[data-testid="affected-export"]')])
    // Named after the instant of the state shown: the last event applied at or before the cursor, 06:30:06.00x.
    expect(download.suggestedFilename()).toBe("affected-06-30-06.csv")
    const lines = readFileSync((await download.path())!, "utf8").split("\r\n")
    expect(lines[0]).toBe("participant,name,group,service,status,since,cause,detail")
    const down = lines.filter((l) => l.includes(",omd-c,down,"))
    // Every omd-c row that is down at 06:30:07 went down at 06:30:06 with the step as its cause (downSpells above).
    expect(down.length).toBeGreaterThan(0)
    for (const line of down) expect(line).toContain(`"${STEP}"`)
  })

  it("plays through the rollback and shows its chain as it happens", async () => {
    await seek(clock("07:04:58"))
    await page.selectOption('[data-testid="speed"]', "1")
    await page.click('[data-action="play"]')
    await page.waitForFunction((text) => document.querySelector('[data-testid="affected"] [data-participant] .aff-cause')?.textContent === text, ROLLBACK, { timeout: 30_000 })
    await page.click('[data-action="play"]') // pause
    expect(await page.evaluate(() => window.__viewer!.player.cursor)).toBeGreaterThanOrEqual(clock("07:05:04"))
  })
})
