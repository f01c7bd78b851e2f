/**
 * The `Network` the runtime sends through, for the estate: a message follows the route the router has now
 * (possibly stale, see router.ts) and is judged hop by hop against the live state — a link or node that is
 * down, a one-way blackhole, a packet bigger than the path MTU and random loss drop it; latency is the sum
 * of the links' base latency, added latency and jitter, plus serialisation on the slowest link. Messages
 * between the same two nodes never overtake each other (TCP and multicast both keep order per path).
 *
 * Losses inside a multicast range are drawn once per link and range (`keyedRandom`), so every receiver
 * behind a lossy link misses the same sequence numbers, and line A and line B lose independently.
 */
import type { EstateModel } from "../../topology/model.ts"
import { type Draws, keyedRandom, lostPositions } from "../engine/random.ts"
import type { Network } from "../engine/runtime.ts"
import type { Micros } from "../engine/time.ts"
import type { Route, Router } from "./router.ts"
import type { WorldState } from "./world-state.ts"

/**
 * Hosts send packets of at most 1,500 bytes (OMD packets are capped there, DOMAIN §3; servers and BSS use
 * standard Ethernet). A message of more bytes is a train of such packets: it fits a path unless a hop's MTU
 * was cut below the packet size — the path-MTU black hole that stalls bulk transfers while small control
 * messages still pass.
 */
export const HOST_MTU = 1500

export class SimNetwork implements Network {
  private readonly model: EstateModel
  private readonly router: Router
  private readonly world: WorldState
  private readonly draws: Draws
  private readonly seed: number
  private readonly lastArrival = new Map<string, Micros>()
  private readonly rangeLosses = new Map<string, { first: number; lost: ReadonlyArray<number> }>()

  constructor(model: EstateModel, router: Router, world: WorldState, draws: Draws, seed: number) {
    this.model = model
    this.router = router
    this.world = world
    this.draws = draws
    this.seed = seed
  }

  readonly deliver = (from: string, to: string, bytes: number, now: Micros): Micros | undefined => {
    const route = this.router.route(from, to)
    if (route === undefined || !this.passable(route, bytes)) return undefined
    let latency = 0
    let keep = 1
    let slowestMbps = Infinity
    for (const hop of route.hops) {
      const link = this.model.links[hop.link]!
      const imp = this.world.link(link.id)
      latency += link.latencyUs + imp.addedLatencyUs
      if (imp.jitterUs > 0) latency += Math.floor(this.draws.next() * (imp.jitterUs + 1))
      if (imp.lossPct > 0) keep *= 1 - imp.lossPct / 100
      if (link.capacityMbps < slowestMbps) slowestMbps = link.capacityMbps
    }
    if (keep < 1 && this.draws.next() >= keep) return undefined
    // Serialisation on the slowest link: Mbps = bits per µs.
    if (slowestMbps !== Infinity) latency += Math.ceil((bytes * 8) / slowestMbps)
    const key = `${from}>${to}`
    const arrival = Math.max(now + Math.round(latency), this.lastArrival.get(key) ?? 0)
    this.lastArrival.set(key, arrival)
    return arrival
  }

  readonly lostInRange = (
    from: string,
    to: string,
    stream: string,
    first: number,
    last: number
  ): ReadonlyArray<number> => {
    const route = this.router.route(from, to)
    if (route === undefined) return []
    let lost: Array<number> | undefined
    for (const hop of route.hops) {
      const link = this.model.links[hop.link]!
      const pct = this.world.link(link.id).lossPct
      if (pct <= 0) continue
      const key = `${link.id}|${stream}`
      let drawn = this.rangeLosses.get(key)
      if (drawn === undefined || drawn.first !== first) {
        const draws = keyedRandom(this.seed, `${link.id}|${stream}|${first}`)
        drawn = { first, lost: lostPositions(draws, first, last, pct / 100) }
        this.rangeLosses.set(key, drawn)
      }
      if (drawn.lost.length > 0) (lost ??= []).push(...drawn.lost)
    }
    if (lost === undefined) return []
    return [...new Set(lost)].sort((x, y) => x - y)
  }

  /** The route exists physically right now: no hop down or black-holed, and the packet fits the path MTU. */
  private passable(route: Route, bytes: number): boolean {
    for (const n of route.nodes) if (this.world.nodesDown.has(this.model.nodes[n]!.id)) return false
    for (const hop of route.hops) {
      const link = this.model.links[hop.link]!
      const imp = this.world.link(link.id)
      if (imp.down) return false
      if (imp.blackhole !== undefined && (imp.blackhole === "forward") === hop.forward) return false
      if (Math.min(bytes, HOST_MTU) > Math.min(link.mtu, imp.mtu ?? Infinity)) return false
      if (link.unit !== undefined && this.world.moved.has(link.unit.id) !== (link.unit.side === "new")) return false
    }
    return true
  }
}
