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
 * Firewall rules blocking a service port are part of it (`portBlocks`): a flow to endpoints of that port
 * loses a member whose route crosses one, as the message engine's live reach judges it (live-reach.ts).
 * Impairments short of "out of service" (loss, latency, MTU cuts, multicast not forwarded, clock skew,
 * routing held at a stale side) are not: the message engine sees their effect on the protocols;
 * reachability does not change (docs/planner.md, "What it does not see").
 */
import type { CutoverState } from "../../topology/network.ts"
import type { OutOfService } from "../../topology/n-minus-one.ts"
import { type PortBlock, portBlocksOf } from "../world/live-reach.ts"
import type { WorldState } from "../world/world-state.ts"

export interface PhysicalState {
  /** Sorted unit ids. */
  readonly moved: ReadonlyArray<string>
  readonly drFailover: boolean
  /** Sorted link ids (core links and participant circuits). */
  readonly linksDown: ReadonlyArray<string>
  /** Sorted node ids. */
  readonly nodesDown: ReadonlyArray<string>
  /** Sorted link ids of units moved less than the convergence delay ago: out of service until routing converges. */
  readonly linksConverging: ReadonlyArray<string>
  /** Firewall rules in force, by port (live-reach.ts `portBlocksOf`); absent when none. */
  readonly portBlocks?: ReadonlyArray<PortBlock>
}

const sorted = (ids: Iterable<string>): ReadonlyArray<string> => [...new Set(ids)].sort()

export const physicalState = (
  moved: Iterable<string>,
  drFailover: boolean,
  linksDown: Iterable<string> = [],
  nodesDown: Iterable<string> = [],
  linksConverging: Iterable<string> = [],
  portBlocks: ReadonlyArray<PortBlock> = []
): PhysicalState => ({
  moved: sorted(moved),
  drFailover,
  linksDown: sorted(linksDown),
  nodesDown: sorted(nodesDown),
  linksConverging: sorted(linksConverging),
  ...(portBlocks.length === 0 ? {} : { portBlocks })
})

export const physicalStateOf = (ws: WorldState, linksConverging: Iterable<string> = []): PhysicalState =>
  physicalState(ws.moved, ws.drFailover, ws.linksDown(), ws.nodesDown, linksConverging, portBlocksOf(ws))

export const stateKey = (s: PhysicalState): string =>
  `${s.moved.join(",")}|${s.drFailover ? 1 : 0}|${s.linksDown.join(",")}|${s.nodesDown.join(",")}|${s.linksConverging.join(",")}` +
  (s.portBlocks === undefined ? "" : `|${s.portBlocks.map((b) => `${b.port}:${b.links.join(",")}:${b.nodes.join(",")}`).join(";")}`)

export const cutoverStateOf = (s: PhysicalState): CutoverState => ({ moved: new Set(s.moved), drFailover: s.drFailover })

export const outOfServiceOf = (s: PhysicalState): OutOfService => ({ links: new Set([...s.linksDown, ...s.linksConverging]), nodes: new Set(s.nodesDown) })

/** `s` with more elements out of service (a fault laid over it). */
export const withOut = (s: PhysicalState, links: ReadonlyArray<string>, nodes: ReadonlyArray<string>): PhysicalState =>
  physicalState(s.moved, s.drFailover, [...s.linksDown, ...links], [...s.nodesDown, ...nodes], s.linksConverging, s.portBlocks)
