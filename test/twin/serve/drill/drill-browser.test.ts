/**
 * A drill end to end in two Chromium pages (one browser, two contexts: the instructor's and the trainee's)
 * against the real `twin drill` (the CLI, drill-support.ts) of a small drill on the tiny estate
 * (fixtures/pages-feed-drill.yaml: the OMD-C line A publisher omdc-pub-a crashes at 09:02, id `hidden-pub-7`).
 * Run 1: a scripted trainee gives the drill's expected diagnosis and action and gets full marks. Run 2: a
 * wrong diagnosis (omdc-pub-b, mtu-cut, otp-c) is scored wrong and a harmful action (restarting the line B
 * publisher, the one still sending) costs harm; the instructor adds a fault from the pick lists, ends it and
 * gives a hint. Throughout,
 * the trainee page's HTML and every frame it received never hold the hidden fault's id or kind (beyond the
 * fault catalogue the diagnosis form lists, the same for every drill). The debrief lists both runs.
 */
import { spawnSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Browser, BrowserContext, Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { launchChromium } from "../../../viewer/support/chromium.ts"
import { type RealDrill, startRealDrill } from "./drill-support.ts"

const DRILL = new URL("./fixtures/pages-feed-drill.yaml", import.meta.url).pathname
const TOKEN = "pages-drill-token-31"
const HIDDEN_ID = "hidden-pub-7"
const HIDDEN_KIND = "node-crash"
/**
 * Run 2's fault added by the instructor: the new uplink of cutover unit access-dc1-a, dark while the unit
 * stays on the old backbone (the drill moves nothing), so no flow crosses it.
 */
const INJECTED_ID = "added-by-hand-3"
const INJECTED_KIND = "link-down"
const INJECTED_LINK = "ar-dc1-a--new-core-dc1-a"

let dir: string
let browser: Browser
let closeBrowser: () => Promise<void>

/** Every text frame a page's sockets received, in order (a WebSocket wrapped before the page's script runs). */
const recordFrames = async (context: BrowserContext): Promise<void> => {
  await context.addInitScript(() => {
    const Native = window.WebSocket
    const frames: Array<string> = []
    ;(window as unknown as { __frames: Array<string> }).__frames = frames
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | Array<string>) {
        super(url, protocols)
        this.addEventListener("message", (ev) => frames.push(String(ev.data)))
      }
    }
  })
}
const framesOf = (page: Page): Promise<Array<string>> => page.evaluate(() => [...(window as unknown as { __frames: Array<string> }).__frames])
const messagesOf = async (page: Page): Promise<Array<Record<string, unknown>>> => (await framesOf(page)).map((f) => JSON.parse(f) as Record<string, unknown>)

interface Pages {
  readonly instructor: Page
  readonly trainee: Page
  readonly console: Array<string>
  readonly close: () => Promise<void>
}

const openPages = async (origin: string): Promise<Pages> => {
  const ic = await browser.newContext({ viewport: { width: 1500, height: 950 } })
  const tc = await browser.newContext({ viewport: { width: 1400, height: 950 } })
  await recordFrames(ic)
  await recordFrames(tc)
  const instructor = await ic.newPage()
  const trainee = await tc.newPage()
  const console: Array<string> = []
  trainee.on("console", (m) => console.push(m.text()))
  trainee.on("pageerror", (e) => console.push(String(e)))
  await instructor.goto(`${origin}/?drill&token=${TOKEN}`)
  await trainee.goto(`${origin}/?drill`)
  for (const p of [instructor, trainee]) await p.waitForSelector('body[data-ready="true"][data-gate="waiting"]', { timeout: 60_000 })
  return { instructor, trainee, console, close: async () => Promise.all([ic.close(), tc.close()]).then(() => undefined) }
}

/**
 * The blindness check: the trainee's page (its HTML, every frame it received, its console) holds neither
 * the hidden fault's id nor its kind. The one allowed place for a kind is the fault catalogue — the
 * diagnosis form's "what went wrong" list and the welcome's `picks.faultKinds` — and the test first proves
 * that list is the whole catalogue (the instructor's, every kind), so it says nothing of this drill. The
 * trainee's own diagnoses are its own words: run 1 checks before the trainee submits anything.
 */
