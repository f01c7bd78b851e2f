/**
 * The part of the world the impact engine judges health by: which cutover units have moved, whether HKEX
 * has failed over to its backup site, and which links and nodes are out of service. Two instants with the
 * same physical state have the same health, so the state's `key` is what health is cached by.
 *
 * Impairments short of "out of service" (loss, latency, MTU cuts, firewall rules, multicast not
 * forwarded, clock skew, routing held at a stale side) are not part of it: the message engine sees their
 * effect on the protocols; reachability does not change (docs/scaling.md, "What the impact engine sees").
 */
import type { CutoverState } from "../../topology/network.ts"
import type { OutOfService } from "../../topology/n-minus-one.ts"
import type { WorldState } from "../world/world-state.ts"

export interface PhysicalState {
  /** Sorted unit ids. */
  readonly moved: ReadonlyArray<string>
  readonly drFailover: boolean
  /** Sorted link ids (core links and participant circuits). */
  readonly linksDown: ReadonlyArray<string>
  /** Sorted node ids. */
  readonly nodesDown: ReadonlyArray<string>
}

const sorted = (ids: Iterable<string>): ReadonlyArray<string> => [...new Set(ids)].sort()

export const physicalState = (
  moved: Iterable<string>,
  drFailover: boolean,
  linksDown: Iterable<string> = [],
  nodesDown: Iterable<string> = []
): PhysicalState => ({ moved: sorted(moved), drFailover, linksDown: sorted(linksDown), nodesDown: sorted(nodesDown) })

export const physicalStateOf = (ws: WorldState): PhysicalState => physicalState(ws.moved, ws.drFailover, ws.linksDown(), ws.nodesDown)

export const stateKey = (s: PhysicalState): string =>
  `${s.moved.join(",")}|${s.drFailover ? 1 : 0}|${s.linksDown.join(",")}|${s.nodesDown.join(",")}`

export const cutoverStateOf = (s: PhysicalState): CutoverState => ({ moved: new Set(s.moved), drFailover: s.drFailover })

export const outOfServiceOf = (s: PhysicalState): OutOfService => ({ links: new Set(s.linksDown), nodes: new Set(s.nodesDown) })

/** `s` with more elements out of service (a fault laid over it). */
export const withOut = (s: PhysicalState, links: ReadonlyArray<string>, nodes: ReadonlyArray<string>): PhysicalState =>
  physicalState(s.moved, s.drFailover, [...s.linksDown, ...links], [...s.nodesDown, ...nodes])
