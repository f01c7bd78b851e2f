/**
 * The physical state of the estate at this instant: which cutover units have moved, whether HKEX has
 * failed over to its backup site, every impairment on links and nodes, publisher clock skews, and the
 * units whose routing is held at a stale side (`wrong-route`). Faults and cutover steps change
 * it; the simulated network reads it for every message. Routing catches up only after the convergence
 * delay (see topology/routes.ts), which is how a failure costs traffic before the network heals around it.
 */
import type { ServicePort } from "./service-ports.ts"

export interface LinkImpairment {
  readonly down: boolean
  /** Packet loss, 0–100 %. */
  readonly lossPct: number
  readonly addedLatencyUs: number
  /** Extra delay drawn uniformly in [0, jitterUs] per message (order kept per path). */
  readonly jitterUs: number
  /** A lower MTU than the link's own (an MTU cut). */
  readonly mtu: number | undefined
  /** One-way blackhole: traffic in this direction (relative to the link's from → to) is dropped. */
  readonly blackhole: "forward" | "reverse" | undefined
  /**
   * A bandwidth cap below the link's capacity, Mbps: every sender crossing the link shares it through one
   * queue (congestion, sim-network.ts). Undefined: the link's own capacity, no shared queue.
   */
  readonly capMbps: number | undefined
  /** Multicast is not forwarded across the link (no PIM/RP configured on it); unicast passes. */
  readonly multicastBlocked: boolean
  /** Service ports (service-ports.ts) a firewall rule on the link drops, sorted. */
  readonly blockedPorts: ReadonlyArray<ServicePort>
}

/** What can be wrong with a node short of being down. */
export interface NodeImpairment {
  /** Multicast is not forwarded through the node (a router without PIM/RP): the whole segment behind it. */
  readonly multicastBlocked: boolean
  /** Service ports a firewall rule on the node drops, sorted. */
  readonly blockedPorts: ReadonlyArray<ServicePort>
}

export const healthyNode: NodeImpairment = { multicastBlocked: false, blockedPorts: [] }

export const healthyLink: LinkImpairment = {
  down: false,
  lossPct: 0,
  addedLatencyUs: 0,
  jitterUs: 0,
  mtu: undefined,
  blackhole: undefined,
  capMbps: undefined,
  multicastBlocked: false,
  blockedPorts: []
}

const isHealthy = <T extends object>(value: T, healthy: T): boolean =>
  (Object.keys(healthy) as Array<keyof T>).every((k) => {
    const v = value[k]
    return Array.isArray(v) ? v.length === 0 : v === healthy[k]
  })

/**
 * The physical state as those who change the world read it (faults read what an element has before they
 * change it, to put it back at their end): read-only, so that every change goes through the world
 * (`WorldPort.apply`) and is recorded.
 */
export interface WorldStateView {
  readonly version: number
  readonly moved: ReadonlySet<string>
  readonly drFailover: boolean
  readonly nodesDown: ReadonlySet<string>
  readonly clockSkew: ReadonlyMap<string, number>
  readonly heldUnits: ReadonlyMap<string, boolean>
  link(id: string): LinkImpairment
  node(id: string): NodeImpairment
}

export class WorldState implements WorldStateView {
  /** Bumped on every change, so that cached judgements of routes know when to look again. */
  version = 0
  readonly moved = new Set<string>()
  drFailover = false
  readonly links = new Map<string, LinkImpairment>()
  readonly nodesDown = new Set<string>()
  readonly nodes = new Map<string, NodeImpairment>()
  /** Publisher node → clock skew, µs (positive: ahead). */
  readonly clockSkew = new Map<string, number>()
  /**
   * Units whose routing is held (`wrong-route`): unit → the side routing keeps believing (true: moved),
   * whatever `moved` says. The physical state, which judges every message, still follows `moved`.
   */
  readonly heldUnits = new Map<string, boolean>()

  link(id: string): LinkImpairment {
    return this.links.get(id) ?? healthyLink
  }

  impair(id: string, change: Partial<LinkImpairment>): void {
    this.version++
    const next = { ...this.link(id), ...change }
    if (isHealthy(next, healthyLink)) this.links.delete(id)
    else this.links.set(id, next)
  }

  node(id: string): NodeImpairment {
    return this.nodes.get(id) ?? healthyNode
  }

  impairNode(id: string, change: Partial<NodeImpairment>): void {
    this.version++
    const next = { ...this.node(id), ...change }
    if (isHealthy(next, healthyNode)) this.nodes.delete(id)
    else this.nodes.set(id, next)
  }

  /** Links whose impairment takes them out of routing (down), for the router. */
  linksDown(): ReadonlySet<string> {
    const out = new Set<string>()
    for (const [id, imp] of this.links) if (imp.down) out.add(id)
    return out
  }
}
