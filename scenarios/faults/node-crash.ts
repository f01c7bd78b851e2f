/**
 * `node-crash`: an HKEX machine or router fails at the start of the window and restarts at its end.
 *
 * The node stops passing traffic (the network drops whatever crosses or ends at it; routing goes around a
 * router after the convergence delay) and the machines on it react as the real ones do
 * (twin/simulate/wire-*.ts): an OCG-C gateway loses its sessions, a publisher stops publishing and resumes
 * at the current sequence number, an RTS server loses its sessions, a Lookup Service endpoint or an SFTP
 * server goes silent (an SFTP server's sessions are lost; its pending response files survive). Other kinds
 * (routers, firewalls, PoPs, OTP-C hosts, CCCGs, refresh servers) are routing-only: the network drops their
 * traffic, no machine state is lost (a CCCG's open orders are reported through one that is up meanwhile:
 * twin/simulate/csc-gateway-loss.ts).
 */
import { Schema } from "effect"
import { nodesDownDuring } from "./during.ts"
import { checkNode, ElementId } from "./estate-refs.ts"
import type { FaultKind } from "./fault.ts"

export const NodeCrashParams = Schema.Struct({ node: ElementId })
export type NodeCrashParams = typeof NodeCrashParams.Type

export const nodeCrash: FaultKind<NodeCrashParams> = {
  kind: "node-crash",
  description: "An HKEX node (gateway, Lookup Service, publisher, RTS or SFTP server, router…) crashes; it restarts at the window's end.",
  params: NodeCrashParams,
  validate: (p, model) => checkNode(model, "node", p.node),
  targets: (p) => [p.node],
  schedule: (p, ctx, window) => nodesDownDuring(ctx, window, [p.node])
}
