/**
 * A participant's orders in the detail panel (twin/contract/participant-orders.ts), in headless Chromium on
 * the flapping-link drill's trace (the library's shared run): P0487's sessions stay served throughout, but
 * New Order 6 of P0487T02, sent into a flap at 09:35:00.211712, was answered 1.401 s later, at TCP's
 * retransmission after routing converged — the same line `twin participant P0487 --trace` prints.
 */
import type { Browser, Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { sharedViewerBuild } from "../support/shared-viewer-build.ts"
import { sharedTwinRun } from "../../support/shared-outputs.ts"
import { launchChromium } from "../support/chromium.ts"
import { serveStatic, type StaticServer } from "../support/static-server.ts"
import { join } from "node:path"

let server: StaticServer
let browser: Browser
let closeBrowser: () => Promise<void>
let page: Page

beforeAll(async () => {
  const run = await sharedTwinRun("scenarios/library/drills/flapping-link.yaml")
  if (run.status !== 0) throw new Error(`twin run: expected exit 0 (the drill passes), got ${run.status}: ${run.stderr}`)
  server = await serveStatic(await sharedViewerBuild(), { "flapping.ndjson": join(run.dir, "trace.ndjson") })
  ;({ browser, close: closeBrowser } = await launchChromium())
  page = await browser.newPage({ viewport: { width: 1680, height: 1000 } })
}, 300_000)

afterAll(async () => {
  await closeBrowser?.()
  await server?.close()
})

describe("a participant's orders in the detail panel", () => {
  it("P0487: served all along, its late answers listed with their times; a time moves the cursor", async () => {
    await page.goto(`${server.url}/?trace=/trace/flapping.ndjson&t=09:30:00&p=P0487`)
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 })
    await page.waitForSelector('[data-participant-detail="P0487"]')
    const notes = await page.$$eval('[data-testid="participant-orders"] li', (els) =>
      els.map((e) => [e.getAttribute("data-kind"), e.getAttribute("data-session"), e.querySelector("[data-seek]")?.textContent ?? "", e.querySelector(".cause")?.textContent ?? ""]))
    expect(notes).toEqual([
      ["late", "P0487T02", "09:35:01.613037", "New Orders answered late, the longest 1.401s (New Order 6, sent 09:35:00.211712); in time again at 09:55:00.213037"]
    ])
    await page.click('[data-testid="participant-orders"] li [data-seek]')
    // The clock is exact (viewer/src/util/clock.ts formatClockExact): the instant of the note, to the µs.
    expect(await page.textContent('[data-testid="clock"]')).toBe("09:35:01.613037")
    // A participant with no trouble says so.
    await page.goto(`${server.url}/?trace=/trace/flapping.ndjson&t=09:30:00&p=P0001`)
    await page.waitForSelector('[data-participant-detail="P0001"]')
    expect(await page.textContent('[data-testid="participant-orders"]')).toBe("no answer late, no order unanswered or waiting")
  })
})
