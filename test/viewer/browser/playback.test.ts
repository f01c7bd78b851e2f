/**
 * The viewer in headless Chromium playing a real trace: the broken-plan drill (both OMD-C lines of the
 * primary site moved in one step at 06:30 while the new plane-A core router is down, rolled back at 07:05).
 * The trace is made by `twin run` here, the viewer built with Vite's API, served from loopback.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Browser, Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { launchChromium } from "../support/chromium.ts"
import { sharedViewerBuild } from "../support/shared-viewer-build.ts"
import { sharedTwinRun } from "../../support/shared-outputs.ts"
import { serveStatic, type StaticServer } from "../support/static-server.ts"
import { affectedAt, downAt, movedAt, readTrace } from "../support/trace-facts.ts"

const clock = (hhmmss: string): number => {
  const [h, m, s] = hhmmss.split(":").map(Number)
  return ((h! * 60 + m!) * 60 + s!) * 1_000_000
}

let dir: string
/** The shared run's folder (read-only) and the shared viewer build. */
let runDir: string
let dist: string
let server: StaticServer
let browser: Browser
let closeBrowser: () => Promise<void>
let page: Page
let events: ReturnType<typeof readTrace>

const cursor = (): Promise<number> => page.evaluate(() => (window as unknown as { __viewer: { player: { cursor: number } } }).__viewer.player.cursor)
const seek = (t: number): Promise<void> =>
  page.evaluate((at) => (window as unknown as { __viewer: { player: { seek: (t: number) => void } } }).__viewer.player.seek(at), t)
/** Seeks to the instant the timeline draws at the centre of `selector`'s box (the axis is linear: two seeks measure it). */
const cursorOnCentreOf = async (selector: string): Promise<void> => {
  const cursorX = () => page.$eval(".tl-cursor", (l) => Number(l.getAttribute("x1")))
  const centre = await page.$eval(selector, (r) => Number(r.getAttribute("x")) + Number(r.getAttribute("width")) / 2)
  const t0 = clock("06:00:00")
  const t1 = clock("07:00:00")
  await seek(t0)
  const x0 = await cursorX()
  await seek(t1)
  const x1 = await cursorX()
  await seek(Math.round(t0 + ((centre - x0) * (t1 - t0)) / (x1 - x0)))
}
const domUnits = (): Promise<Array<string>> =>
  page.$$eval('[data-testid="moved-units"] [data-unit]', (els) => els.map((e) => e.getAttribute("data-unit")!).sort())
const domAffected = (): Promise<Array<string>> =>
  page.$$eval('[data-testid="affected"] [data-participant]', (els) => els.map((e) => e.getAttribute("data-participant")!).sort())

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "viewer-browser-"))
  // One `twin run` of the drill for every file that plays it (test/support/shared-outputs.ts).
  const run = await sharedTwinRun("scenarios/library/drills/broken-plan-lines-together.yaml")
  runDir = run.dir
  if (run.status !== 1) throw new Error(`twin run: expected exit 1 (the drill fails by design), got ${run.status}: ${run.stderr}`)
  events = readTrace(join(runDir, "trace.ndjson"))
  dist = await sharedViewerBuild()
  const bad = join(dir, "bad.ndjson")
  writeFileSync(bad, '{"t":0,"kind":"trace.start","subject":"twin","data":{"version":1,"from":0,"to":1}}\n{"t":"noon","kind":"x","subject":"y","data":{}}\n')
  server = await serveStatic(dist, { "drill.ndjson": join(runDir, "trace.ndjson"), "bad.ndjson": bad })
  ;({ browser, close: closeBrowser } = await launchChromium())
  page = await browser.newPage({ viewport: { width: 1680, height: 1000 } })
  await page.goto(`${server.url}/?trace=/trace/drill.ndjson`)
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 })
}, 300_000)

afterAll(async () => {
  await closeBrowser?.()
  await server?.close()
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
})

