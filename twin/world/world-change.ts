/**
 * Every change the world accepts, as data: scenario steps, faults and the instructor's live controls say
 * what changes (`WorldChange`), the world applies it (`WorldPort.apply`), records it and tells the wirings,
 * which switch on the tag. One union instead of one method per change, so that a new kind of change is one
 * variant here, and every place that must react to it fails to compile until it does.
 *
 * Gotchas:
 * - A link's or node's impairment changes one aspect at a time (loss, latency, MTU, …); the others stay.
 *   `restoring` is the change that puts back what an element had for that aspect (a fault's end).
 * - The trace keeps the vocabulary it had before the union (`world.change`, docs/trace.md): `what` is
 *   `link` for every link aspect and `node-impairment` for a node's short of down, the data keys are the
 *   impairment's field names in a fixed order, a cleared field (undefined) is written as null.
 */
import type { LinkChangeFields, NodeImpairmentFields, WorldChangeData, WorldChangeWhat } from "../contract/kinds-world.ts"
import type { ServicePort } from "./service-ports.ts"
import type { LinkImpairment, NodeImpairment, WorldState, WorldStateView } from "./world-state.ts"

/** A cutover unit moved to the new backbone (`back`: moved back to the old, e.g. a rollback). */
export interface UnitMoved {
  readonly _tag: "UnitMoved"
  readonly unit: string
  readonly back: boolean
}

/** A link down (out of routing, traffic lost) or back up. */
export interface LinkDown {
  readonly _tag: "LinkDown"
  readonly link: string
  readonly down: boolean
}

/** Random loss on a link, 0–100 % (0: none). */
export interface LinkLoss {
  readonly _tag: "LinkLoss"
  readonly link: string
  readonly lossPct: number
}

/** Added one-way latency on a link, and jitter drawn per message in [0, jitterUs]. */
export interface LinkLatency {
  readonly _tag: "LinkLatency"
  readonly link: string
  readonly addedLatencyUs: number
  readonly jitterUs: number
}

/** An MTU below the link's own (undefined: the link's own again). */
export interface LinkMtu {
  readonly _tag: "LinkMtu"
  readonly link: string
  readonly mtu: number | undefined
}

/** One direction of a link drops everything (undefined: both pass again). */
export interface LinkBlackhole {
  readonly _tag: "LinkBlackhole"
  readonly link: string
  readonly blackhole: LinkImpairment["blackhole"]
}

/** A bandwidth cap below the link's capacity, Mbps (undefined: the link's own capacity again). */
export interface LinkCap {
  readonly _tag: "LinkCap"
  readonly link: string
  readonly capMbps: number | undefined
}

/** Multicast not forwarded across a link (no PIM/RP on it), or forwarded again. */
export interface LinkMulticast {
  readonly _tag: "LinkMulticast"
  readonly link: string
  readonly multicastBlocked: boolean
}

/** The service ports a firewall rule on a link drops, sorted (empty: none). */
export interface LinkPorts {
  readonly _tag: "LinkPorts"
  readonly link: string
  readonly blockedPorts: ReadonlyArray<ServicePort>
}

/** A node down (crashed, powered off: its machines crash, traffic through it is lost) or back up. */
export interface NodeDown {
  readonly _tag: "NodeDown"
  readonly node: string
  readonly down: boolean
}

/** Multicast not forwarded through a node (the whole segment behind it), or forwarded again. */
export interface NodeMulticast {
  readonly _tag: "NodeMulticast"
  readonly node: string
  readonly multicastBlocked: boolean
}

/** The service ports a firewall rule on a node drops, sorted (empty: none). */
export interface NodePorts {
  readonly _tag: "NodePorts"
  readonly node: string
  readonly blockedPorts: ReadonlyArray<ServicePort>
}

/** A publisher node's clock runs `skewUs` ahead (negative: behind; 0: right). */
export interface ClockSkew {
  readonly _tag: "ClockSkew"
  readonly node: string
  readonly skewUs: number
}

/**
 * Routing's view of a unit held at the side it is on now (`wrong-route`), or following the unit again:
 * while held, moving the unit changes the physical network but routing keeps sending traffic the old way.
 */
export interface RoutingHold {
  readonly _tag: "RoutingHold"
  readonly unit: string
  readonly held: boolean
}

/** HKEX declares (or withdraws) DR failover to its backup site. */
export interface DrFailover {
  readonly _tag: "DrFailover"
  readonly on: boolean
}

