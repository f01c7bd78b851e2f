/**
 * The physical state of the estate at this instant: which cutover units have moved, whether HKEX has
 * failed over to its backup site, and every impairment on links and nodes. Faults and cutover steps change
 * it; the simulated network reads it for every message. Routing catches up only after the convergence
 * delay (see topology/routes.ts), which is how a failure costs traffic before the network heals around it.
 */
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
}

export const healthyLink: LinkImpairment = {
  down: false,
  lossPct: 0,
  addedLatencyUs: 0,
  jitterUs: 0,
  mtu: undefined,
  blackhole: undefined
}

export class WorldState {
  /** Bumped on every change, so that cached judgements of routes know when to look again. */
  version = 0
  readonly moved = new Set<string>()
  drFailover = false
  readonly links = new Map<string, LinkImpairment>()
  readonly nodesDown = new Set<string>()

  link(id: string): LinkImpairment {
    return this.links.get(id) ?? healthyLink
  }

  impair(id: string, change: Partial<LinkImpairment>): void {
    this.version++
    const next = { ...this.link(id), ...change }
    const healthy = (Object.keys(healthyLink) as Array<keyof LinkImpairment>).every((k) => next[k] === healthyLink[k])
    if (healthy) this.links.delete(id)
    else this.links.set(id, next)
  }

  /** Links whose impairment takes them out of routing (down), for the router. */
  linksDown(): ReadonlySet<string> {
    const out = new Set<string>()
    for (const [id, imp] of this.links) if (imp.down) out.add(id)
    return out
  }
}
