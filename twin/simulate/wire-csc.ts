/**
 * China Connect northbound in a simulated world: every CCCG, the SSE and SZSE links the estate names
 * (`roles.mainlandLinks`, which keep each market's quota ledger), and one session machine per participant's CSC session with a
 * seeded order schedule inside the northbound hours.
 *
 * The schedule is an assumption [U], set by `settings.csc.orders` (twin/settings/csc.ts): by default 10–40
 * orders a session, 70 % buys, half for each market, RMB 1–20 million each, spread over 09:10–11:30 and
 * 12:55–15:00, none cancelled — about 30 bn of buys a day over the default estate's 361 sessions, inside
 * the 52 bn quota of each market, so a normal day does not exhaust it. `settings.csc.dailyQuota` and
 * `adjustments` go to the links' ledgers (and the quota to the CCCGs' first view of it).
 *
 * DR failover (csc-dr.ts): the backup site's CCCGs open, sessions reach them as their gateways' DR pairs,
 * and a lost link's DR pair takes its ledger over. Every CCCG shares one session store (the reports each
 * session was sent, by sequence number): a session that logs on elsewhere has the ones it missed written
 * again (twin/models/csc/session-store.ts); the reports of a lost CCCG's orders enter through one that is
 * up (csc-gateway-loss.ts). A CCCG whose node goes down crashes, and the sessions on it are down from then
 * (csc-gateway-crash.ts), as OCG-C's.
 */
import { keyedRandom } from "../engine/random.ts"
import { type Micros, parseClock } from "../engine/time.ts"
import { cccgGateway, cccgState, CscSessionStore, cscSession, cscSessionState, mainlandLink, mainlandLinkState, type Market, NORTHBOUND_DAILY_QUOTA, type ScheduledOrder } from "../models/csc/index.ts"
import type { CscOrderMix, CscSettings } from "../settings/csc.ts"
import { cscDrFailover } from "./csc-dr.ts"
import { cscGatewayCrash } from "./csc-gateway-crash.ts"
import { cscGatewayLoss } from "./csc-gateway-loss.ts"
import { cscKeepalive } from "./keepalive-csc.ts"
import { KeepaliveElision } from "./keepalive-elision.ts"
import type { SimulationWindow, Wiring } from "./wiring.ts"

const windows = [["09:10", "11:30"], ["12:55", "15:00"]].map(([a, b]) => [parseClock(a!)!, parseClock(b!)!] as const)

/** The defaults of `settings.csc.orders`; amounts in RMB. */
export const defaultOrderMix = {
  perSession: [10, 40] as const,
  buyShare: 0.7,
  sseShare: 0.5,
  amount: [1_000_000, 20_000_000] as const,
  cancelShare: 0,
  cancelAfter: 500_000
}

/**
 * A session's orders, by time: draws count, then per order time, market, side and amount from the
 * session's own stream; which orders are cancelled comes from a second stream (`csc-cancel|…`), so that
 * setting a cancel share leaves the orders themselves as they were.
 */
export const ordersFor = (seed: number, session: string, mix: CscOrderMix = {}): ReadonlyArray<ScheduledOrder> => {
  const m = { ...defaultOrderMix, ...mix }
  const draw = keyedRandom(seed, `csc|${session}`)
  const [fewest, most] = m.perSession
  const count = fewest + Math.floor(draw.next() * (most - fewest + 1))
  const total = windows.reduce((n, [a, b]) => n + (b - a), 0)
  // In millions, as the default draw has always been written: (1 + d × 19) × 10⁶.
  const [lo, hi] = [m.amount[0] / 1_000_000, m.amount[1] / 1_000_000]
  const orders: Array<ScheduledOrder & { readonly order: string }> = []
  for (let i = 0; i < count; i++) {
    let offset = Math.floor(draw.next() * total)
    let at = 0
    for (const [a, b] of windows) {
      if (offset < b - a) {
        at = a + offset
        break
      }
      offset -= b - a
    }
    orders.push({
      at,
      order: `${session}-${String(i + 1).padStart(3, "0")}`,
      market: draw.next() < m.sseShare ? "SSE" : "SZSE",
      side: draw.next() < m.buyShare ? "buy" : "sell",
      amount: Math.round((lo + draw.next() * (hi - lo)) * 1_000_000)
    })
  }
  const cancels: Array<ScheduledOrder> = []
  if (m.cancelShare > 0) {
    const pick = keyedRandom(seed, `csc-cancel|${session}`)
    for (const o of orders) if (pick.next() < m.cancelShare) cancels.push({ at: o.at + m.cancelAfter, cancel: o.order })
  }
  return [...orders, ...cancels].sort((x, y) => x.at - y.at)
}

