/**
 * Playback that finds failures, and deep links (issue 15 items 7 and 8), in headless Chromium on the
 * broken-plan drill's trace (made here by `twin run`): both OMD-C lines of the primary site move in one step
 * at 06:30:00 while core-a-down has the new plane-A core router down, so the lines go silent (down from
 * 06:30:06) until the routing converges; the rollback at 07:05:00 silences them again (down from 07:05:04).
 * Those are the trace's two failure episodes; the first worsening after the start is 06:10:00, when
 * core-a-down leaves participants without redundancy. Each episode's 572 omd-c subscribers go down within
 * 1.3 ms (06:30:06.000520–06:30:06.001735, 07:05:04.000743–07:05:04.001729): "Failure ›" stops at the
 * instant all 572 are down, not at the first microsecond (38 down at 06:30:06.000520).
 */
import { mkdtempSync, rmSync } from "node:fs"
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

const clock = (): Promise<string | null> => page.textContent('[data-testid="clock"]')
const playing = (): Promise<boolean> => page.evaluate(() => (window as unknown as { __viewer: { player: { playing: boolean } } }).__viewer.player.playing)

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "viewer-failures-"))
  // One `twin run` of the drill for every file that plays it (test/support/shared-outputs.ts).
  const run = await sharedTwinRun("scenarios/library/drills/broken-plan-lines-together.yaml")
  runDir = run.dir
  if (run.status !== 1) throw new Error(`twin run: expected exit 1 (the drill fails by design), got ${run.status}: ${run.stderr}`)
  dist = await sharedViewerBuild()
  server = await serveStatic(dist, { "drill.ndjson": join(runDir, "trace.ndjson") })
  ;({ browser, close: closeBrowser } = await launchChromium())
  page = await browser.newPage({ viewport: { width: 1680, height: 1000 } })
}, 300_000)

afterAll(async () => {
  await closeBrowser?.()
  await server?.close()
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
})

