/**
 * `firewall-port-blocked`: a firewall rule on a link or node drops one service port (a rule missed when
 * the new backbone's firewalls were configured): messages to or from HKEX endpoints of that service whose
 * path crosses the element are dropped, everything else passes. Ports and the node kinds listening on them:
 * twin/world/service-ports.ts (ocg, lookup, otp, cccg, mainland, omd, refresh, rts, sftp).
 *
 * Routing does not notice: sessions of that service through the element fail by their own timeouts.
 */
import { Schema } from "effect"
import { type ServicePort, ServicePort as Port } from "../../twin/world/service-ports.ts"
import { during } from "./during.ts"
import { checkLinkOrNode, ElementId } from "./estate-refs.ts"
import { WorldChange } from "../../twin/world/world-change.ts"
import type { FaultKind } from "./fault.ts"

export const FirewallPortBlockedParams = Schema.Struct({
  link: Schema.optionalKey(ElementId),
  node: Schema.optionalKey(ElementId),
  port: Port
})
export type FirewallPortBlockedParams = typeof FirewallPortBlockedParams.Type

const withPort = (ports: ReadonlyArray<ServicePort>, port: ServicePort, blocked: boolean): ReadonlyArray<ServicePort> =>
  blocked ? (ports.includes(port) ? ports : [...ports, port].sort()) : ports.filter((x) => x !== port)

export const firewallPortBlocked: FaultKind<FirewallPortBlockedParams> = {
  kind: "firewall-port-blocked",
  description: "A firewall rule on a link or node drops one service `port` (ocg, lookup, rts, sftp, omd…); other traffic passes.",
  params: FirewallPortBlockedParams,
  validate: (p, model) => checkLinkOrNode(model, p),
  targets: (p) => [p.link ?? p.node!],
  schedule: (p, ctx, window) => {
    const { world } = ctx
    let already = false
    const set = (blocked: boolean) => {
      if (p.link !== undefined) {
        const ports = world.state.link(p.link).blockedPorts
        world.apply(WorldChange.linkPorts(p.link, withPort(ports, p.port, blocked)))
      } else {
        const ports = world.state.node(p.node!).blockedPorts
        world.apply(WorldChange.nodePorts(p.node!, withPort(ports, p.port, blocked)))
      }
    }
    const current = () => (p.link !== undefined ? world.state.link(p.link) : world.state.node(p.node!)).blockedPorts
    during(
      ctx,
      window,
      () => {
        already = current().includes(p.port)
        if (!already) set(true)
      },
      () => {
        if (!already) set(false)
      }
    )
  }
}
