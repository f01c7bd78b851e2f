/**
 * The `Network` the runtime sends through, for the estate: a message follows the route the router has now
 * (possibly stale, see topology/routes.ts) and is judged hop by hop against the live state — a link or node that is
 * down, a one-way blackhole, a firewall rule blocking the message's service port (service-ports.ts), a
 * multicast crossing an element that does not forward multicast, a packet bigger than the path MTU (the
 * elements' rule is passage.ts, which the live reach applies too) and random loss drop it; latency is the
 * sum of the links' base latency, added latency and jitter, plus serialisation on the slowest link, queued
 * per sender and receiver (a bulk transfer takes the time its bytes need). Messages between the same two
 * nodes never overtake each other (TCP and multicast both keep order per path).
 *
 * Congestion is modelled only where a fault caps a link's bandwidth (`capMbps`): such a link is one FIFO
 * queue shared by every sender whose traffic crosses it (a multicast message crosses it once, however many
 * receivers sit behind it), so concurrent transfers share its capacity. Uncapped links keep the per-pair
 * queue alone, which costs nothing per message beyond it: the estate's links are far faster than the
 * circuits that feed them, so their contention is not what the twin is asked about. The shared queue has
 * no buffer limit [U]: a capped link delays traffic, it does not tail-drop it.
 *
 * Random loss is a property of the link, not of a receiver: on a multicast, a lossy link drops the same
 * packets for every receiver behind it, so a loss upstream of a fan-out hits everyone below it. A copy that
 * stands for a sequence range (an OMD slice or snapshot) loses the packets it is made of — runs of the
 * range's `perPacket` consecutive numbers (twin/models/omd/stream.ts) — drawn once per link, stream and
 * range (`keyedRandom` keyed `link|stream|first`): every receiver behind the link misses the same numbers, line A and line B (two streams) lose independently, and a receiver behind two lossy links
 * misses the union of both. The copy itself always arrives (a one-second slice is hundreds of packets,
 * never lost whole by a 1 % loss). A single-packet multicast (heartbeat, Sequence Reset) is lost whole,
 * drawn once per link and multicast (`link|#id`), again the same for every receiver.
 *
 * Unicast on a TCP connection (a `send` with a `stream`: OCG-C, China Connect, RTS and ECP SFTP sessions, the Lookup Service) is never
 * lost: random loss delays it by the retransmissions that got it through, each sending drawn from the
 * run's stream (`deliverStream`, twin/engine/tcp.ts), and a cut path leaves it to the runtime, which holds
 * it and retransmits (runtime.ts) — unless an end of the path is down, when the connection is dead
 * (`RESET`). Unicast without a stream (a datagram: none of the shipped models sends one since the links
 * inside HKEX and ECP moved onto connections) is dropped with the route's loss probability, drawn per
 * message. Each unicast message has one receiver, so no two receivers can disagree about it.
 */
import type { EstateModel } from "../../topology/model.ts"
import { type Draws, keyedRandom, lostPositions } from "../engine/random.ts"
import type { Network } from "../engine/runtime.ts"
import { type Backoff, RESET, retransmissionDelay } from "../engine/tcp.ts"
import type { Micros } from "../engine/time.ts"
import type { Route, Router } from "../../topology/routes.ts"
import { blackholes, blocksPort, fits, hopMtu } from "./passage.ts"
import { portOfKind, type ServicePort } from "./service-ports.ts"
import type { WorldState } from "./world-state.ts"

/**
 * The numbers of `first..last` in the packets lost with probability `p`: packet i holds the `perPacket`
 * numbers from first + i·perPacket (the last one may be short), each lost whole, as a real packet is.
 */
const lostPackets = (draws: Draws, first: number, last: number, perPacket: number, p: number): Array<number> => {
  if (perPacket <= 1) return lostPositions(draws, first, last, p)
  const out: Array<number> = []
  for (const i of lostPositions(draws, 0, Math.ceil((last - first + 1) / perPacket) - 1, p)) {
    const from = first + i * perPacket
    for (let s = from, end = Math.min(last, from + perPacket - 1); s <= end; s++) out.push(s)
  }
  return out
}

/** Told where a network's traffic meets other traffic in an order one world sets (`SimNetwork.watchMeetings`). */
export interface MeetingWatcher {
  readonly drew: () => void
  readonly capped: (link: number) => void
}