/** The orders (and cancels of them) inside the window; a cancel whose order fell outside goes too. */
const inWindow = (orders: ReadonlyArray<ScheduledOrder>, window: SimulationWindow): ReadonlyArray<ScheduledOrder> => {
  const kept = orders.filter((o) => o.at >= window.from && o.at < window.to)
  const ids = new Set(kept.flatMap((o) => ("order" in o ? [o.order] : [])))
  return kept.filter((o) => "order" in o || ids.has(o.cancel))
}

const quotaOf = (settings: CscSettings | undefined, market: Market): number => settings?.dailyQuota?.[market] ?? NORTHBOUND_DAILY_QUOTA

const adjustmentsOf = (settings: CscSettings | undefined, market: Market) =>
  (settings?.adjustments ?? []).filter((a) => a.market === market).map(({ at, amount }) => ({ at, amount }))

/**
 * `elideHeartbeats: false` simulates every heartbeat (the reference the elision is tested against); the
 * trace is the same either way (keepalive-elision.ts).
 */
export const cscWiringOf = (options: { readonly elideHeartbeats: boolean }): Wiring => ({
  system: "otp-csc",
  wire: ({ model, runtime, world, window, seed, settings }) => {
    const gateways = model.nodes.filter((n) => n.kind === "cccg-gateway").map((n) => n.id)
    // Validation (topology/check-roles.ts) refuses China Connect sessions without the links' roles.
    const links = model.roles.mainlandLinks
    if (gateways.length === 0 || links === undefined) return
    const csc = settings.csc
    const dailyQuota = { SSE: quotaOf(csc, "SSE"), SZSE: quotaOf(csc, "SZSE") }
    // One record per session for the whole platform, both sites (session-store.ts).
    const store = new CscSessionStore()
    for (const g of gateways) {
      const open = model.nodeById.get(g)?.closedUntilFailover !== true
      runtime.add(g, g, cccgGateway, cccgState({ id: g, store, links, dailyQuota, open }), window.from)
    }
    for (const market of ["SSE", "SZSE"] as const) {
      const state = mainlandLinkState({ market, gateways, dailyQuota: dailyQuota[market], adjustments: adjustmentsOf(csc, market) })
      runtime.add(links[market], links[market], mainlandLink, state, window.from)
    }
    cscDrFailover(runtime, world, model, gateways, links, (id, state) => runtime.add(id, id, mainlandLink, state, runtime.now))
    cscGatewayLoss(runtime, world, model, gateways, links)
    // Validation (check-roles.ts) pairs a node only with one of its kind: a CCCG's DR pair is a CCCG.
    const backupOf = model.roles.backupOf
    const units: Array<{ readonly node: string; readonly clients: ReadonlyArray<string> }> = []
    let period: Micros | undefined
    const machines: Array<{ readonly machine: string; readonly participant: string }> = []
    for (const p of model.file.participants) {
      for (const s of p.cscSessions) {
        const orders = inWindow(ordersFor(seed, s.id, csc?.orders), window)
        const state = cscSessionState({ participant: p.id, session: s.id, primary: s.primary, secondary: s.secondary, backupOf, orders })
        period ??= state.settings.heartbeatEvery
        runtime.add(`${p.id}.csc.${s.id}`, `${p.id}.bss`, cscSession, state, window.from)
        machines.push({ machine: `${p.id}.csc.${s.id}`, participant: p.id })
      }
      // One unit per BSS: its sessions share the pairs to the CCCGs.
      if (p.cscSessions.length > 0) units.push({ node: `${p.id}.bss`, clients: p.cscSessions.map((s) => `${p.id}.csc.${s.id}`) })
    }
    cscGatewayCrash(runtime, world, gateways, machines)
    if (options.elideHeartbeats && period !== undefined) new KeepaliveElision(runtime, world, cscKeepalive, period, units).start(window.from + period)
  }
})

export const cscWiring: Wiring = cscWiringOf({ elideHeartbeats: true })
