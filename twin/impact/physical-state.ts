/**
 * The part of the world the impact engine judges health by: which cutover units have moved, whether HKEX
 * has failed over to its backup site, and which links and nodes are out of service. Two instants with the
 * same physical state have the same health, so the state's `key` is what health is cached by.
 *
 * A cutover unit that has just moved (or moved back) is out of service as a whole until routing has caught
 * up with the move: the message engine (twin/world/world.ts) changes the physical links at once but routes
 * over them only after the convergence delay, so for those seconds traffic through the unit's old links is
 * dropped and its new links carry nothing. `linksConverging` holds the old and new links of such units
 * (recording-world.ts puts them there for the delay): moving line A and line B in one step, or rolling
 * both back at once, is the dual-line outage the message engine sees.
 *
 * The impairments routing does not notice are part of it (live-reach.ts `Unnoticed`): firewall rules
 * blocking a service port (`portBlocks`), one-way blackholes (`blackholes`), elements not forwarding
 * multicast (`multicastBlocked`) and MTU cuts (`mtuCuts`) — a flow loses a member whose route to every
 * target crosses one that drops its traffic, as the message engine's live reach judges it. Each is absent
 * when there is none, so a state without them has the key and health it had before they were modelled
 * (the sweep caches by key). Other impairments (loss, latency, bandwidth caps, clock skew, routing held at
 * a stale side) are not: the message engine sees their effect on the protocols; reachability does not
 * change (docs/planner.md, "What it does not see").
 */
import type { CutoverState } from "../../topology/network.ts"
import type { OutOfService } from "../../topology/n-minus-one.ts"
import { type Unnoticed, unnoticedOf } from "../world/live-reach.ts"
import type { WorldState } from "../world/world-state.ts"

export interface PhysicalState extends Unnoticed {
  /** Sorted unit ids. */
  readonly moved: ReadonlyArray<string>
  readonly drFailover: boolean
  /** Sorted link ids (core links and participant circuits). */
  readonly linksDown: ReadonlyArray<string>
  /** Sorted node ids. */
  readonly nodesDown: ReadonlyArray<string>
  /** Sorted link ids of units moved less than the convergence delay ago: out of service until routing converges. */
  readonly linksConverging: ReadonlyArray<string>
}

const sorted = (ids: Iterable<string>): ReadonlyArray<string> => [...new Set(ids)].sort()

export const physicalState = (
  moved: Iterable<string>,
  drFailover: boolean,
  linksDown: Iterable<string> = [],
  nodesDown: Iterable<string> = [],
  linksConverging: Iterable<string> = [],
  unnoticed: Unnoticed = {}
): PhysicalState => ({
  moved: sorted(moved),
  drFailover,
  linksDown: sorted(linksDown),
  nodesDown: sorted(nodesDown),
  linksConverging: sorted(linksConverging),
  ...unnoticedIn(unnoticed)
})

/** The impairments of `u` that are there (an empty list is none: absent, as unnoticedOf gives them). */
const unnoticedIn = (u: Unnoticed): Unnoticed => ({
  ...(u.portBlocks === undefined || u.portBlocks.length === 0 ? {} : { portBlocks: u.portBlocks }),
  ...(u.blackholes === undefined || u.blackholes.length === 0 ? {} : { blackholes: u.blackholes }),
  ...(u.multicastBlocked === undefined || u.multicastBlocked.links.length + u.multicastBlocked.nodes.length === 0 ? {} : { multicastBlocked: u.multicastBlocked }),
  ...(u.mtuCuts === undefined || u.mtuCuts.length === 0 ? {} : { mtuCuts: u.mtuCuts })
})

export const physicalStateOf = (ws: WorldState, linksConverging: Iterable<string> = []): PhysicalState =>
  physicalState(ws.moved, ws.drFailover, ws.linksDown(), ws.nodesDown, linksConverging, unnoticedOf(ws))

/**
 * One string per distinct state. The impairments routing does not notice add a part each only when there
 * (a port's name never starts with `~`, so the parts cannot be mistaken for one another).
 */
export const stateKey = (s: PhysicalState): string =>
  `${s.moved.join(",")}|${s.drFailover ? 1 : 0}|${s.linksDown.join(",")}|${s.nodesDown.join(",")}|${s.linksConverging.join(",")}` +
  (s.portBlocks === undefined ? "" : `|${s.portBlocks.map((b) => `${b.port}:${b.links.join(",")}:${b.nodes.join(",")}`).join(";")}`) +
  (s.blackholes === undefined ? "" : `|~b:${s.blackholes.map((b) => `${b.link}${b.direction === "forward" ? ">" : "<"}`).join(",")}`) +
  (s.multicastBlocked === undefined ? "" : `|~m:${s.multicastBlocked.links.join(",")}:${s.multicastBlocked.nodes.join(",")}`) +
  (s.mtuCuts === undefined ? "" : `|~u:${s.mtuCuts.map((c) => `${c.link}@${c.mtu}`).join(",")}`)

export const cutoverStateOf = (s: PhysicalState): CutoverState => ({ moved: new Set(s.moved), drFailover: s.drFailover })

export const outOfServiceOf = (s: PhysicalState): OutOfService => ({ links: new Set([...s.linksDown, ...s.linksConverging]), nodes: new Set(s.nodesDown) })

/** `s` with more elements out of service (a fault laid over it). */
export const withOut = (s: PhysicalState, links: ReadonlyArray<string>, nodes: ReadonlyArray<string>): PhysicalState =>
  physicalState(s.moved, s.drFailover, [...s.linksDown, ...links], [...s.nodesDown, ...nodes], s.linksConverging, s)