export class SimNetwork implements Network {
  private readonly model: EstateModel
  private readonly router: Router
  private readonly world: WorldState
  private readonly draws: Draws
  private readonly seed: number
  /**
   * Per sender and receiver: the route as of the router's `epoch`, and the queue — when the sender's last
   * message has left the slowest link, and arrived (`queued` false: nothing sent yet). One record per pair
   * for the whole run, found with one two-level lookup per message and updated in place.
   */
  private readonly pairs = new Map<string, Map<string, PairRecord>>()
  /** Per link and stream, the last range drawn (receivers of one multicast ask in turn for the same range). */
  private readonly rangeLosses = new Map<string, { first: number; last: number; lost: ReadonlyArray<number> }>()
  /** Per model link index, the last single-packet multicast judged on it and whether the link lost it. */
  private packetLosses: { readonly id: Float64Array; readonly lost: Uint8Array } | undefined
  /**
   * Capped links' shared queues, by model link index (allocated on the first cap): when the link is next
   * free, and the last multicast that crossed it with the time it left (one copy per multicast).
   */
  private capQueues: { readonly free: Float64Array; readonly multicast: Float64Array; readonly done: Float64Array } | undefined
  /** Whether a draw was taken from the run's one stream (jitter, unicast loss), and the capped links whose queues were used. */
  private drawn = false
  private readonly cappedUsed = new Set<number>()
  private watcher: MeetingWatcher | undefined

  constructor(model: EstateModel, router: Router, world: WorldState, draws: Draws, seed: number) {
    this.model = model
    this.router = router
    this.world = world
    this.draws = draws
    this.seed = seed
  }

  /**
   * Tells `watcher` where this network's traffic meets what other traffic in the same world would meet in a
   * shared order: its first draw from the run's one stream, and each capped link whose queue it uses (model
   * link index), the first time. Nothing for a world without lossy, jittery or capped links. A run in parts
   * (twin/simulate/parts.ts) is the one world's only if no two parts met at one of these.
   */
  watchMeetings(watcher: MeetingWatcher): void {
    this.watcher = watcher
    if (this.drawn) watcher.drew()
    for (const link of this.cappedUsed) watcher.capped(link)
  }

  private draw(): number {
    if (!this.drawn) {
      this.drawn = true
      this.watcher?.drew()
    }
    return this.draws.next()
  }

  readonly deliver = (from: string, to: string, bytes: number, now: Micros, multicast?: number, ranged?: boolean): Micros | undefined =>
    this.deliverOn(this.channel(from, to), bytes, now, multicast, ranged)

  /** The record of the pair `from` → `to` (one for the whole run): the runtime keeps it per sender and receiver. */
  readonly channel = (from: string, to: string): PairRecord => {
    let byTarget = this.pairs.get(from)
    if (byTarget === undefined) this.pairs.set(from, (byTarget = new Map()))
    let pair = byTarget.get(to)
    if (pair === undefined) byTarget.set(to, (pair = newPair(from, to)))
    return pair
  }

  /**
   * `deliverOn` for a message on a TCP connection (twin/engine/tcp.ts): random loss delays it by the
   * retransmissions that got it through; undefined when the path is cut (the runtime holds it), `RESET`
   * when an end of it is down (the connection died with the host).
   */
  readonly deliverStream = (channel: unknown, bytes: number, now: Micros, backoff: Backoff): Micros | undefined =>
    this.deliverOn(channel, bytes, now, undefined, undefined, backoff)

  /** The runtime holds messages on the pair `channel` (a TCP connection whose path is cut) or no longer. */
  readonly holding = (channel: unknown, held: boolean): void => {
    ;(channel as PairRecord).held += held ? 1 : -1
  }