const expectBlind = async (pages: Pages, secrets: ReadonlyArray<string> = [HIDDEN_ID, HIDDEN_KIND]): Promise<void> => {
  const { trainee, instructor } = pages
  const catalogue = ((await messagesOf(instructor)).find((m) => m.type === "welcome") as { picks: { faultKinds: Array<{ kind: string }> } }).picks.faultKinds.map((k) => k.kind)
  expect(catalogue).toContain(HIDDEN_KIND)
  expect(await trainee.locator('select[name="diagnosis-kind"] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(["", ...catalogue])
  const html = await trainee.evaluate(() => {
    const copy = document.documentElement.cloneNode(true) as HTMLElement
    copy.querySelector('select[name="diagnosis-kind"]')!.replaceChildren()
    return copy.outerHTML
  })
  expect(html.length).toBeGreaterThan(10_000)
  for (const secret of secrets) expect(html).not.toContain(secret)
  const frames = await messagesOf(trainee)
  expect(frames.length).toBeGreaterThan(5)
  for (const m of frames) {
    if (m.type === "welcome") {
      const picks = m.picks as { faultKinds: Array<{ kind: string }> }
      expect(picks.faultKinds.map((k) => k.kind)).toEqual(catalogue)
      const rest = JSON.stringify({ ...m, picks: { ...picks, faultKinds: [] } })
      for (const secret of secrets) expect(rest).not.toContain(secret)
      continue
    }
    const text = JSON.stringify(m)
    for (const secret of secrets) expect(text, `a ${String(m.type)} frame`).not.toContain(secret)
  }
  expect(pages.console.filter((c) => secrets.some((secret) => c.includes(secret)))).toEqual([])
}

/**
 * The instructor starts the drill at ×30 and pauses once the trainee sees an OMD-C alarm raised; returns the
 * participants that alarm samples — whom a trainee names as affected.
 */
const startAndWaitForAlarm = async (pages: Pages): Promise<Array<string>> => {
  const { instructor, trainee } = pages
  await instructor.selectOption('select[name="drill-speed"]', "30")
  await instructor.click('button[data-action="start-drill"]')
  await trainee.waitForSelector('[data-testid="gate"]', { state: "hidden", timeout: 30_000 })
  const alarm = '[data-alarm][data-service="omd-c"][data-cleared="false"]'
  await trainee.waitForSelector(alarm, { timeout: 120_000 })
  await instructor.click('button[data-action="pause-drill"]')
  await trainee.waitForSelector('body[data-gate="paused"]', { timeout: 30_000 })
  return ((await trainee.getAttribute(alarm, "data-sample")) ?? "").split(" ").filter((p) => p !== "")
}

const diagnose = async (trainee: Page, d: { element: string; fault: string; participants: ReadonlyArray<string>; services: ReadonlyArray<string> }): Promise<void> => {
  // The element chosen on the map, as a trainee would.
  await trainee.click('button[data-action="pick-diagnosis-element"]')
  await trainee.click(`[data-node="${d.element}"]`, { force: true })
  expect(await trainee.inputValue('select[name="diagnosis-element"]')).toBe(d.element)
  await trainee.selectOption('select[name="diagnosis-kind"]', d.fault)
  for (const p of d.participants) {
    await trainee.fill('[data-field="affected-participant"] input[type="search"]', p)
    await trainee.selectOption('select[name="affected-participant"]', p)
    await trainee.click('button[data-action="add-participant"]')
  }
  for (const s of d.services) await trainee.check(`input[name="diagnosis-service"][value="${s}"]`)
  const before = await trainee.locator('[data-testid="submissions"] [data-submission]').count()
  await trainee.click('button[data-action="submit-diagnosis"]')
  await trainee.waitForFunction((n) => document.querySelectorAll('[data-testid="submissions"] [data-submission]').length === n + 1, before, { timeout: 30_000 })
}

const act = async (trainee: Page, action: string, target: string): Promise<void> => {
  await trainee.selectOption('select[name="action"]', action)
  await trainee.fill('[data-field="action-target"] input[type="search"]', target)
  await trainee.selectOption('select[name="action-target"]', target)
  const before = await trainee.locator('[data-testid="submissions"] [data-submission]').count()
  await trainee.click('button[data-action="submit-action"]')
  await trainee.waitForFunction((n) => document.querySelectorAll('[data-testid="submissions"] [data-submission]').length === n + 1, before, { timeout: 30_000 })
}

/** Resume, end (two clicks) and wait for the score on both pages; returns the trainee's score message. */
const endAndScore = async (pages: Pages): Promise<{ score: ScoreLike; saved: string }> => {
  const { instructor, trainee } = pages
  await instructor.click('button[data-action="pause-drill"]')
  await instructor.click('button[data-action="end-drill"]')
  await instructor.click('button[data-action="end-drill"]')
  for (const p of [instructor, trainee]) await p.waitForSelector('[data-testid="score"] .score-total', { timeout: 240_000 })
  const m = (await messagesOf(trainee)).find((x) => x.type === "score") as unknown as { score: ScoreLike; saved: string }
  return m
}

interface ScoreLike {
  readonly diagnosis: { readonly correct: boolean; readonly element: boolean; readonly fault: boolean }
  readonly wrongActions: ReadonlyArray<{ readonly action: string; readonly target: string }>
  readonly actions: ReadonlyArray<{ readonly action: string; readonly target: string; readonly onTime: boolean }>
  readonly harm: { readonly totalDown: number; readonly totalDegraded: number }
  readonly idealHarm: { readonly totalDown: number; readonly totalDegraded: number }
  readonly marks: { readonly total: number; readonly max: number }
}

const runs: Array<RealDrill> = []
const saved: Array<string> = []
const scores: Array<ScoreLike> = []
let firstHarm = 0

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "drill-browser-"))
  ;({ browser, close: closeBrowser } = await launchChromium())
}, 300_000)

