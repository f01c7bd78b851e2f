/**
 * Which flow members a participant can reach in a given world (cutover state + at most one failed element).
 *
 * A member is up when one of the participant's working circuits lands on a PoP that, on the member's plane,
 * is in the same component as one of the member's targets, and that target works: it has not failed, it
 * is open (the backup-site Lookup Service only after a failover) and it reaches its own dependencies (an
 * OCG-C gateway its OTP-C host). A PoP that is not transit reaches what one of its live links' far ends
 * reaches (network.ts `portsOf`), never through another PoP.
 */
import type { EstateModel, FlowInstance } from "./model.ts"
import {
  componentIds,
  type Core,
  coreGraph,
  type CutoverState,
  type Failure,
  isOpen,
  noFailure,
  planeViews,
  portsOf,
  type PlaneView
} from "./network.ts"
import type { Participant } from "./schema.ts"

export interface World {
  readonly state: CutoverState
  readonly failure: Failure
  /** Component id per core node, per plane view. */
  readonly components: Readonly<Record<PlaneView, Int32Array>>
  /** Per core node: it works (not failed, open, dependencies reachable). */
  readonly working: Uint8Array
  /** Per plane view and core node: for a stub PoP, the nodes its live ports enter the core at; else undefined. */
  readonly entries: Readonly<Record<PlaneView, ReadonlyArray<Int32Array | undefined>>>
}

const always = () => true

export const makeWorld = (
  core: Core,
  state: CutoverState,
  failure: Failure = noFailure,
  components: Readonly<Record<PlaneView, Int32Array>> = componentsFor(core, state, failure),
  linkIn: (link: number) => boolean = always,
  nodeIn: (node: number) => boolean = always
): World => {
  const working = new Uint8Array(core.nodes.length)
  core.nodes.forEach((n, i) => {
    if (i === failure.node) return
    if (!isOpen(n, state)) return
    if (dependenciesReached(core, state, failure, components, i)) working[i] = 1
  })
  const linkUp = (l: number) => l !== failure.link && linkIn(l)
  const nodeUp = (n: number) => n !== failure.node && nodeIn(n)
  const entries = {} as Record<PlaneView, Array<Int32Array | undefined>>
  for (const view of planeViews) {
    entries[view] = core.nodes.map((_, i) =>
      core.stub[i] === 1 ? Int32Array.from(portsOf(core, state, view, i, linkUp, nodeUp), (p) => p.node) : undefined
    )
  }
  return { state, failure, components, working, entries }
}

/**
 * Core node `i` reaches, in each of its `dependsOn` groups, a node that has not failed and is open: a
 * dependency closed until failover (a mainland link's DR pair before DR) stands in for nothing.
 */
const dependenciesReached = (
  core: Core,
  state: CutoverState,
  failure: Failure,
  components: Readonly<Record<PlaneView, Int32Array>>,
  i: number
): boolean => missingDependency(core, state, failure, components, i) === undefined

/** The first of node `i`'s `dependsOn` groups it reaches no open, unfailed member of, or undefined. */
export const missingDependency = (
  core: Core,
  state: CutoverState,
  failure: Failure,
  components: Readonly<Record<PlaneView, Int32Array>>,
  i: number
): ReadonlyArray<string> | undefined =>
  core.nodes[i]!.dependsOn.find((group) =>
    !group.some((d) => {
      const j = core.nodeIndex.get(d) ?? -1
      return j >= 0 && j !== failure.node && isOpen(core.nodes[j]!, state) && components.any[j] === components.any[i]
    })
  )

/**
 * Core node `from` reaches core node `to` on `view` in `world` (connectivity only: whether `to` works is the
 * caller's). A stub PoP reaches what the far end of one of its live ports reaches.
 */
export const reaches = (world: World, view: PlaneView, from: number, to: number): boolean => {
  const comp = world.components[view]
  const entries = world.entries[view][from]
  if (entries === undefined || from === to) return comp[from] === comp[to]
  for (let k = 0; k < entries.length; k++) if (comp[entries[k]!] === comp[to]) return true
  return false
}

