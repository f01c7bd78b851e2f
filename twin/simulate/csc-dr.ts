/**
 * China Connect's side of a DR failover [U: HKEX publishes no CCCG DR procedure; this follows OTP-C's, the
 * DOMAIN §5 drill covering OTP-CSC]. Two parts:
 * - entrances: the CCCGs the estate marks `closedUntilFailover` (the backup site's) open when DR is
 *   declared and close if it is called off; sessions reach them as their gateways' DR pairs (session.ts);
 * - the ledger: once DR is in force and a market's link (`roles.mainlandLinks`) is down, its DR pair takes
 *   it over (dr-takeover.ts) from the state it had when its node went down; every CCCG sends that market's
 *   orders to the successor from then on, and the primary retires. An open order that came in through a
 *   CCCG that is down is reported through that CCCG's DR pair, which numbers it in the session store and
 *   writes it again after the session's Logon there (twin/models/csc/session-store.ts).
 */
import { fromOps } from "../engine/machine.ts"
import type { Runtime } from "../engine/runtime.ts"
import type { CscMessage, MainlandLinkState, Market } from "../models/csc/index.ts"
import type { EstateModel } from "../../topology/model.ts"
import type { World } from "../world/world.ts"
import { DrTakeover } from "./dr-takeover.ts"


export const cscDrFailover = (
  runtime: Runtime,
  world: World,
  model: EstateModel,
  gateways: ReadonlyArray<string>,
  links: Readonly<Record<Market, string>>,
  addLink: (id: string, state: MainlandLinkState) => void
): void => {
  const backupOf = model.roles.backupOf
  const closedUntilFailover = gateways.filter((g) => model.nodeById.get(g)?.closedUntilFailover === true)
  const placed = (["SSE", "SZSE"] as const).map((market) => ({ market, id: links[market], node: links[market] }))
  const ledger = new DrTakeover<MainlandLinkState>(runtime, backupOf)

  const takeOverDown = (): void => {
    if (!world.state.drFailover) return
    for (const p of placed) {
      if (!world.state.nodesDown.has(p.node)) continue
      ledger.takeOver(p, (backupNode, { state }) => {
        if (runtime.has(backupNode)) return undefined
        const via = (g: string) => (world.state.nodesDown.has(g) ? (backupOf(g) ?? g) : g)
        addLink(backupNode, { ...state, orders: state.orders.map((o) => ({ ...o, gateway: via(o.gateway) })) })
        runtime.inject(runtime.now, p.id, fromOps<CscMessage>({ _tag: "retire" }))
        for (const g of gateways) runtime.inject(runtime.now, g, fromOps<CscMessage>({ _tag: "relink", market: p.market, link: backupNode }))
        return backupNode
      })
    }
  }

  world.onChange((change) => {
    if (change._tag === "NodeDown") {
      ledger.nodeChanged(placed, change.node, world.state.nodesDown.has(change.node))
      takeOverDown()
    }
    if (change._tag === "DrFailover") {
      for (const g of closedUntilFailover) runtime.inject(runtime.now, g, fromOps<CscMessage>({ _tag: "site", open: world.state.drFailover }))
      takeOverDown()
    }
  })
}
