/**
 * sweep.html's heat map in a real browser (headless Chromium): the inline script sorts by a column heading
 * (worst first, again: the other way), filters by fault id or kind, and switches the cells between the
 * difference from nothing moved and their absolute values. The small plan estate's one-phase sweep: cells
 * as worked out in exposure.test.ts.
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Effect } from "effect"
import { fileURLToPath } from "node:url"
import type { Browser, Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { TaskExecutor } from "../../../twin/parallel/executor.ts"
import { renderSweepHtml } from "../../../twin/sweep/sweep-html.ts"
import { ScenarioCache } from "../../../twin/sweep/scenario-cache.ts"
import { runSweep } from "../../../twin/sweep/sweep.ts"
import { planCausedCases, worstCases } from "../../../twin/sweep/worst-cases.ts"
import { launchChromium } from "../../viewer/support/chromium.ts"

let browser: { browser: Browser; close: () => Promise<void> }
let page: Page

beforeAll(async () => {
  const path = fileURLToPath(new URL("./fixtures/small-phase.yaml", import.meta.url))
  const result = await Effect.runPromise(Effect.scoped(runSweep([{ path, estate: undefined }], { mode: "n-1" })).pipe(
    Effect.provide([TaskExecutor.layerInProcess, ScenarioCache.layer]),
    Effect.provide(NodeServices.layer)
  ))
  browser = await launchChromium()
  page = await browser.browser.newPage()
  await page.setContent(renderSweepHtml(result, worstCases(result), planCausedCases(result), []))
}, 120_000)

afterAll(async () => {
  await browser?.close()
})

/** The visible rows: fault and the move-all cell's text. */
const rows = () =>
  page.$$eval("#heat-table tbody tr", (trs) =>
    (trs as Array<HTMLTableRowElement>).filter((tr) => !tr.hidden).map((tr) => `${tr.getAttribute("data-fault")} ${tr.cells[2]!.textContent}`))

describe("sweep.html heat map in a browser", () => {
  it("sorts by a column: the plan's worst additions first, then the other way round", async () => {
    await page.click("#heat-table th[data-col='2']")
    // +2 for 70 min before +2 for 10 min before −70m (the same participants for 70 fewer minutes); ties keep their order.
    expect(await rows()).toEqual([
      "ar-1--new-dist-1 +2", "new-dist-1 +2", "ocg-1 +2", "ocg-1--new-dist-1 +2", "ocg-2 +2", "ocg-2--old-dist-1 +2", "ar-1--old-dist-1 −70m", "old-dist-1 −70m"
    ])
    await page.click("#heat-table th[data-col='2']")
    expect(await rows()).toEqual([
      "ar-1--old-dist-1 −70m", "old-dist-1 −70m", "ocg-1 +2", "ocg-1--new-dist-1 +2", "ocg-2 +2", "ocg-2--old-dist-1 +2", "ar-1--new-dist-1 +2", "new-dist-1 +2"
    ])
    await page.click("#heat-table th[data-col='0']")
    expect((await rows())[0]).toBe("ar-1--new-dist-1 +2")
  })

  it("filters by fault id or kind, and shows absolute values on demand", async () => {
    await page.fill("#heat-filter", "old-dist")
    expect(await rows()).toEqual(["ar-1--old-dist-1 −70m", "ocg-2--old-dist-1 +2", "old-dist-1 −70m"])
    await page.check("#heat-absolute")
    // Absolute: both participants down in each of these cells.
    expect(await rows()).toEqual(["ar-1--old-dist-1 2", "ocg-2--old-dist-1 2", "old-dist-1 2"])
    await page.fill("#heat-filter", "ocg-gateway")
    expect(await rows()).toEqual(["ocg-1 2", "ocg-2 2"])
  })
})