export type LinkChange = LinkDown | LinkLoss | LinkLatency | LinkMtu | LinkBlackhole | LinkCap | LinkMulticast | LinkPorts
export type NodeImpairmentChange = NodeMulticast | NodePorts
export type WorldChange = UnitMoved | LinkChange | NodeDown | NodeImpairmentChange | ClockSkew | RoutingHold | DrFailover

/** Constructors, so that callers write `WorldChange.nodeDown(node, true)`. */
export const WorldChange = {
  unitMoved: (unit: string, back = false): UnitMoved => ({ _tag: "UnitMoved", unit, back }),
  linkDown: (link: string, down: boolean): LinkDown => ({ _tag: "LinkDown", link, down }),
  linkLoss: (link: string, lossPct: number): LinkLoss => ({ _tag: "LinkLoss", link, lossPct }),
  linkLatency: (link: string, addedLatencyUs: number, jitterUs: number): LinkLatency => ({ _tag: "LinkLatency", link, addedLatencyUs, jitterUs }),
  linkMtu: (link: string, mtu: number | undefined): LinkMtu => ({ _tag: "LinkMtu", link, mtu }),
  linkBlackhole: (link: string, blackhole: LinkImpairment["blackhole"]): LinkBlackhole => ({ _tag: "LinkBlackhole", link, blackhole }),
  linkCap: (link: string, capMbps: number | undefined): LinkCap => ({ _tag: "LinkCap", link, capMbps }),
  linkMulticast: (link: string, multicastBlocked: boolean): LinkMulticast => ({ _tag: "LinkMulticast", link, multicastBlocked }),
  linkPorts: (link: string, blockedPorts: ReadonlyArray<ServicePort>): LinkPorts => ({ _tag: "LinkPorts", link, blockedPorts }),
  nodeDown: (node: string, down: boolean): NodeDown => ({ _tag: "NodeDown", node, down }),
  nodeMulticast: (node: string, multicastBlocked: boolean): NodeMulticast => ({ _tag: "NodeMulticast", node, multicastBlocked }),
  nodePorts: (node: string, blockedPorts: ReadonlyArray<ServicePort>): NodePorts => ({ _tag: "NodePorts", node, blockedPorts }),
  clockSkew: (node: string, skewUs: number): ClockSkew => ({ _tag: "ClockSkew", node, skewUs }),
  routingHold: (unit: string, held: boolean): RoutingHold => ({ _tag: "RoutingHold", unit, held }),
  drFailover: (on: boolean): DrFailover => ({ _tag: "DrFailover", on })
} as const

/** The impairment fields a link change sets, in the order the trace writes them. */
const linkFields = (change: LinkChange): Partial<LinkImpairment> => {
  switch (change._tag) {
    case "LinkDown":
      return { down: change.down }
    case "LinkLoss":
      return { lossPct: change.lossPct }
    case "LinkLatency":
      return { addedLatencyUs: change.addedLatencyUs, jitterUs: change.jitterUs }
    case "LinkMtu":
      return { mtu: change.mtu }
    case "LinkBlackhole":
      return { blackhole: change.blackhole }
    case "LinkCap":
      return { capMbps: change.capMbps }
    case "LinkMulticast":
      return { multicastBlocked: change.multicastBlocked }
    case "LinkPorts":
      return { blockedPorts: change.blockedPorts }
  }
}

const nodeFields = (change: NodeImpairmentChange): Partial<NodeImpairment> =>
  change._tag === "NodeMulticast" ? { multicastBlocked: change.multicastBlocked } : { blockedPorts: change.blockedPorts }

