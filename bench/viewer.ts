/**
 * Viewer benchmark (`npm run bench -- viewer`): the whole-day market rehearsal trace of the default estate
 * in headless Chromium — load-to-ready (fetch, streamed parse, index, first draw) and, playing the day at
 * ×1000 with every participant drawn, the frame times (requestAnimationFrame deltas) and the viewer's own
 * work per frame. Makes the trace with `twin run` first when out/market-rehearsal has none with a layout.
 */
import { spawnSync } from "node:child_process"
import { existsSync, mkdtempSync, openSync, readSync, rmSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { buildViewer } from "../test/viewer/support/build-viewer.ts"
import { launchChromium } from "../test/viewer/support/chromium.ts"
import { serveStatic } from "../test/viewer/support/static-server.ts"
import { quantile } from "./quantile.ts"

const tracePath = "out/market-rehearsal/trace.ndjson"

/** The trace's second line is `estate.layout` in traces the viewer can draw. */
const hasLayout = (file: string): boolean => {
  if (!existsSync(file)) return false
  const fd = openSync(file, "r")
  const buf = Buffer.alloc(4096)
  readSync(fd, buf, 0, 4096, 0)
  return buf.toString("utf8").split("\n")[1]?.includes('"kind":"estate.layout"') ?? false
}

export const renderViewerBench = async (): Promise<string> => {
  if (!hasLayout(tracePath)) {
    console.error(`${tracePath}: missing or without estate.layout — running the market rehearsal (about 2 minutes)…`)
    spawnSync(process.execPath, ["twin/bin/twin.ts", "run", "scenarios/library/market-rehearsal.yaml", "--out", "out/market-rehearsal"], { stdio: "inherit" })
  }
  const lines = spawnSync("wc", ["-l", tracePath], { encoding: "utf8" }).stdout.trim().split(" ")[0]
  const dir = mkdtempSync(join(tmpdir(), "viewer-bench-"))
  await buildViewer(join(dir, "dist"))
  const server = await serveStatic(join(dir, "dist"), { "day.ndjson": tracePath })
  const { browser, close } = await launchChromium()
  try {
    const page = await browser.newPage({ viewport: { width: 1680, height: 1000 } })
    const loads: Array<number> = []
    const indexing: Array<number> = []
    for (let i = 0; i < 3; i++) {
      await page.goto(`${server.url}/?trace=/trace/day.ndjson&run=${i}`)
      await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 })
      loads.push(await page.evaluate(() => window.__viewerReadyAt ?? Number.NaN))
      indexing.push(await page.evaluate(() => window.__viewerReadyMs ?? Number.NaN))
    }
    const dots = await page.$$eval("[data-p]", (els) => els.length)
    await page.selectOption('[data-testid="speed"]', "1000")
    await page.evaluate(() => {
      window.__viewerFrames = []
      window.__viewerRenderMs = []
    })
    await page.click('[data-action="play"]')
    await page.waitForFunction(() => document.querySelector('[data-action="play"]')?.getAttribute("data-playing") === "false", undefined, {
      timeout: 300_000,
      polling: 500
    })
    const frames = await page.evaluate(() => window.__viewerFrames ?? [])
    const work = await page.evaluate(() => window.__viewerRenderMs ?? [])
    const over = frames.filter((f) => f > 1000 / 60 + 1).length
    const rows = [
      ["trace", `${tracePath}: ${(statSync(tracePath).size / 1e6).toFixed(1)} MB, ${lines} events, ${dots} participants drawn`],
      ["load to ready (fetch, parse, index, draw)", loads.map((x) => `${x.toFixed(0)} ms`).join(", ")],
      ["  of which index + first draw", indexing.map((x) => `${x.toFixed(0)} ms`).join(", ")],
      ["played", `06:00–18:30 at ×1000: ${frames.length} frames`],
      ["frame time p50 / p95 / max", `${quantile(frames, 0.5).toFixed(1)} / ${quantile(frames, 0.95).toFixed(1)} / ${Math.max(...frames).toFixed(1)} ms`],
      ["frames over 17.7 ms", `${over} (${((100 * over) / Math.max(1, frames.length)).toFixed(1)} %)`],
      ["viewer work per frame p50 / p95 / max", `${quantile(work, 0.5).toFixed(2)} / ${quantile(work, 0.95).toFixed(2)} / ${Math.max(...work).toFixed(1)} ms`]
    ]
    const w = Math.max(...rows.map((r) => r[0]!.length))
    return [`Viewer in headless Chromium (${browser.version()})`, ...rows.map(([k, v]) => `  ${k!.padEnd(w)}  ${v}`)].join("\n")
  } finally {
    await close()
    await server.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
