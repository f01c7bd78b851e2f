/**
 * What an impaired link or node does to a packet crossing it, short of being down: the one rule the
 * network's delivery (sim-network.ts `judge`, per message) and the live reach (live-reach.ts, per flow) both
 * apply, so that the traffic health counts lost is the traffic the network drops, and no other.
 *
 * - A one-way blackhole drops what crosses its link in its direction (relative to the link's from → to).
 * - An element not forwarding multicast drops every multicast copy; unicast passes.
 * - A firewall rule drops the messages of the ports it names; a message belongs to the ports of its two
 *   ends (service-ports.ts).
 * - A packet bigger than a hop's MTU (the link's own, or a cut below it) is dropped without notice: hosts
 *   send at most `HOST_MTU` bytes a packet, so a bigger message is a train of full-size packets.
 *
 * Routing notices none of these: a route keeps crossing the element.
 */
import type { ModelLink } from "../../topology/model.ts"
import type { ServicePort } from "./service-ports.ts"
import type { LinkImpairment, NodeImpairment } from "./world-state.ts"

/**
 * Hosts send packets of at most 1,500 bytes (OMD packets are capped there, DOMAIN §3; servers and BSS use
 * standard Ethernet). A message of more bytes is a train of such packets: it fits a path unless a hop's MTU
 * was cut below the packet size — the path-MTU black hole that stalls bulk transfers while small control
 * messages still pass.
 */
export const HOST_MTU = 1500

/** A hop crossed in direction `forward` (true: from the link's `from` to its `to`) drops everything. */
export const blackholes = (imp: LinkImpairment, forward: boolean): boolean => imp.blackhole !== undefined && (imp.blackhole === "forward") === forward

/** A firewall rule dropping `blocked` drops a message of `ports`. */
export const blocksPort = (blocked: ReadonlyArray<ServicePort>, ports: ReadonlyArray<ServicePort>): boolean =>
  blocked.length > 0 && ports.some((p) => blocked.includes(p))

/** The largest packet a hop over `link` carries now. */
export const hopMtu = (link: ModelLink, imp: LinkImpairment): number => Math.min(link.mtu, imp.mtu ?? Infinity)

/** A message of `bytes` passes a path whose smallest hop MTU is `pathMtu` (its packets are at most HOST_MTU). */
export const fits = (bytes: number, pathMtu: number): boolean => Math.min(bytes, HOST_MTU) <= pathMtu

/** What the elements judge a message by: the service ports it belongs to, whether it is a multicast copy, its size. */
export interface Traffic {
  readonly ports: ReadonlyArray<ServicePort>
  readonly multicast: boolean
  readonly bytes: number
}

/** A hop over `link` in direction `forward` drops `traffic`. */
export const hopDrops = (link: ModelLink, imp: LinkImpairment, forward: boolean, traffic: Traffic): boolean =>
  blackholes(imp, forward) ||
  (traffic.multicast && imp.multicastBlocked) ||
  blocksPort(imp.blockedPorts, traffic.ports) ||
  !fits(traffic.bytes, hopMtu(link, imp))

/** A node on the route drops `traffic`. */
export const nodeDrops = (imp: NodeImpairment, traffic: Traffic): boolean =>
  (traffic.multicast && imp.multicastBlocked) || blocksPort(imp.blockedPorts, traffic.ports)
