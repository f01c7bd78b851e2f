/**
 * A hand-made China Connect world: CCCGs cccg-dc1-1 and cccg-dc1-2, the SSE and SZSE links at dc1 (each
 * keeping its market's 52 bn quota, telling both CCCGs), and CSC sessions logging on at 09:00 to
 * cccg-dc1-1 (primary) / cccg-dc1-2 (secondary). Every node is 1 ms from every other; trades come 1 s
 * after acceptance in continuous trading.
 */
import { type Network, Runtime } from "../../../../twin/engine/runtime.ts"
import { type Micros, millis, parseClock } from "../../../../twin/engine/time.ts"
import { MemoryTrace, type TraceEvent } from "../../../../twin/engine/trace.ts"
import {
  cccgGateway,
  cccgState,
  cscSession,
  CscSessionStore,
  cscSessionState,
  type CscSessionConfig,
  mainlandLink,
  type Market,
  mainlandLinkState,
  type ScheduledOrder
} from "../../../../twin/models/csc/index.ts"

export const at = (text: string): Micros => parseClock(text)!
export const L = millis(1)
export const bn = 1_000_000_000
export const gateways = ["cccg-dc1-1", "cccg-dc1-2"]
/** With `dr`: each CCCG's DR pair, at the backup site, closed until opened. */
export const drPairs: Readonly<Record<string, string>> = { "cccg-dc1-1": "cccg-dc2-1", "cccg-dc1-2": "cccg-dc2-2" }

export interface SessionSpec {
  readonly participant: string
  readonly session: string
  readonly primary?: string
  readonly secondary?: string
  readonly orders: ReadonlyArray<ScheduledOrder>
  readonly startAt?: Micros
}

export interface LinkSpec {
  readonly buyImprovementBp?: number
  /** RMB per market; unset: 52 bn. */
  readonly dailyQuota?: Partial<Record<Market, number>>
  readonly adjustments?: Partial<Record<Market, ReadonlyArray<{ readonly at: Micros; readonly amount: number }>>>
  /** Adds the backup site's CCCGs (`drPairs`), closed, and gives sessions their gateways' DR pairs. */
  readonly dr?: boolean
}

export const cscWorld = (network: Network, sessions: ReadonlyArray<SessionSpec>, link: LinkSpec = {}) => {
  const trace = new MemoryTrace()
  const rt = new Runtime(network, trace)
  const dailyQuota = { SSE: link.dailyQuota?.SSE ?? 52 * bn, SZSE: link.dailyQuota?.SZSE ?? 52 * bn }
  const links = { SSE: "sse-link-dc1", SZSE: "szse-link-dc1" }
  const store = new CscSessionStore()
  for (const g of gateways) rt.add(g, g, cccgGateway, cccgState({ id: g, store, links, dailyQuota }))
  const backups = link.dr === true ? gateways.map((g) => drPairs[g]!) : []
  for (const g of backups) rt.add(g, g, cccgGateway, cccgState({ id: g, store, links, dailyQuota, open: false }))
  for (const market of ["SSE", "SZSE"] as const) {
    const id = `${market.toLowerCase()}-link-dc1`
    const state = mainlandLinkState({
      market,
      gateways: [...gateways, ...backups],
      dailyQuota: dailyQuota[market],
      adjustments: link.adjustments?.[market] ?? [],
      ...(link.buyImprovementBp !== undefined ? { buyImprovementBp: link.buyImprovementBp } : {})
    })
    rt.add(id, id, mainlandLink, state)
  }
  for (const s of sessions) {
    const config: CscSessionConfig = {
      participant: s.participant,
      session: s.session,
      primary: s.primary ?? "cccg-dc1-1",
      secondary: s.secondary ?? "cccg-dc1-2",
      ...(link.dr === true ? { backupOf: (g: string) => drPairs[g] } : {}),
      orders: s.orders
    }
    rt.add(`${s.participant}.csc.${s.session}`, `${s.participant}.bss`, cscSession, cscSessionState(config), s.startAt ?? at("09:00"))
  }
  return { rt, trace, store }
}

/** `[t, event, order, reason-or-dqb]` of every `csc.order` event except submissions. */
export const reports = (events: ReadonlyArray<TraceEvent>) =>
  events
    .filter((e) => e.kind === "csc.order" && e.data["event"] !== "submitted" && e.data["event"] !== "cancel-submitted")
    .map((e) => [e.t, e.data["event"], e.data["order"], e.data["reason"] ?? e.data["dqb"]])

/** `[t, subject, event-or-buysOpen, dqb]` of every `csc.quota` event (the link's and the sessions'). */
export const quotaEvents = (events: ReadonlyArray<TraceEvent>) =>
  events.filter((e) => e.kind === "csc.quota").map((e) => [e.t, e.subject, e.data["event"] ?? e.data["buysOpen"], e.data["dqb"]])
