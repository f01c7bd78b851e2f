/**
 * Issue 17 item 6 in headless Chromium: hostile trace files opened with `?trace=` show one line in the
 * error box within seconds, instead of hanging the tab (a two-line trace without `trace.start`, its second
 * event at t 1e300, sampled the health counts once per µs and crashed the tab after minutes).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Browser } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { sharedViewerBuild } from "../support/shared-viewer-build.ts"
import { launchChromium } from "../support/chromium.ts"
import { serveStatic, type StaticServer } from "../support/static-server.ts"

const start = '{"t":0,"kind":"trace.start","subject":"twin","data":{"version":1,"from":0,"to":1000}}\n'
const traces: Record<string, string> = {
  "no-start.ndjson": '{"t":0,"kind":"health","subject":"P1","data":{}}\n{"t":1e300,"kind":"health","subject":"P1","data":{}}\n',
  "far-future.ndjson": `${start}{"t":0,"kind":"estate.layout","subject":"x","data":{"sites":[],"nodes":[],"links":[],"units":[],"participants":[]}}\n{"t":1e300,"kind":"metrics","subject":"twin","data":{}}\n`,
  "empty.ndjson": "",
  "cut.ndjson": `${start}{"t":0,"kind":"estate.la`
}

let dir: string
/** The shared viewer build (read-only). */
let dist: string
let server: StaticServer
let browser: Browser
let closeBrowser: () => Promise<void>

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "viewer-hostile-"))
  dist = await sharedViewerBuild()
  const files: Record<string, string> = {}
  for (const [name, text] of Object.entries(traces)) {
    files[name] = join(dir, name)
    writeFileSync(files[name], text)
  }
  server = await serveStatic(dist, files)
  ;({ browser, close: closeBrowser } = await launchChromium())
}, 300_000)

afterAll(async () => {
  await closeBrowser?.()
  await server?.close()
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
})

/** Opens the trace and returns the error box's text (waiting at most 10 s: a hang fails the test). */
const errorOf = async (name: string): Promise<string | null> => {
  const page = await browser.newPage()
  try {
    await page.goto(`${server.url}/?trace=/trace/${name}`)
    await page.waitForSelector("#error:not([hidden])", { timeout: 10_000 })
    expect(await page.getAttribute("body", "data-ready")).toBe(null)
    return await page.textContent("#error")
  } finally {
    await page.close()
  }
}

describe("the viewer on hostile trace files", () => {
  it("a two-line trace without trace.start, its second event at t 1e300: one line, no hang", async () => {
    expect(await errorOf("no-start.ndjson")).toBe(
      '/trace/no-start.ndjson:1: expected trace.start as the first event, got "health" (not a trace of the twin, or its start is missing)'
    )
  })

  it("an event at t 1e300 after a valid start: outside the window", async () => {
    expect(await errorOf("far-future.ndjson")).toBe("/trace/far-future.ndjson:3: expected t within the trace's window (0 to 1000 µs), got 1e+300")
  })

  it("an empty file says it is empty; a trace cut short says it is incomplete", async () => {
    expect(await errorOf("empty.ndjson")).toBe("/trace/empty.ndjson:1: expected a trace (trace.start on its first line), got an empty file")
    expect(await errorOf("cut.ndjson")).toBe(
      "/trace/cut.ndjson:2: expected a complete trace (every line ends with a newline), got a trace cut short: its last line is incomplete"
    )
  })
})