describe("deep link and failures on the broken-plan drill", () => {
  it("?t=06:30:04&p=P0001 opens at 06:30:04 with P0001 selected and its timeline, causes named", async () => {
    await page.goto(`${server.url}/?trace=/trace/drill.ndjson&t=06:30:04&p=P0001`)
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 })
    expect(await clock()).toBe("06:30:04")
    await page.waitForSelector('[data-participant-detail="P0001"]')
    // P0001's OMD-C (as `twin participant P0001 --trace` prints it): down at 06:30:06.001469 after the
    // step, down again at 07:05:04.001469 after the rollback; each names the change and core-a-down.
    const downs = await page.$$eval('[data-testid="participant-timeline"] li[data-service="omd-c"][data-status="down"]', (els) =>
      els.map((e) => [e.querySelector("[data-seek]")!.textContent, e.querySelector("[data-chain]")?.textContent ?? ""]))
    expect(downs).toEqual([
      ["06:30:06.001469", "cause: 06:30:00 step lines-together moved omdc-dc1-line-a, omdc-dc1-line-b, while core-a-down (node-crash on new-core-dc1-a since 06:10:00) was on"],
      ["07:05:04.001463", "cause: 07:05:00 rollback of lines-together moved back omdc-dc1-line-b, omdc-dc1-line-a, while core-a-down (node-crash on new-core-dc1-a since 06:10:00) was on"]
    ])
    // At 06:30:04 the status in force is the one of 06:10:00 (without redundancy), not yet the loss.
    expect(await page.getAttribute('[data-testid="participant-timeline"] li[data-service="omd-c"][data-current]', "data-status")).toBe("served-without-redundancy")
    // Why line A is dark at 06:30:04: moved at 06:30:00, routing converges at 06:30:10 (the estate's 10 s).
    const lineA = '[data-unit-box="omdc-dc1-line-a"]'
    expect(await page.getAttribute(lineA, "data-dark")).toBe("true")
    expect(await page.textContent(`${lineA} .unit-side`)).toBe("NEW · routing converging")
    expect(await page.textContent(`${lineA} title`)).toBe(
      "OMD-C line A publisher and refresh at dc1 — routing converging: omdc-dc1-line-a moved to the new backbone, routes not yet caught up"
    )
    // A time in the timeline moves the cursor there.
    await page.click('[data-testid="participant-timeline"] li[data-service="omd-c"][data-status="down"] [data-seek]')
    expect(await clock()).toBe("06:30:06.001469")
  })

  it("clicking a unit shows its changes and who depended on it, with the step named", async () => {
    await page.dispatchEvent('[data-unit-box="omdc-dc1-line-a"] rect', "click")
    await page.waitForSelector('[data-element-detail="omdc-dc1-line-a"]')
    // Moved with the step at 06:30:00, routing caught up 10 s later; back with the rollback at 07:05:00.
    expect(await page.$$eval('[data-testid="element-changes"] li', (els) => els.map((e) => e.textContent))).toEqual([
      "06:30:00 moved to the new backbone",
      "06:30:10 routing caught up",
      "07:05:00 moved back to the old backbone",
      "07:05:10 routing caught up"
    ])
    // The first to depend on it: a participant whose status got worse with the step's chain (06:30:00, both lines).
    const first = await page.textContent('[data-testid="element-dependents"] li .cause')
    expect(first).toBe("cause: 06:30:00 step lines-together moved omdc-dc1-line-a, omdc-dc1-line-b, while core-a-down (node-crash on new-core-dc1-a since 06:10:00) was on")
    await page.click('[data-action="close-detail"]')
  })

  it("n and p step between the two losses, each at its worst instant; Home and End go to the window's ends", async () => {
    await page.keyboard.press("Home")
    expect(await clock()).toBe("06:00:00")
    await page.keyboard.press("n")
    // The instant all 572 are down, the clock exact to the µs (a whole second would read as the state before).
    expect(await clock()).toBe("06:30:06.001735")
    expect(await page.$$eval('#map [data-p][data-health="down"]', (els) => els.length)).toBe(572)
    expect(await page.textContent('[data-testid="health"] tr[data-service="omd-c"] td[data-status="down"]')).toBe("572")
    expect(await page.textContent('[data-testid="frame-note"]')).toBe("failure from 06:30:06.000520; its worst instant: 572 down, 0 degraded")
    // The event log counts the whole second's changes.
    expect(await page.textContent('[data-testid="event-log"] li:first-child .ev-d')).toMatch(/^572 health changes in this second, e\.g\. /)
    // The link to copy: this exact instant.
    expect(await page.getAttribute('[data-testid="deep-link"]', "href")).toBe("?trace=/trace/drill.ndjson&t=06:30:06.001735")
    await page.click('[data-action="next-failure"]')
    expect(await clock()).toBe("07:05:04.001729")
    expect(await page.$$eval('#map [data-p][data-health="down"]', (els) => els.length)).toBe(572)
    // the rollback at 07:05:00 is converging: line A is dark on the old side
    expect(await page.textContent('[data-unit-box="omdc-dc1-line-a"] .unit-side')).toBe("OLD · routing converging")
    // no failure after the last: it stays
    await page.keyboard.press("n")
    expect(await clock()).toBe("07:05:04.001729")
    await page.keyboard.press("p")
    expect(await clock()).toBe("06:30:06.001735")
    await page.click('[data-action="previous-failure"]')
    expect(await clock()).toBe("06:30:06.001735")
    // the drill's calendar ends at 07:20
    await page.keyboard.press("End")
    expect(await clock()).toBe("07:20:00")
    await page.keyboard.press("p")
    expect(await clock()).toBe("07:05:04.001729")
  })

  it("a deep link to the episode's first microsecond shows its 38 down and says the second holds 572 changes", async () => {
    await page.goto(`${server.url}/?trace=/trace/drill.ndjson&t=06:30:06.000520`)
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 })
    expect(await clock()).toBe("06:30:06.000520")
    expect(await page.$$eval('#map [data-p][data-health="down"]', (els) => els.length)).toBe(38)
    expect(await page.textContent('[data-testid="event-log"] li:first-child .ev-d')).toMatch(/^572 health changes in this second \(38 by the cursor\), e\.g\. /)
  })

  it("a t outside the trace's window says so, and opens at the nearer end", async () => {
    await page.goto(`${server.url}/?trace=/trace/drill.ndjson&t=05:00`)
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 })
    expect(await page.textContent("#error")).toBe("t=05:00:00 is outside this trace's window 06:00:00–07:20:00: showing 06:00:00")
    expect(await page.isVisible("#error")).toBe(true)
    expect(await clock()).toBe("06:00:00")
  })

  it("playing at ×300 from 06:29 to 07:10, frames show both 4-to-6-second losses: 572 red dots, the counts from the same state", async () => {
    await page.goto(`${server.url}/?trace=/trace/drill.ndjson&t=06:29`)
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 })
    await page.selectOption('[data-testid="speed"]', "300")
    const frames = await page.evaluate(async () => {
      const out: Array<[number, number, string, string]> = []
      const clockEl = document.querySelector('[data-testid="clock"]')!
      ;(document.querySelector('[data-action="play"]') as HTMLButtonElement).click()
      await new Promise<void>((done) => {
        const tick = () => {
          const note = document.querySelector('[data-testid="frame-note"]')!
          out.push([
            document.querySelectorAll('#map [data-p][data-health="down"]').length,
            Number(document.querySelector('[data-testid="health"] tr[data-service="omd-c"] td[data-status="down"]')!.textContent),
            note.getAttribute("data-interval") ?? "",
            note.getAttribute("data-worse") ?? ""
          ])
          if ((clockEl.textContent ?? "") >= "07:10" || out.length > 3000) done()
          else requestAnimationFrame(tick)
        }
        requestAnimationFrame(tick)
      })
      ;(document.querySelector('[data-action="play"]') as HTMLButtonElement).click()
      return out
    })
    // Map and health counts from one state in every frame.
    expect(frames.filter(([dots, cell]) => dots !== cell)).toEqual([])
    // Each loss on some frame whose interval holds its worst instant (before: 0 frames of 4 runs at ×1000).
    const caught = (at: number) => frames.some(([dots, , interval]) => {
      const [from, to] = interval.split("-").map(Number)
      return dots === 572 && from! < at && at <= to!
    })
    // Frames that show what is no longer so at their cursor say it.
    expect(frames.some(([, , , worse]) => worse === "true")).toBe(true)
    expect([caught(23_406_001_735), caught(25_504_001_729)]).toEqual([true, true])
  }, 60_000)

  it("pause when worse: playing from the start stops at 06:10:00, where core-a-down costs redundancy", async () => {
    await page.keyboard.press("Home")
    await page.check('[data-testid="pause-on-worse"]')
    await page.selectOption('[data-testid="speed"]', "1000")
    await page.click('[data-action="play"]')
    await page.waitForFunction(() => !(window as unknown as { __viewer: { player: { playing: boolean } } }).__viewer.player.playing, undefined, { timeout: 20_000 })
    expect(await playing()).toBe(false)
    expect(await clock()).toBe("06:10:00")
    // Playing on: one pause for the 572 losses of 06:30:06 (not one per microsecond), at their worst instant.
    await page.click('[data-action="play"]')
    await page.waitForFunction(() => !(window as unknown as { __viewer: { player: { playing: boolean } } }).__viewer.player.playing, undefined, { timeout: 20_000 })
    expect(await clock()).toBe("06:30:06.001735")
    expect(await page.$$eval('#map [data-p][data-health="down"]', (els) => els.length)).toBe(572)
  })
})