afterAll(async () => {
  await closeBrowser?.()
  for (const r of runs) await r.close()
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
})

describe("a drill in two Chromium pages", () => {
  it("run 1: the trainee, blind, gives the expected diagnosis and action and gets full marks", async () => {
    const drill = await startRealDrill(DRILL, TOKEN, join(dir, "run-1"))
    runs.push(drill)
    const pages = await openPages(drill.origin)
    try {
      expect(await pages.trainee.isVisible('[data-testid="gate"]')).toBe(true)
      const sampled = await startAndWaitForAlarm(pages)
      await expectBlind(pages)
      // Nor is the trainee shown the drill's name (a library drill's says what goes wrong); the instructor is.
      expect(await pages.trainee.textContent("header")).not.toContain("morning watch")
      expect(await pages.instructor.textContent("#title")).toBe("Tiny estate — morning watch")
      // The expectation as the instructor's hidden script gives it (the participants come from the ideal run).
      const script = (await messagesOf(pages.instructor)).find((m) => m.type === "script") as unknown as {
        diagnosis: { element: string; fault: string; participants: Array<string>; services: Array<string> }
        actions: Array<{ action: string; target: string }>
      }
      expect([script.diagnosis.element, script.diagnosis.fault, script.diagnosis.services]).toEqual(["omdc-pub-a", HIDDEN_KIND, ["omd-c"]])
      expect(script.actions.map((a) => [a.action, a.target])).toEqual([["restart-service", "omdc-pub-a"]])
      // Whom the trainee names: those the alarm samples. Both participants take OMD-C on lines A and B
      // (tiny-estate.yaml), but only P1 loses its redundancy: P2, single-homed on carrier B, was served
      // without redundancy from 09:00. The drill expects exactly P1.
      expect(sampled).toEqual(["P1"])
      expect(script.diagnosis.participants).toEqual(["P1"])
      await diagnose(pages.trainee, { ...script.diagnosis, participants: sampled })
      await act(pages.trainee, "restart-service", "omdc-pub-a")
      // The instructor sees both submissions live, each with a verdict.
      await pages.instructor.waitForFunction(() => document.querySelectorAll('[data-testid="submissions"] [data-submission] .sub-verdict').length === 2, undefined, { timeout: 30_000 })
      const { score, saved: where } = await endAndScore(pages)
      saved.push(where)
      expect(score.diagnosis.correct).toBe(true)
      expect(score.actions.map((a) => [a.action, a.target, a.onTime])).toEqual([["restart-service", "omdc-pub-a", true]])
      expect(score.wrongActions).toEqual([])
      expect(score.marks.total).toBe(score.marks.max)
      expect(await pages.trainee.getAttribute('[data-testid="score"] .score-total', "data-marks")).toBe(`${score.marks.max}/${score.marks.max}`)
      firstHarm = score.harm.totalDown
      scores.push(score)
    } finally {
      await pages.close()
    }
  }, 600_000)

  it("run 2: a wrong diagnosis is scored wrong and restarting the publisher still sending costs harm; the page stays blind", async () => {
    const drill = await startRealDrill(DRILL, TOKEN, join(dir, "run-2"))
    runs.push(drill)
    const pages = await openPages(drill.origin)
    try {
      await startAndWaitForAlarm(pages)
      await diagnose(pages.trainee, { element: "omdc-pub-b", fault: "mtu-cut", participants: ["P2"], services: ["otp-c"] })
      await act(pages.trainee, "restart-service", "omdc-pub-b")
      // The instructor adds a fault from the pick lists — the kind, then its link picked on the map, for
      // a minute — sees it among the active faults, ends it with its button, and gives a hint.
      const { instructor } = pages
      await instructor.selectOption('select[name="fault-kind"]', INJECTED_KIND)
      await instructor.click('button[data-action="pick-param-link"]')
      // A link is a thin curve: the click goes to the path itself (the middle of its box may be off the stroke).
      await instructor.dispatchEvent(`[data-link="${INJECTED_LINK}"]`, "click")
      expect(await instructor.inputValue('select[name="param-link"]')).toBe(INJECTED_LINK)
      await instructor.fill('input[name="fault-id"]', INJECTED_ID)
      await instructor.fill('input[name="for"]', "1m")
      await instructor.click('button[data-action="add-fault"]')
      const active = `[data-active-fault="${INJECTED_ID}"][data-source="instructor"]`
      await instructor.waitForSelector(active, { timeout: 30_000 })
      expect(await instructor.textContent(`${active} span`)).toMatch(new RegExp(`^${INJECTED_ID} — ${INJECTED_KIND} on ${INJECTED_LINK} since \\d\\d:\\d\\d:\\d\\d \\(instructor\\)$`))
      await instructor.click(`${active} button[data-action="end-fault"]`)
      await instructor.waitForSelector(active, { state: "detached", timeout: 30_000 })
      await instructor.fill('input[name="hint"]', "look at both lines")
      await instructor.press('input[name="hint"]', "Enter")
      await pages.trainee.waitForSelector('[data-testid="hints"] .hint', { timeout: 30_000 })
      expect(await pages.trainee.textContent('[data-testid="hints"] .hint')).toMatch(/^\d\d:\d\d:\d\d look at both lines$/)
      const { score, saved: where } = await endAndScore(pages)
      saved.push(where)
      scores.push(score)
      expect([score.diagnosis.correct, score.diagnosis.element, score.diagnosis.fault]).toEqual([false, false, false])
      expect(score.wrongActions.map((a) => [a.action, a.target])).toEqual([["restart-service", "omdc-pub-b"]])
      expect(score.actions.map((a) => [a.action, a.target, a.onTime])).toEqual([["restart-service", "omdc-pub-a", false]])
      // Restarting omdc-pub-b silences line B while line A is down: both participants lose OMD-C, more
      // outage than run 1's and the ideal's.
      expect(score.harm.totalDown).toBeGreaterThan(firstHarm)
      expect(score.harm.totalDown).toBeGreaterThan(score.idealHarm.totalDown)
      expect(score.marks.total).toBeLessThan(score.marks.max)
      // Nothing the trainee did or was sent named the hidden fault nor the instructor's: not even the score.
      await expectBlind(pages, [HIDDEN_ID, HIDDEN_KIND, INJECTED_ID, INJECTED_KIND])
    } finally {
      await pages.close()
    }
  }, 600_000)

  it("the debrief of each drill lists both runs, the trainee's and the ideal response's; `twin drill debrief` rebuilds it", async () => {
    expect(saved.length).toBe(2)
    const page = await browser.newPage()
    try {
      for (const [i, where] of saved.entries()) {
        const score = scores[i]!
        const debrief = JSON.parse(readFileSync(join(where, "debrief.json"), "utf8")) as { runs: Array<{ run: string; score: ScoreLike; harm: { totalDown: number } }> }
        expect(debrief.runs.map((r) => r.run)).toEqual(["trainee", "ideal"])
        // The trainee's run is the one the pages were scored on; the ideal response scores full marks by construction.
        expect(debrief.runs[0]!.score).toEqual(score)
        expect(debrief.runs[1]!.score.marks.total).toBe(debrief.runs[1]!.score.marks.max)
        expect(debrief.runs[1]!.harm.totalDown).toBe(score.idealHarm.totalDown)
        await page.setContent(readFileSync(join(where, "debrief.html"), "utf8"))
        expect(await page.locator("section[data-run]").evaluateAll((es) => es.map((e) => e.getAttribute("data-run")))).toEqual(["trainee", "ideal"])
        const rebuilt = spawnSync(process.execPath, ["twin/bin/twin.ts", "drill", "debrief", where], { encoding: "utf8" })
        expect(rebuilt.status).toBe(0)
        expect(rebuilt.stdout.split("\n").slice(1, 3)).toEqual([
          `trainee: ${score.marks.total}/${score.marks.max}, ${score.harm.totalDown} participant-minutes down, ${score.harm.totalDegraded} degraded`,
          `ideal:   ${debrief.runs[1]!.score.marks.total}/${debrief.runs[1]!.score.marks.max}, ${score.idealHarm.totalDown} participant-minutes down, ${score.idealHarm.totalDegraded} degraded`
        ])
      }
    } finally {
      await page.close()
    }
  }, 120_000)
})