  /** `deliver` on the pair `channel` gave. */
  readonly deliverOn = (channel: unknown, bytes: number, now: Micros, multicast?: number, ranged?: boolean, backoff?: Backoff): Micros | undefined => {
    const pair = channel as PairRecord
    if (pair.epoch !== this.router.epoch) {
      pair.route = this.router.route(pair.from, pair.to)
      pair.epoch = this.router.epoch
      pair.judged = undefined
    }
    const route = pair.route
    // No route: a partition holds a TCP connection's messages, a host that is down has taken it with it.
    if (route === undefined) return backoff !== undefined && (this.world.nodesDown.has(pair.from) || this.world.nodesDown.has(pair.to)) ? RESET : undefined
    // The judgement is kept on the pair (one object per message, not the pair and its route).
    let j = pair.judged
    if (j === undefined || j.version !== this.world.version) {
      j = route.judged as Judged | undefined
      if (j === undefined || j.version !== this.world.version) route.judged = j = this.judge(route)
      pair.judged = j
    }
    if (!j.open || !fits(bytes, j.mtu)) return backoff !== undefined && j.endDown ? RESET : undefined
    if (multicast !== undefined && !j.multicastOpen) return undefined
    let latency = j.latencyUs
    for (const jitter of j.jitters) {
      latency += Math.floor(this.draw() * (jitter + 1))
    }
    if (j.keep < 1) {
      // See the header: unicast per message; a ranged multicast loses sequence numbers (lostInRange), not
      // the copy; a single-packet multicast once per link for every receiver.
      if (multicast === undefined) {
        if (backoff === undefined) {
          if (this.draw() >= j.keep) return undefined
        } else {
          const keep = j.keep
          const retransmitted = retransmissionDelay(backoff, () => this.draw() >= keep)
          if (retransmitted === undefined) return undefined
          latency += retransmitted
        }
      } else if (ranged !== true && this.packetLost(route, multicast)) return undefined
    }
    // Serialisation on the slowest link (Mbps = bits per µs), queued behind what this sender already has
    // in flight to this receiver: a 4 MiB upload over a 50 Mbps circuit takes its 0.7 s, window or not.
    const serialisation = j.slowestMbps === Infinity ? 0 : Math.ceil((bytes * 8) / j.slowestMbps)
    if (!pair.queued) {
      let sent = now + serialisation
      if (j.capped.length > 0) sent = this.throughCaps(j.capped, bytes, sent, multicast)
      pair.queued = true
      pair.wireFree = sent
      pair.arrival = sent + latency
      return sent + latency
    }
    let sent = Math.max(now, pair.wireFree) + serialisation
    if (j.capped.length > 0) sent = this.throughCaps(j.capped, bytes, sent, multicast)
    pair.wireFree = sent
    pair.arrival = Math.max(sent + latency, pair.arrival)
    return pair.arrival
  }
  /**
   * Whether messages from `from` to `to` now arrive at a fixed delay with nothing random on the way (route
   * open, no loss, no jitter, no bandwidth cap shared with other senders): the condition for a model to
   * predict its own traffic (heartbeat elision).
   */
  steady(from: string, to: string): boolean {
    const route = this.router.route(from, to)
    if (route === undefined) return false
    let j = route.judged as Judged | undefined
    if (j === undefined || j.version !== this.world.version) route.judged = j = this.judge(route)
    if ((this.pairs.get(from)?.get(to)?.held ?? 0) > 0) return false // a TCP connection's messages wait for retransmission
    return j.open && j.keep === 1 && j.jitters.length === 0 && j.capped.length === 0
  }

  /**
   * What a message from `from` to `to` would meet now, read without sending anything (no draw, no queue):
   * the real endpoints (twin/rig) gate their sockets on it, so a socket is open exactly while the twin's
   * own traffic on that path gets through. Undefined when no route exists.
   */
  pathNow(from: string, to: string): PathNow | undefined {
    const route = this.router.route(from, to)
    if (route === undefined) return undefined
    let j = route.judged as Judged | undefined
    if (j === undefined || j.version !== this.world.version) route.judged = j = this.judge(route)
    return { open: j.open, multicastOpen: j.multicastOpen, mtu: j.mtu, lossPct: (1 - j.keep) * 100, latencyUs: j.latencyUs }
  }

  /** The pair's queue: when the sender's last message left the slowest link and when it arrived. */
  pairState(from: string, to: string): { readonly wireFree: Micros; readonly arrival: Micros } | undefined {
    const pair = this.pairs.get(from)?.get(to)
    return pair === undefined || !pair.queued ? undefined : { wireFree: pair.wireFree, arrival: pair.arrival }
  }

  /** Puts a pair's queue back as `pairState` gave it, moved on by `shift` µs (heartbeat elision). */
  setPairState(from: string, to: string, state: { readonly wireFree: Micros; readonly arrival: Micros } | undefined, shift: Micros): void {
    let byTarget = this.pairs.get(from)
    if (state === undefined) {
      const pair = byTarget?.get(to)
      if (pair !== undefined) pair.queued = false
      return
    }
    if (byTarget === undefined) this.pairs.set(from, (byTarget = new Map()))
    let pair = byTarget.get(to)
    if (pair === undefined) byTarget.set(to, (pair = newPair(from, to)))
    pair.queued = true
    pair.wireFree = state.wireFree + shift
    pair.arrival = state.arrival + shift
  }