/** The change that puts back what `state` has now for what `change` touches (a fault's end restores it). */
export const restoring = (change: WorldChange, state: WorldStateView): WorldChange => {
  switch (change._tag) {
    case "UnitMoved":
      return WorldChange.unitMoved(change.unit, !state.moved.has(change.unit))
    case "LinkDown":
      return WorldChange.linkDown(change.link, state.link(change.link).down)
    case "LinkLoss":
      return WorldChange.linkLoss(change.link, state.link(change.link).lossPct)
    case "LinkLatency": {
      const now = state.link(change.link)
      return WorldChange.linkLatency(change.link, now.addedLatencyUs, now.jitterUs)
    }
    case "LinkMtu":
      return WorldChange.linkMtu(change.link, state.link(change.link).mtu)
    case "LinkBlackhole":
      return WorldChange.linkBlackhole(change.link, state.link(change.link).blackhole)
    case "LinkCap":
      return WorldChange.linkCap(change.link, state.link(change.link).capMbps)
    case "LinkMulticast":
      return WorldChange.linkMulticast(change.link, state.link(change.link).multicastBlocked)
    case "LinkPorts":
      return WorldChange.linkPorts(change.link, state.link(change.link).blockedPorts)
    case "NodeDown":
      return WorldChange.nodeDown(change.node, state.nodesDown.has(change.node))
    case "NodeMulticast":
      return WorldChange.nodeMulticast(change.node, state.node(change.node).multicastBlocked)
    case "NodePorts":
      return WorldChange.nodePorts(change.node, state.node(change.node).blockedPorts)
    case "ClockSkew":
      return WorldChange.clockSkew(change.node, state.clockSkew.get(change.node) ?? 0)
    case "RoutingHold":
      return WorldChange.routingHold(change.unit, state.heldUnits.has(change.unit))
    case "DrFailover":
      return WorldChange.drFailover(state.drFailover)
  }
}

/** Applies `change` to `state` (the physical state only: routing, health and the trace are the world's). */
export const applyChange = (state: WorldState, change: WorldChange): void => {
  switch (change._tag) {
    case "UnitMoved":
      if (change.back) state.moved.delete(change.unit)
      else state.moved.add(change.unit)
      return
    case "NodeDown":
      if (change.down) state.nodesDown.add(change.node)
      else state.nodesDown.delete(change.node)
      return
    case "NodeMulticast":
    case "NodePorts":
      return state.impairNode(change.node, nodeFields(change))
    case "ClockSkew":
      if (change.skewUs === 0) state.clockSkew.delete(change.node)
      else state.clockSkew.set(change.node, change.skewUs)
      return
    case "RoutingHold": {
      if (!change.held) {
        state.heldUnits.delete(change.unit)
        return
      }
      state.heldUnits.set(change.unit, heldSide(state, change.unit))
      return
    }
    case "DrFailover":
      state.drFailover = change.on
      return
    default:
      return state.impair(change.link, linkFields(change))
  }
}

/** The side routing keeps a held unit at: where it is held already, else where the unit is now. */
const heldSide = (state: WorldStateView, unit: string): boolean => state.heldUnits.get(unit) ?? state.moved.has(unit)

/** The `what` of a `world.change` (and of its `world.converged`): the trace's word for the kind of change. */
export type ChangeWhat = WorldChangeWhat

/** How a change is written in the trace (`world.change`): its subject and its data, `what` first. */
export interface TracedChange {
  readonly subject: string
  readonly data: WorldChangeData
}

/** `change` as the trace writes it, judged against `state` before it is applied (a routing hold's side). */
export const traceOf = (change: WorldChange, state: WorldStateView): TracedChange => {
  switch (change._tag) {
    case "UnitMoved":
      return { subject: change.unit, data: { what: "unit", moved: !change.back } }
    case "NodeDown":
      return { subject: change.node, data: { what: "node", down: change.down } }
    case "NodeMulticast":
    case "NodePorts":
      return { subject: change.node, data: { what: "node-impairment", ...cleared(nodeFields(change)) } }
    case "ClockSkew":
      return { subject: change.node, data: { what: "clock", skewUs: change.skewUs } }
    case "RoutingHold":
      return { subject: change.unit, data: { what: "routing-hold", held: change.held, moved: heldSide(state, change.unit) } }
    case "DrFailover":
      return { subject: "hkex", data: { what: "dr-failover", on: change.on } }
    default:
      return { subject: change.link, data: { what: "link", ...cleared(linkFields(change)) } }
  }
}

/** The estate element a change is about (a link or a node), for wirings that react by element. */
export const elementOf = (change: WorldChange): { readonly link: string } | { readonly node: string } | undefined => {
  switch (change._tag) {
    case "UnitMoved":
    case "RoutingHold":
    case "DrFailover":
      return undefined
    case "NodeDown":
    case "NodeMulticast":
    case "NodePorts":
    case "ClockSkew":
      return { node: change.node }
    default:
      return { link: change.link }
  }
}

/** Fields as trace data: a field cleared (undefined: no MTU cut, no blackhole, no cap) is written as null. */
const cleared = (fields: object): LinkChangeFields & NodeImpairmentFields =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v === undefined ? null : v]))