describe("viewer playback of the broken-plan drill", () => {
  it("opens at the start of the window with the units moved before it and nobody affected", async () => {
    expect(await page.textContent('[data-testid="clock"]')).toBe("06:00:00")
    expect(await domUnits()).toEqual(movedAt(events, clock("06:00:00")))
    expect(await domUnits()).toHaveLength(16)
    expect(await domAffected()).toEqual([])
    expect(await page.getAttribute('[data-phase="lines-together"]', "data-status")).toBe("rolled-back")
    expect(await page.$('[data-fault="core-a-down"]')).not.toBeNull()
    // every participant is drawn, each link of the estate too
    expect(await page.$$eval("[data-p]", (els) => els.length)).toBe(640)
    expect(await page.$$eval("[data-group]", (els) => els.length)).toBeGreaterThan(4)
  })

  it("plays at ×1000 into the phase: both line units move, the core router is down", async () => {
    await page.selectOption('[data-testid="speed"]', "1000")
    await page.click('[data-action="play"]')
    await page.waitForSelector('[data-testid="moved-units"] [data-unit="omdc-dc1-line-a"]', { timeout: 20_000 })
    await page.click('[data-action="play"]') // pause
    const t = await cursor()
    expect(t).toBeGreaterThanOrEqual(clock("06:30:00"))
    expect(await domUnits()).toEqual(movedAt(events, t))
    expect(await domUnits()).toEqual(expect.arrayContaining(["omdc-dc1-line-a", "omdc-dc1-line-b"]))
    expect(await page.getAttribute('[data-node="new-core-dc1-a"]', "data-state")).toBe("down")
    expect(await page.getAttribute('[data-link="omdc-pub-dc1-a--new-dist-dc1-a"]', "data-active")).toBe("true")
    expect(await page.getAttribute('[data-link="omdc-pub-dc1-a--old-dist-dc1-a"]', "data-active")).toBe("false")
  })

  it("shows exactly who is affected at a scrubbed instant, and the search narrows it", async () => {
    // scrub (click the phase marker → its start), then step to the first events after it. The cursor is
    // put on the marker's centre first, where the click lands: the cursor line must not take the click.
    await cursorOnCentreOf('[data-phase="lines-together"] rect')
    expect(await page.$eval(".tl-cursor", (l) => Number(l.getAttribute("x1")))).toBeCloseTo(
      await page.$eval('[data-phase="lines-together"] rect', (r) => Number(r.getAttribute("x")) + Number(r.getAttribute("width")) / 2),
      0
    )
    await page.click('[data-phase="lines-together"] rect')
    expect(await page.textContent('[data-testid="clock"]')).toBe("06:30:00")
    const at = clock("06:30:08")
    await seek(at)
    const expected = affectedAt(events, at)
    const down = downAt(events, at, "omd-c")
    expect(down.length).toBeGreaterThan(0)
    expect(Number(await page.textContent("#affected-count"))).toBe(expected.length)
    // the list shows the first 300; a search narrows it to exactly the matching participants
    const shown = await domAffected()
    expect(shown).toHaveLength(Math.min(300, expected.length))
    for (const p of shown) expect(expected).toContain(p)
    await page.fill('[data-testid="affected-search"]', "P05")
    expect(await domAffected()).toEqual(expected.filter((p) => p.startsWith("P05")))
    // worst first: the first row is a participant whose omd-c is down
    const first = await page.getAttribute('[data-testid="affected"] [data-participant]', "data-participant")
    expect(down).toContain(first)
    await page.fill('[data-testid="affected-search"]', down[0]!)
    expect(await domAffected()).toEqual([down[0]])
    await page.fill('[data-testid="affected-search"]', "")
  })

  it("scrubbing back and forth gives the same picture; after the rollback the units are back", async () => {
    await seek(clock("07:06:00"))
    expect(await domUnits()).toEqual(movedAt(events, clock("07:06:00")))
    expect(await domUnits()).not.toContain("omdc-dc1-line-a")
    await seek(clock("06:30:08"))
    const there = await domAffected()
    await seek(clock("06:05:00"))
    await seek(clock("06:30:08"))
    expect(await domAffected()).toEqual(there)
  })

  it("steps to the next notable event and logs it in the event log", async () => {
    await seek(clock("06:09:00"))
    await page.click('[data-action="next-event"]')
    // the first notable event after 06:09 is the fault starting at 06:10
    expect(await page.textContent('[data-testid="clock"]')).toBe("06:10:00")
    const fault = await page.$eval('[data-testid="event-log"] li[data-kind="scenario.fault"]', (li) => li.textContent)
    expect(fault).toBe("06:10:00.000scenario.faultcore-a-downnode-crash start on new-core-dc1-a")
  })

  it("at the window's end the Scenario panel names the scenario's own failed check, as the report does", async () => {
    // The drill's report (twin run): post-checks prt-nobody-worse-off and prt-omd-c-lines fail, prt-sessions
    // passes (07:00), and the scenario's check no-dual-line-loss fails (12 s, at the rollback), judged over
    // the whole window and written at its end, 07:20 — before, the panel said "1 pass, 2 fail" there.
    const panel = '[data-testid="scenario"]'
    await seek(clock("07:19:59"))
    expect(await page.textContent(`${panel} .check-summary`)).toBe("checks judged: 1 pass, 2 fail")
    await seek(clock("07:20:00"))
    expect(await page.textContent(`${panel} .check-summary`)).toBe("checks judged: 1 pass, 3 fail")
    expect(await page.$$eval(`${panel} .check-fail`, (els) => els.map((e) => e.getAttribute("data-check")))).toEqual([
      "prt-nobody-worse-off", "prt-omd-c-lines", "no-dual-line-loss"
    ])
    expect(await page.textContent(`${panel} [data-check="no-dual-line-loss"]`)).toBe(
      "✗ no-dual-line-loss: longest omd-c dual-line loss 12s (max 0s): 572 participants over"
    )
    // The event log's newest line is that verdict, the trace's last.
    expect(await page.$eval('[data-testid="event-log"] li', (li) => li.textContent)).toBe(
      "07:20:00.000scenario.checkno-dual-line-lossfail (the scenario's check): longest omd-c dual-line loss 12s (max 0s): 572 participants over"
    )
  })

  it("drills down from a group to one participant", async () => {
    await seek(clock("06:30:08"))
    const down = downAt(events, clock("06:30:08"), "omd-c")
    const group = await page.$eval(`[data-p="${down[0]}"]`, (dot) => dot.closest("[data-group]")!.getAttribute("data-group"))
    await page.click(`[data-group="${group}"] .group-label`)
    expect(await page.$eval(`[data-testid="group-members"] [data-member="${down[0]}"]`, (e) => e.textContent)).toBe(down[0])
    await page.click(`[data-testid="group-members"] [data-member="${down[0]}"]`)
    const rows = await page.$$eval('[data-testid="participant-detail"] tr', (trs) => trs.map((tr) => [tr.children[0]!.textContent, tr.children[1]!.textContent]))
    expect(rows).toContainEqual(["omd-c", "down"])
    await page.click('[data-action="close-detail"]')
  })

  it("a file that is not a trace: one line naming the file, the line and what was expected", async () => {
    const other = await browser.newPage()
    await other.goto(`${server.url}/?trace=/trace/bad.ndjson`)
    await other.waitForSelector("#error:not([hidden])")
    expect(await other.textContent("#error")).toBe('/trace/bad.ndjson:2: expected t: an integer (µs), got "noon"')
    await other.close()
  })

  it("opens a trace chosen with Open trace… as well", async () => {
    const other = await browser.newPage()
    await other.goto(server.url)
    expect(await other.getAttribute("body", "data-ready")).toBe(null)
    await other.setInputFiles("#file", join(runDir, "trace.ndjson"))
    await other.waitForSelector('body[data-ready="true"]', { timeout: 60_000 })
    expect(await other.textContent("#title")).toBe("Drill — a broken plan moves line A and line B in one step while a new core router is down · trace.ndjson")
    expect(await other.$$eval("[data-p]", (els) => els.length)).toBe(640)
    await other.close()
  })

  it("takes a screenshot of the map during the phase", async () => {
    await seek(clock("06:30:08"))
    mkdirSync("out/viewer", { recursive: true })
    await page.screenshot({ path: "out/viewer/broken-plan-06-30-08.png" })
    expect(statSync("out/viewer/broken-plan-06-30-08.png").size).toBeGreaterThan(20_000)
  })
})