  readonly lostInRange = (
    from: string,
    to: string,
    stream: string,
    first: number,
    last: number,
    _now?: Micros,
    perPacket = 1
  ): ReadonlyArray<number> => {
    // Called right after `deliver` let the message through: its judgement says whether any hop loses.
    const pair = this.pairs.get(from)?.get(to)
    const j = pair?.judged
    if (j !== undefined && j.version === this.world.version && pair!.epoch === this.router.epoch && !j.lossy) return noLoss
    const route = pair !== undefined && pair.epoch === this.router.epoch ? pair.route : this.router.route(from, to)
    if (route === undefined) return []
    let lost: Array<number> | undefined
    for (const hop of route.hops) {
      const link = this.model.links[hop.link]!
      const pct = this.world.link(link.id).lossPct
      if (pct <= 0) continue
      const key = `${link.id}|${stream}`
      let drawn = this.rangeLosses.get(key)
      // The draws depend on the link, stream and first number only (geometric skipping over the packets
      // from `first`), so two ranges from the same first agree on their common part whatever their ends.
      if (drawn === undefined || drawn.first !== first || drawn.last !== last) {
        const draws = keyedRandom(this.seed, `${link.id}|${stream}|${first}`)
        drawn = { first, last, lost: lostPackets(draws, first, last, perPacket, pct / 100) }
        this.rangeLosses.set(key, drawn)
      }
      if (drawn.lost.length > 0) (lost ??= []).push(...drawn.lost)
    }
    if (lost === undefined) return []
    return [...new Set(lost)].sort((x, y) => x - y)
  }

  /**
   * Whether single-packet multicast `id` is lost on `route`: each lossy hop drops it with its loss
   * probability, drawn once per link and multicast, so receivers sharing a link share its verdict.
   */
  private packetLost(route: Route, id: number): boolean {
    let q = this.packetLosses
    if (q === undefined) {
      const n = this.model.links.length
      q = this.packetLosses = { id: new Float64Array(n).fill(-1), lost: new Uint8Array(n) } // -1: no multicast judged yet
    }
    let lost = false
    for (const hop of route.hops) {
      const link = this.model.links[hop.link]!
      const pct = this.world.link(link.id).lossPct
      if (pct <= 0) continue
      if (q.id[hop.link] !== id) {
        q.id[hop.link] = id
        q.lost[hop.link] = keyedRandom(this.seed, `${link.id}|#${id}`).next() < pct / 100 ? 1 : 0
      }
      if (q.lost[hop.link] === 1) lost = true
    }
    return lost
  }

  /**
   * A message that would leave the sender's queue at `sent` waits its turn on every capped link of its route
   * (in route order) behind what other senders put there: it leaves each when the link has carried
   * everything queued before it and its own bytes at the cap.
   */
  private throughCaps(capped: ReadonlyArray<CappedHop>, bytes: number, sent: Micros, multicast: number | undefined): Micros {
    let q = this.capQueues
    if (q === undefined) {
      const n = this.model.links.length
      q = this.capQueues = { free: new Float64Array(n), multicast: new Float64Array(n), done: new Float64Array(n) }
    }
    for (const c of capped) {
      if (!this.cappedUsed.has(c.link)) {
        this.cappedUsed.add(c.link)
        this.watcher?.capped(c.link)
      }
      if (multicast !== undefined && q.multicast[c.link] === multicast) {
        sent = Math.max(sent, q.done[c.link]!) // the copy already on its way for an earlier receiver
        continue
      }
      const done = Math.max(sent, q.free[c.link]! + Math.ceil((bytes * 8) / c.mbps))
      q.free[c.link] = done
      if (multicast !== undefined) {
        q.multicast[c.link] = multicast
        q.done[c.link] = done
      }
      sent = done
    }
    return sent
  }