export const componentsFor = (core: Core, state: CutoverState, failure: Failure): Record<PlaneView, Int32Array> => {
  const out = {} as Record<PlaneView, Int32Array>
  for (const view of planeViews) out[view] = componentIds(coreGraph(core, state, view, failure), core.nodes.length)
  return out
}

/** The core index of each circuit's PoP, per participant, resolved once. */
export interface Attachment {
  readonly participant: Participant
  readonly circuits: ReadonlyArray<{ readonly id: string; readonly pop: number }>
  readonly flows: ReadonlyArray<{ readonly flow: FlowInstance; readonly members: ReadonlyArray<ResolvedMember> }>
}

export interface ResolvedMember {
  readonly name: string
  readonly view: PlaneView
  readonly targets: ReadonlyArray<number>
}

const attached = new WeakMap<Core, ReadonlyArray<Attachment>>()
const attachedAfterFailover = new WeakMap<Core, ReadonlyArray<Attachment>>()

/**
 * Participants' attachments to `core` (resolved once per core and failover: nothing else of the state
 * changes them). After a DR failover a session's gateway may also be reached at its backup-site pair (the
 * estate's `roles.drPairs`): the backup site's Lookup Service, open only then, hands out those pairs
 * (DOMAIN §1), so a per-session flow's member counts as up when either is reachable — a session logged on
 * at the backup site is judged against the gateways it can use there, not the lost site's.
 */
export const attachments = (model: EstateModel, core: Core, drFailover = false): ReadonlyArray<Attachment> => {
  const cache = drFailover ? attachedAfterFailover : attached
  let found = cache.get(core)
  if (found === undefined) cache.set(core, (found = resolveAttachments(model, core, drFailover)))
  return found
}

/** The node ids a flow's member may be served by: its targets, and after a DR failover a session's gateways' backup-site pairs too (see `attachments`). */
export const memberTargets = (model: EstateModel, flow: FlowInstance, member: FlowInstance["members"][number], drFailover: boolean): ReadonlyArray<string> => {
  if (!drFailover || flow.pattern !== "per-session") return member.targets
  return [...new Set(member.targets.flatMap((t) => {
    const backup = model.roles.backupOf(t)
    return backup === undefined || backup === t ? [t] : [t, backup]
  }))]
}

const resolveAttachments = (model: EstateModel, core: Core, drFailover: boolean): ReadonlyArray<Attachment> => {
  return model.file.participants.map((participant) => ({
    participant,
    circuits: participant.circuits.map((c) => ({ id: c.id, pop: core.nodeIndex.get(c.pop) ?? -1 })),
    flows: (model.flowsByParticipant.get(participant.id) ?? []).map((flow) => ({
      flow,
      members: flow.members.map((m) => ({
        name: m.name,
        view: m.plane ?? "any",
        targets: memberTargets(model, flow, m, drFailover).map((t) => core.nodeIndex.get(t) ?? -1)
      }))
    }))
  }))
}

/**
 * Who reaches what, in one pass: bit i of the low half is set ⇔ member i is up (some working circuit
 * reaches one of its working targets); bit c of the high half ⇔ circuit c carries at least one member.
 * The schema caps members and circuits at 16 each so both fit.
 */
export const reachMasks = (world: World, a: Attachment, members: ReadonlyArray<ResolvedMember>, downCircuit = ""): number => {
  let membersUp = 0
  let circuitsUsed = 0
  const circuits = a.circuits
  const failed = world.failure.node
  const working = world.working
  for (let c = 0; c < circuits.length; c++) {
    const circuit = circuits[c]!
    if (circuit.pop < 0 || circuit.pop === failed || circuit.id === downCircuit) continue
    for (let i = 0; i < members.length; i++) {
      const m = members[i]!
      for (let k = 0; k < m.targets.length; k++) {
        const t = m.targets[k]!
        if (t >= 0 && working[t] === 1 && reaches(world, m.view, circuit.pop, t)) {
          membersUp |= 1 << i
          circuitsUsed |= 1 << c
          break
        }
      }
    }
  }
  return membersUp | (circuitsUsed << 16)
}

export const membersUp = (masks: number): number => masks & 0xffff
export const circuitsUsed = (masks: number): number => masks >>> 16
