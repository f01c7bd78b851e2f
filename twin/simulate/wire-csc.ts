/**
 * China Connect northbound in a simulated world: every CCCG, the SSE and SZSE links of the primary site
 * (which keep each market's quota ledger), and one session machine per participant's CSC session with a
 * seeded order schedule inside the northbound hours.
 *
 * The schedule is an assumption [U]: 10–40 orders a session, 70 % buys, RMB 1–20 million each, spread over
 * 09:10–11:30 and 12:55–15:00 — about 30 bn of buys a day over the default estate's 361 sessions, inside
 * the 52 bn quota of each market, so a normal day does not exhaust it.
 */
import { keyedRandom } from "../engine/random.ts"
import { parseClock } from "../engine/time.ts"
import { cccgGateway, cccgState, cscSession, cscSessionState, mainlandLink, mainlandLinkState, type ScheduledOrder } from "../models/csc/index.ts"
import type { Wiring } from "./wiring.ts"

const windows = [["09:10", "11:30"], ["12:55", "15:00"]].map(([a, b]) => [parseClock(a!)!, parseClock(b!)!] as const)

const ordersFor = (seed: number, session: string): ReadonlyArray<ScheduledOrder> => {
  const draw = keyedRandom(seed, `csc|${session}`)
  const count = 10 + Math.floor(draw.next() * 31)
  const total = windows.reduce((n, [a, b]) => n + (b - a), 0)
  const orders: Array<ScheduledOrder> = []
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
      market: draw.next() < 0.5 ? "SSE" : "SZSE",
      side: draw.next() < 0.7 ? "buy" : "sell",
      amount: Math.round((1 + draw.next() * 19) * 1_000_000)
    })
  }
  return orders.sort((x, y) => x.at - y.at)
}

export const cscWiring: Wiring = {
  system: "otp-csc",
  wire: ({ model, runtime, window, seed }) => {
    const gateways = model.nodes.filter((n) => n.kind === "cccg-gateway").map((n) => n.id)
    if (gateways.length === 0) return
    const links = { SSE: "sse-link-dc1", SZSE: "szse-link-dc1" } as const
    for (const g of gateways) runtime.add(g, g, cccgGateway, cccgState({ links }), window.from)
    runtime.add(links.SSE, links.SSE, mainlandLink, mainlandLinkState({ market: "SSE", gateways }), window.from)
    runtime.add(links.SZSE, links.SZSE, mainlandLink, mainlandLinkState({ market: "SZSE", gateways }), window.from)
    for (const p of model.file.participants) {
      for (const s of p.cscSessions) {
        const orders = ordersFor(seed, s.id).filter((o) => o.at >= window.from && o.at < window.to)
        runtime.add(
          `${p.id}.csc.${s.id}`,
          `${p.id}.bss`,
          cscSession,
          cscSessionState({ participant: p.id, session: s.id, primary: s.primary, secondary: s.secondary, orders }),
          window.from
        )
      }
    }
  }
}
