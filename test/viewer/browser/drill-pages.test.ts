/**
 * The drill pages against a stand-in server (support/fake-drill-server.ts) speaking the drill protocol:
 * what each page draws from the messages it gets, and the exact frames its forms send. The end-to-end drill
 * against the real `twin drill` is test/twin/serve/drill/drill-browser.test.ts; here the pages alone.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Browser, Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { DrillClientMessage, DrillWelcome } from "../../../twin/contract/drill-protocol.ts"
import { estateLayout } from "../../../twin/world/estate-layout.ts"
import { tiny } from "../../twin/serve/support.ts"
import { buildViewer } from "../support/build-viewer.ts"
import { launchChromium } from "../support/chromium.ts"
import { type FakeClient, type FakeDrillServer, startFakeDrillServer } from "../support/fake-drill-server.ts"

const TOKEN = "fake-drill-token-7"
const NINE = 9 * 3600 * 1_000_000
const layout = estateLayout(tiny)
const nodeIds = layout.nodes.map((n) => n.id)

const welcome = (role: "instructor" | "trainee"): DrillWelcome => ({
  type: "welcome",
  role,
  drill: { id: "pages-test", name: "Pages test", briefing: "Morning shift.\n\nWatch the gateways.", from: NINE, to: NINE + 1_800_000_000 },
  actions: [
    { action: "restart-service", label: "Restart a service's server", target: "node", choices: nodeIds, delay: 90_000_000 },
    { action: "escalate-carrier", label: "Escalate to the carrier", target: "carrier", choices: ["carrier-a", "carrier-b"], delay: 0 }
  ],
  picks: {
    faultKinds: [
      { kind: "link-down", summary: "The link is down.", params: role === "instructor" ? [{ name: "link", kind: "link", optional: false }] : [] },
      { kind: "node-crash", summary: "The node is down.", params: role === "instructor" ? [{ name: "node", kind: "node", optional: false }] : [] }
    ],
    nodes: [], links: [], sites: [], carriers: [], units: [], participants: [], services: ["otp-c", "omd-c"]
  },
  layout,
  speed: 10
})

let dir: string
let server: FakeDrillServer
let browser: Browser
let closeBrowser: () => Promise<void>
let trainee: Page
let instructor: Page

const replies: Array<(s: FakeDrillServer, c: FakeClient, m: DrillClientMessage) => void> = []

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "drill-pages-"))
  await buildViewer(join(dir, "dist"))
  server = await startFakeDrillServer(join(dir, "dist"), TOKEN, (s, c) => {
    s.send(c, welcome(c.role))
    s.send(c, { type: "gate", state: "waiting", t: NINE })
    s.send(c, { type: "clock", t: NINE, speed: 10, paused: true })
  }, (s, c, m) => {
    for (const r of replies) r(s, c, m)
  })
  ;({ browser, close: closeBrowser } = await launchChromium())
  instructor = await (await browser.newContext({ viewport: { width: 1500, height: 950 } })).newPage()
  trainee = await (await browser.newContext({ viewport: { width: 1400, height: 950 } })).newPage()
  await instructor.goto(`${server.url}/?drill&token=${TOKEN}`)
  await trainee.goto(`${server.url}/?drill`)
  for (const p of [instructor, trainee]) await p.waitForSelector('body[data-ready="true"][data-gate="waiting"]', { timeout: 30_000 })
}, 300_000)

afterAll(async () => {
  await closeBrowser?.()
  await server?.close()
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
})

describe("drill pages", () => {
  it("shows the trainee the briefing behind the gate, and the instructor a Start button", async () => {
    expect(await trainee.isVisible('[data-testid="gate"]')).toBe(true)
    expect(await trainee.locator('[data-testid="gate"] .briefing-p').allTextContents()).toEqual(["Morning shift.", "Watch the gateways."])
    expect(await trainee.isDisabled('button[data-action="submit-diagnosis"]')).toBe(true)
    expect(await trainee.$('[data-testid="drill-controls"]')).toBe(null)
    expect(await instructor.isEnabled('button[data-action="start-drill"]')).toBe(true)
  })
})

describe("drill pages, running", () => {
  it("the instructor's Start sends `start`; the gate opens on both pages when the server says running", async () => {
    const waitFor = (type: string) => expect.poll(() => server.received.filter((r) => r.message.type === type).length, { timeout: 10_000 })
    replies.push((s, _c, m) => {
      if (m.type === "start") s.broadcast({ type: "gate", state: "running", t: NINE })
    })
    await instructor.click('button[data-action="start-drill"]')
    await waitFor("start").toBe(1)
    expect(server.received.find((r) => r.message.type === "start")).toEqual({ role: "instructor", message: { type: "start", ref: "r1", token: TOKEN } })
    await trainee.waitForSelector('[data-testid="gate"]', { state: "hidden", timeout: 10_000 })
    expect(await trainee.isEnabled('button[data-action="submit-diagnosis"]')).toBe(true)
    expect(await instructor.isDisabled('button[data-action="start-drill"]')).toBe(true)
    expect(await instructor.textContent('button[data-action="pause-drill"]')).toBe("Pause")
  })

  it("draws alarms grouped, tickets, health counts and the map's states as sent", async () => {
    const t = NINE + 120_000_000
    server.broadcast({
      type: "alarms",
      alarms: [
        { id: "a1", what: "sessions-disconnected", service: "otp-c", severity: "critical", title: "OCG-C sessions disconnected: 2 participants", count: 2, peak: 2, since: t, cleared: null, sample: ["P1", "P2"] },
        { id: "a2", what: "redundancy-lost", service: "omd-c", severity: "minor", title: "OMD-C on one line only: 1 participant", count: 0, peak: 1, since: t - 60_000_000, cleared: t, sample: [] }
      ]
    })
    server.broadcast({ type: "tickets", tickets: [{ id: "t1", participant: "P1", service: "otp-c", at: t, text: "P1: cannot log on since 09:02", resolved: null }] })
    server.broadcast({ type: "health", t, services: [{ service: "otp-c", counts: { served: 0, "served-without-redundancy": 0, degraded: 0, down: 2 } }] })
    server.broadcast({ type: "map", t, down: { nodes: ["ocg-dc1"], links: ["ca-pop--ar-dc1-a"] }, moved: [] })
    await trainee.waitForSelector('[data-node="ocg-dc1"][data-state="down"]', { timeout: 5_000 })
    // Raised before cleared: a1 (raised) then a2 (cleared at t).
    expect(await trainee.locator("[data-alarm]").evaluateAll((es) => es.map((e) => e.getAttribute("data-alarm")))).toEqual(["a1", "a2"])
    expect(await trainee.textContent('[data-alarm="a1"] .alarm-detail')).toBe("2 now, peak 2 · P1, P2")
    expect(await trainee.textContent('[data-alarm="a2"] .alarm-detail')).toBe("cleared 09:02:00, peak 1")
    expect(await trainee.textContent('[data-testid="alarms"]')).toContain("OCG-C sessions disconnected: 2 participants")
    expect(await trainee.textContent('[data-ticket="t1"] .ticket-text')).toBe("P1: cannot log on since 09:02")
    expect(await trainee.getAttribute('[data-p="P1"]', "data-ticket")).toBe("open")
    expect(await trainee.textContent('[data-testid="drill-health"] tr[data-service="otp-c"] td[data-status="down"]')).toBe("2")
    expect(await trainee.getAttribute('[data-link="ca-pop--ar-dc1-a"]', "data-state")).toBe("down")
    expect(await trainee.getAttribute('[data-link="ca-pop--ar-dc1-b"]', "data-state")).toBe("up")
    // Back up: the next map message says only what is down now.
    server.broadcast({ type: "map", t: t + 1, down: { nodes: [], links: [] }, moved: [] })
    await trainee.waitForSelector('[data-node="ocg-dc1"][data-state="up"]', { timeout: 5_000 })
  })

  it("the diagnosis form sends the element picked on the map, the kind, the participants and services", async () => {
    replies.push((s, c, m) => {
      if (m.type === "diagnose" || m.type === "act") {
        const submission = { n: s.received.filter((r) => r.message.type === "diagnose" || r.message.type === "act").length, at: NINE + 180_000_000, request: m.type === "act" ? { type: m.type, action: m.action, target: m.target } : { type: m.type, element: m.element, fault: m.fault, participants: m.participants, services: m.services } }
        s.send(c, { type: "submitted", ...(m.ref === undefined ? {} : { ref: m.ref }), submission })
        s.broadcast({ type: "submitted", submission: { ...submission, verdict: "seen" } }, "instructor")
      }
    })
    await trainee.click('button[data-action="pick-diagnosis-element"]')
    await trainee.click('[data-node="ocg-dc1"]', { force: true })
    expect(await trainee.inputValue('select[name="diagnosis-element"]')).toBe("ocg-dc1")
    // Picking did not open anything else: no detail panel in drill pages.
    expect(await trainee.getAttribute("body", "data-map-picking")).toBe(null)
    await trainee.selectOption('select[name="diagnosis-kind"]', "node-crash")
    await trainee.fill('[data-field="affected-participant"] input[type="search"]', "P2")
    await trainee.selectOption('select[name="affected-participant"]', "P2")
    await trainee.click('button[data-action="add-participant"]')
    await trainee.fill('[data-field="affected-participant"] input[type="search"]', "P1")
    await trainee.selectOption('select[name="affected-participant"]', "P1")
    await trainee.click('button[data-action="add-participant"]')
    await trainee.check('input[name="diagnosis-service"][value="otp-c"]')
    await trainee.click('button[data-action="submit-diagnosis"]')
    await expect.poll(() => server.received.filter((r) => r.message.type === "diagnose").length, { timeout: 10_000 }).toBe(1)
    expect(server.received.find((r) => r.message.type === "diagnose")).toEqual({
      role: "trainee",
      message: { type: "diagnose", element: "ocg-dc1", fault: "node-crash", participants: ["P1", "P2"], services: ["otp-c"], ref: "r1" }
    })
    await trainee.waitForSelector('[data-testid="control-result"][data-result="ack"]', { timeout: 5_000 })
    expect(await trainee.textContent('[data-testid="control-result"]')).toBe("received #1 at 09:03:00: diagnosis: ocg-dc1 · node-crash · P1, P2 · otp-c")
    await instructor.waitForSelector('[data-submission="1"] .sub-verdict', { timeout: 5_000 })
    expect(await instructor.textContent('[data-submission="1"] .sub-verdict')).toBe("seen")
  })

  it("the action form lists the action's targets and sends action and target; a second submission is taken too", async () => {
    await trainee.selectOption('select[name="action"]', "escalate-carrier")
    // The carrier action lists the two carriers, nothing else.
    expect(await trainee.locator('select[name="action-target"] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(["carrier-a", "carrier-b"])
    await trainee.selectOption('select[name="action-target"]', "carrier-b")
    await trainee.click('button[data-action="submit-action"]')
    await trainee.selectOption('select[name="action"]', "restart-service")
    await trainee.fill('[data-field="action-target"] input[type="search"]', "ocg-dc2")
    await trainee.selectOption('select[name="action-target"]', "ocg-dc2")
    await trainee.click('button[data-action="submit-action"]')
    await expect.poll(() => server.received.filter((r) => r.message.type === "act").map((r) => r.message), { timeout: 10_000 }).toEqual([
      { type: "act", action: "escalate-carrier", target: "carrier-b", ref: "r2" },
      { type: "act", action: "restart-service", target: "ocg-dc2", ref: "r3" }
    ])
    await trainee.waitForSelector('[data-testid="submissions"] [data-submission="3"]', { timeout: 5_000 })
    expect(await trainee.locator('[data-testid="submissions"] [data-submission]').count()).toBe(3)
  })

  it("the instructor adds a fault from pick lists (no YAML), ends an active one and sends a hint", async () => {
    await instructor.selectOption('select[name="fault-kind"]', "node-crash")
    await instructor.click('button[data-action="pick-param-node"]')
    await instructor.click('[data-node="ocg-dc2"]', { force: true })
    await instructor.fill('input[name="for"]', "5m")
    await instructor.click('button[data-action="add-fault"]')
    await expect.poll(() => server.received.filter((r) => r.message.type === "inject").map((r) => r.message), { timeout: 10_000 }).toEqual([
      { type: "inject", fault: { kind: "node-crash", node: "ocg-dc2" }, for: "5m", ref: "r2", token: TOKEN }
    ])
    server.broadcast({ type: "active-faults", faults: [{ id: "live-1", kind: "node-crash", targets: ["ocg-dc2"], since: NINE, source: "instructor" }] }, "instructor")
    await instructor.click('[data-active-fault="live-1"] button[data-action="end-fault"]')
    await instructor.fill('input[name="hint"]', "look at the gateways")
    await instructor.press('input[name="hint"]', "Enter")
    await expect.poll(() => server.received.filter((r) => r.message.type === "end-fault" || r.message.type === "hint").map((r) => r.message), { timeout: 10_000 }).toEqual([
      { type: "end-fault", id: "live-1", ref: "r3", token: TOKEN },
      { type: "hint", text: "look at the gateways", ref: "r4", token: TOKEN }
    ])
    server.broadcast({ type: "hint", at: NINE + 240_000_000, text: "look at the gateways" })
    await trainee.waitForSelector('[data-testid="hints"] .hint', { timeout: 5_000 })
    expect(await trainee.textContent('[data-testid="hints"] .hint')).toBe("09:04:00 look at the gateways")
  })
})

describe("drill pages, accessible", () => {
  /** Form controls shown on the page with no accessible name: no label, aria-label(ledby), nor button text. */
  const unnamed = (page: Page) =>
    page.evaluate(() =>
      Array.from(document.querySelectorAll("input, select, textarea, button"))
        .filter((e) => (e as HTMLElement).offsetParent !== null)
        .filter((e) => {
          const labels = (e as HTMLInputElement).labels
          if (labels !== null && labels.length > 0) return false
          if (e.getAttribute("aria-label") !== null || e.getAttribute("aria-labelledby") !== null) return false
          return e.tagName !== "BUTTON" || (e.textContent ?? "").trim() === ""
        })
        .map((e) => e.outerHTML.slice(0, 80)))

  it("names every control on both pages", async () => {
    expect(await unnamed(trainee)).toEqual([])
    expect(await unnamed(instructor)).toEqual([])
  })

  it("a search box's ↓ enters its list with the first match chosen", async () => {
    await trainee.fill('[data-field="diagnosis-element"] input[type="search"]', "ocg-dc2")
    await trainee.press('[data-field="diagnosis-element"] input[type="search"]', "ArrowDown")
    expect(await trainee.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("diagnosis-element")
    expect(await trainee.inputValue('select[name="diagnosis-element"]')).toBe("ocg-dc2")
    // Tab goes on to the kind of trouble.
    await trainee.keyboard.press("Tab")
    expect(await trainee.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("diagnosis-kind")
  })
})

describe("drill pages, reconnecting", () => {
  it("a trainee whose socket drops says so, reconnects with a new hello and keeps its form choices", async () => {
    await trainee.selectOption('select[name="diagnosis-kind"]', "link-down")
    const hellos = () => server.received.filter((r) => r.role === "trainee" && r.message.type === "hello").length
    expect(hellos()).toBe(1)
    for (const c of server.clients.filter((x) => x.role === "trainee")) c.socket.terminate()
    await trainee.waitForSelector('[data-testid="live-status"][data-status="reconnecting"]', { timeout: 10_000 })
    await trainee.waitForSelector('[data-testid="live-status"][data-status="connected"]', { timeout: 20_000 })
    await expect.poll(hellos, { timeout: 10_000 }).toBe(2)
    // The server answered the second hello as the first (welcome, gate waiting): the gate shows again, the
    // choice made before the drop is kept, and the map was drawn once.
    await trainee.waitForSelector('body[data-gate="waiting"]', { timeout: 10_000 })
    expect(await trainee.inputValue('select[name="diagnosis-kind"]')).toBe("link-down")
    expect(await trainee.locator("#map .zoom-layer").count()).toBe(1)
  })
})
