/**
 * The live drill in two browser windows: `twin serve`'s server (in-process, the tiny estate, loopback, a
 * free port) with the viewer built by Vite's API; an instructor page injects a link-down through its panel
 * and the trainee page must draw that link down within a second of the click — the issue's acceptance test.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Browser, Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { LiveHub } from "../../../twin/serve/live-hub.ts"
import { LiveSession } from "../../../twin/serve/live-session.ts"
import { type Serving, startServer } from "../../../twin/serve/server.ts"
import { buildViewer } from "../../viewer/support/build-viewer.ts"
import { launchChromium } from "../../viewer/support/chromium.ts"
import { minutes, NINE, tiny } from "./support.ts"

const TOKEN = "drill-token-42"
const LINK = "ar-dc1-a--new-core-dc1-a"

let dir: string
let serving: Serving
let browser: Browser
let closeBrowser: () => Promise<void>
let instructor: Page
let trainee: Page

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "live-browser-"))
  await buildViewer(join(dir, "dist"))
  const session = new LiveSession({ model: tiny, seed: 4, window: { from: NINE, to: NINE + minutes(60) }, moved: [] })
  const hub = new LiveHub({ session, speed: 10, token: TOKEN, log: () => {} })
  serving = await startServer({ host: "127.0.0.1", port: 0, viewer: join(dir, "dist"), traces: new Map(), hub })
  hub.start()
  ;({ browser, close: closeBrowser } = await launchChromium())
  instructor = await browser.newPage({ viewport: { width: 1400, height: 900 } })
  trainee = await browser.newPage({ viewport: { width: 1400, height: 900 } })
  // Keep the trainee's sockets reachable, to drop one as a network failure would.
  await trainee.addInitScript(() => {
    const Native = window.WebSocket
    const sockets: Array<WebSocket> = []
    ;(window as unknown as { __sockets: Array<WebSocket> }).__sockets = sockets
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | Array<string>) {
        super(url, protocols)
        sockets.push(this)
      }
    }
  })
  await instructor.goto(`${serving.origin}/?live&token=${TOKEN}`)
  await trainee.goto(`${serving.origin}/?live`)
  for (const page of [instructor, trainee]) {
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 })
    await page.waitForSelector('[data-testid="live-status"][data-status="connected"]', { timeout: 30_000 })
  }
}, 300_000)

afterAll(async () => {
  await closeBrowser?.()
  await serving?.close()
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
})

describe("live drill in two browser windows", () => {
  it("the status carries the speed the world holds, and adds nothing while the world keeps the speed asked", async () => {
    // The tiny estate keeps ×10 easily: after a wall second of samples the clock says held ≈ 10.
    await trainee.waitForSelector('[data-testid="live-status"][data-held]', { timeout: 10_000 })
    const held = Number(await trainee.getAttribute('[data-testid="live-status"]', "data-held"))
    expect(held).toBeGreaterThanOrEqual(9.5)
    expect(held).toBeLessThanOrEqual(10.5)
    expect(await trainee.textContent('[data-testid="live-status"]')).toBe("connected")
  })

  it("gives the instructor a panel and the trainee none", async () => {
    await instructor.waitForSelector('[data-testid="instructor"]', { timeout: 10_000 })
    expect(await trainee.$('[data-testid="instructor"]')).toBe(null)
    expect(await trainee.getAttribute(`[data-link="${LINK}"]`, "data-state")).toBe("up")
  })

  it("a link-down injected from the instructor panel turns that link down in the trainee view within a second", async () => {
    await instructor.fill('textarea[name="fault"]', `kind: link-down\nlink: ${LINK}`)
    // Both pages stamp wall-clock times in the page: the click as it lands, the link as it turns down.
    await instructor.evaluate(() =>
      document.querySelector('button[data-action="inject"]')!.addEventListener("click", () => {
        ;(window as unknown as { __clickedAt: number }).__clickedAt = Date.now()
      }, { capture: true }))
    await trainee.evaluate((link) => {
      const w = window as unknown as { __downAt?: number }
      const seen = () => document.querySelector(`[data-link="${link}"][data-state="down"]`) !== null
      new MutationObserver(() => {
        if (w.__downAt === undefined && seen()) w.__downAt = Date.now()
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-state"] })
    }, LINK)
    await instructor.click('button[data-action="inject"]')
    await trainee.waitForSelector(`[data-link="${LINK}"][data-state="down"]`, { timeout: 5_000 })
    const clickedAt = await instructor.evaluate(() => (window as unknown as { __clickedAt: number }).__clickedAt)
    const downAt = await trainee.evaluate(() => (window as unknown as { __downAt: number }).__downAt)
    expect(downAt - clickedAt).toBeLessThan(1_000)
    await instructor.waitForFunction(() => document.querySelector('[data-testid="control-result"]')?.textContent?.startsWith("injected link-down live-1") === true)
    expect(await instructor.textContent('[data-testid="control-result"]')).toBe(`injected link-down live-1 on ${LINK} until ended`)
  })

  it("a trainee that loses its socket reconnects and catches up", async () => {
    const held = () => trainee.evaluate(() => (window as unknown as { __viewer: { index: { events: Array<unknown> } } }).__viewer.index.events.length)
    const before = await held()
    await trainee.evaluate(() => (window as unknown as { __sockets: Array<WebSocket> }).__sockets.at(-1)!.close())
    await trainee.waitForSelector('[data-testid="live-status"][data-status="reconnecting"]', { timeout: 10_000 })
    await trainee.waitForSelector('[data-testid="live-status"][data-status="connected"]', { timeout: 20_000 })
    await trainee.waitForFunction(
      (n) => (window as unknown as { __viewer: { index: { events: Array<unknown> } } }).__viewer.index.events.length > n,
      before,
      { timeout: 20_000 }
    )
    expect(await trainee.evaluate(() => (window as unknown as { __sockets: Array<WebSocket> }).__sockets.length)).toBe(2)
    expect(await trainee.getAttribute(`[data-link="${LINK}"]`, "data-state")).toBe("down")
  })
})