  /**
   * What the live state (one version of it) does to a route: whether it is physically open (no hop down or
   * black-holed in its direction, no hop on the dark side of a cutover unit, no node down), its path MTU,
   * fixed latency, per-hop jitter, delivery probability and slowest link. Cached on the route until the
   * world changes, so a message costs a lookup, not a walk.
   */
  private judge(route: Route): Judged {
    let open = true
    let mtu = Infinity
    let latencyUs = 0
    let keep = 1
    let lossy = false
    let slowestMbps = Infinity
    let multicastOpen = true
    let capped: Array<CappedHop> | undefined
    const jitters: Array<number> = []
    // Blackholes, multicast, firewall rules and MTU: passage.ts, the rule the live reach applies too.
    const ports = this.portsOf(route)
    let endDown = false
    for (const n of route.nodes) {
      const id = this.model.nodes[n]!.id
      if (this.world.nodesDown.has(id)) {
        open = false
        if (n === route.nodes[0] || n === route.nodes.at(-1)) endDown = true
      }
      if (this.world.nodes.size === 0) continue
      const imp = this.world.node(id)
      if (imp.multicastBlocked) multicastOpen = false
      if (blocksPort(imp.blockedPorts, ports)) open = false
    }
    for (const hop of route.hops) {
      const link = this.model.links[hop.link]!
      const imp = this.world.link(link.id)
      if (imp.down) open = false
      if (imp.multicastBlocked) multicastOpen = false
      if (blocksPort(imp.blockedPorts, ports)) open = false
      if (imp.capMbps !== undefined) (capped ??= []).push({ link: hop.link, mbps: imp.capMbps })
      if (blackholes(imp, hop.forward)) open = false
      if (link.unit !== undefined && this.world.moved.has(link.unit.id) !== (link.unit.side === "new")) open = false
      mtu = Math.min(mtu, hopMtu(link, imp))
      latencyUs += link.latencyUs + imp.addedLatencyUs
      if (imp.jitterUs > 0) jitters.push(imp.jitterUs)
      if (imp.lossPct > 0) {
        keep *= 1 - imp.lossPct / 100
        lossy = true
      }
      slowestMbps = Math.min(slowestMbps, link.capacityMbps, imp.capMbps ?? Infinity)
    }
    return {
      version: this.world.version,
      open,
      endDown,
      multicastOpen,
      mtu,
      latencyUs: Math.round(latencyUs),
      keep,
      lossy,
      slowestMbps,
      jitters,
      capped: capped ?? noCaps
    }
  }

  /** The service ports a route's messages belong to: those of its two ends (service-ports.ts). */
  private portsOf(route: Route): ReadonlyArray<ServicePort> {
    const out: Array<ServicePort> = []
    for (const n of [route.nodes[0], route.nodes.at(-1)]) {
      const port = n === undefined ? undefined : portOfKind[this.model.nodes[n]!.kind]
      if (port !== undefined) out.push(port)
    }
    return out
  }
}

interface PairRecord {
  readonly from: string
  readonly to: string
  route: Route | undefined
  /** The router's epoch `route` was fetched at. */
  epoch: number
  /** The route's judgement (also cached on the route), when fetched. */
  judged: Judged | undefined
  queued: boolean
  wireFree: Micros
  arrival: Micros
  /** TCP connections over the pair whose messages the runtime holds for retransmission (not steady while any). */
  held: number
}

const noLoss: ReadonlyArray<number> = Object.freeze([])

const newPair = (from: string, to: string): PairRecord => ({ from, to, route: undefined, epoch: -1, judged: undefined, queued: false, wireFree: 0, arrival: 0, held: 0 })

interface CappedHop {
  /** Index into `model.links`. */
  readonly link: number
  readonly mbps: number
}

const noCaps: ReadonlyArray<CappedHop> = []

/** A path's state now, as `pathNow` reads it. */
export interface PathNow {
  /** Physically open: no hop down or black-holed, no dark unit, no node down, no firewall rule on its service port. */
  readonly open: boolean
  /** False when an element on it does not forward multicast (unicast still passes). */
  readonly multicastOpen: boolean
  /** Path MTU in bytes (Infinity: no limit below the hosts'). */
  readonly mtu: number
  /** Chance in percent that one packet is lost somewhere on it. */
  readonly lossPct: number
  /** Fixed one-way latency, without jitter or queueing. */
  readonly latencyUs: number
}

interface Judged {
  readonly version: number
  readonly open: boolean
  /** An end of the route (the sender's or the receiver's node) is down: a TCP connection over it is dead. */
  readonly endDown: boolean
  /** False when an element of the route does not forward multicast (unicast still passes). */
  readonly multicastOpen: boolean
  readonly mtu: number
  readonly latencyUs: number
  readonly keep: number
  /** Some hop loses packets (keep may round to 1 for a tiny loss). */
  readonly lossy: boolean
  readonly slowestMbps: number
  readonly jitters: ReadonlyArray<number>
  /** Hops over links with a bandwidth cap, in route order: their shared queues (empty: none). */
  readonly capped: ReadonlyArray<CappedHop>
}
