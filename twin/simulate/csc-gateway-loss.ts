/**
 * Reports for orders whose CCCG is lost [U]: a mainland link sends a report to the CCCG its order came
 * through; when that CCCG goes down (a crash, a site loss), operations point the links' open orders at a
 * CCCG that is up and open — its DR pair if that is open, else the first in the estate's order — so that
 * the report enters the platform's session store there and reaches the session wherever it logs on again
 * (twin/models/csc/session-store.ts). HKEX does not publish how OTP-CSC routes a report to a session; the
 * twin only keeps a lost CCCG from swallowing reports. At a DR declaration the CCCGs down by then are pointed at
 * the backup site's, which open with it (csc-dr.ts, which also gives a lost link's successor the same view).
 */
import { fromOps } from "../engine/machine.ts"
import type { Runtime } from "../engine/runtime.ts"
import type { CscMessage, Market } from "../models/csc/index.ts"
import type { EstateModel } from "../../topology/model.ts"
import type { World } from "../world/world.ts"


export const cscGatewayLoss = (
  runtime: Runtime,
  world: World,
  model: EstateModel,
  gateways: ReadonlyArray<string>,
  links: Readonly<Record<Market, string>>
): void => {
  const backupOf = model.roles.backupOf
  const open = (g: string): boolean =>
    !world.state.nodesDown.has(g) && (model.nodeById.get(g)?.closedUntilFailover !== true || world.state.drFailover)
  const stand = (lost: string): string | undefined => {
    const pair = backupOf(lost)
    return pair !== undefined && gateways.includes(pair) && open(pair) ? pair : gateways.find((g) => g !== lost && open(g))
  }
  const reroute = (lost: string): void => {
    const to = stand(lost)
    if (to === undefined) return
    for (const market of ["SSE", "SZSE"] as const) runtime.inject(runtime.now, links[market], fromOps<CscMessage>({ _tag: "reroute", from: lost, to }))
  }
  world.onChange((change) => {
    if (change._tag === "NodeDown" && change.down && gateways.includes(change.node)) reroute(change.node)
    if (change._tag === "DrFailover" && change.on) for (const g of gateways) if (world.state.nodesDown.has(g)) reroute(g)
  })
}
