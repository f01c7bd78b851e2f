/**
 * The trainee's action vocabulary (docs/drills.md "Actions"): what support staff may do, each with its real
 * effect on the world through `WorldPort.apply` — applied like a cut-over step, after the delay the action
 * takes — so a wrong action does real harm (a restart drops the sessions of a healthy gateway, a failover to
 * the backup site moves every service).
 *
 * Delays are assumptions [U], chosen for drills: rolling a unit back 3 minutes (the cut-over rollback of a
 * unit is a change on two routers), a DR failover declared and in force 5 minutes after the decision,
 * participants switching circuits 10 minutes after being told (they call their network teams), a service
 * restart 2 minutes (down at once, up after), a carrier repairing its fault 10 minutes after escalation.
 * They are declared in the contract (`DRILL_ACTION_DELAY`, with `actionFirstChange`: when each first changes
 * the world) because cause chains read a trace by them: keep `apply` below in step with both.
 */
import { issue, type InputIssue } from "../../topology/input-issue.ts"
import type { EstateModel } from "../../topology/model.ts"
import { type ActionTargetKind, DRILL_ACTION_DELAY, type DrillActionKind } from "../../twin/contract/drill-protocol.ts"
import type { Runtime } from "../../twin/engine/runtime.ts"
import type { Micros } from "../../twin/engine/time.ts"
import { WorldChange } from "../../twin/world/world-change.ts"
import type { WorldPort } from "../../twin/world/world-port.ts"
import { routingKinds } from "../faults/estate-refs.ts"

/** What an action needs of the world it changes. */
export interface ActionContext {
  readonly model: EstateModel
  readonly runtime: Runtime
  readonly world: WorldPort
  /** Ends every fault on now (scripted or injected, started or not) that touches one of `elements`. */
  readonly endFaultsTouching: (elements: ReadonlySet<string>) => ReadonlyArray<string>
}

export interface ActionKind {
  readonly action: DrillActionKind
  readonly label: string
  readonly target: ActionTargetKind
  readonly delay: Micros
  /** Every target it may name in this estate (the form's choices), sorted. */
  readonly choices: (model: EstateModel) => ReadonlyArray<string>
  /** Why it cannot be done now (an issue at `target`), or none. */
  readonly refuse: (model: EstateModel, world: WorldPort, target: string) => InputIssue | undefined
  /** Schedules its effect from `at` (the instant the world has reached). */
  readonly apply: (ctx: ActionContext, target: string, at: Micros) => void
}

const quoted = (s: string) => JSON.stringify(s)

const sitesOf = (model: EstateModel, kind: string) => model.file.sites.filter((s) => s.kind === kind).map((s) => s.id).sort()

/** HKEX nodes that run a service (not the routers, firewalls and PoPs that forward): what can be restarted. */
export const restartable = (model: EstateModel): ReadonlyArray<string> =>
  model.nodes.filter((n) => n.participant === undefined && !routingKinds.includes(n.kind)).map((n) => n.id).sort()

/** Circuits of `carrier` whose participant has a circuit on another carrier: those that can switch. */
export const switchableCircuits = (model: EstateModel, carrier: string): ReadonlyArray<string> =>
  model.file.participants.flatMap((p) =>
    p.circuits.some((c) => c.carrier !== carrier) ? p.circuits.filter((c) => c.carrier === carrier).map((c) => c.id) : []
  )

/** The nodes of a carrier's site and every link with an end there (its PoPs' circuits and trunks). */
export const carrierElements = (model: EstateModel, carrier: string): ReadonlySet<string> => {
  const nodes = new Set(model.nodes.filter((n) => n.site === carrier).map((n) => n.id))
  const links = model.links.filter((l) => nodes.has(l.from) || nodes.has(l.to)).map((l) => l.id)
  return new Set([...nodes, ...links])
}

const oneOf = (choices: ReadonlyArray<string>, what: string) => `${what} (${choices.slice(0, 6).join(", ")}${choices.length > 6 ? ", …" : ""})`

const rollBackUnit: ActionKind = {
  action: "roll-back-unit",
  label: "Roll back cutover unit",
  target: "unit",
  delay: DRILL_ACTION_DELAY["roll-back-unit"],
  choices: (model) => model.file.cutoverUnits.map((u) => u.id).sort(),
  refuse: (model, world, unit) => {
    const units = model.file.cutoverUnits.map((u) => u.id).sort()
    if (!units.includes(unit)) return issue("target", oneOf(units, "a cutover unit of the estate"), quoted(unit))
    if (!world.state.moved.has(unit)) return issue("target", "a unit on the new backbone", `${quoted(unit)} (on the old one)`)
    return undefined
  },
  apply: (ctx, unit, at) =>
    ctx.runtime.at(at + rollBackUnit.delay, () => {
      if (ctx.world.state.moved.has(unit)) ctx.world.apply(WorldChange.unitMoved(unit, true))
    })
}

const failOverSite: ActionKind = {
  action: "fail-over-site",
  label: "Fail over to the backup site (declare DR)",
  target: "site",
  delay: DRILL_ACTION_DELAY["fail-over-site"],
  choices: (model) => sitesOf(model, "secondary-dc"),
  refuse: (model, world, site) => {
    const backups = sitesOf(model, "secondary-dc")
    if (!backups.includes(site)) return issue("target", oneOf(backups, "the backup data-centre site"), quoted(site))
    if (world.state.drFailover) return issue("target", "a site not yet failed over to", `${quoted(site)} (DR already declared)`)
    return undefined
  },
  apply: (ctx, _site, at) =>
    ctx.runtime.at(at + failOverSite.delay, () => {
      if (!ctx.world.state.drFailover) ctx.world.apply(WorldChange.drFailover(true))
    })
}

const switchCarrier: ActionKind = {
  action: "switch-carrier",
  label: "Tell the participants on a carrier to switch to their other circuit",
  target: "carrier",
  delay: DRILL_ACTION_DELAY["switch-carrier"],
  choices: (model) => sitesOf(model, "carrier"),
  refuse: (model, _world, carrier) => {
    const carriers = sitesOf(model, "carrier")
    if (!carriers.includes(carrier)) return issue("target", oneOf(carriers, "a carrier site of the estate"), quoted(carrier))
    if (switchableCircuits(model, carrier).length === 0) return issue("target", "a carrier with dual-homed participants", `${quoted(carrier)} (none can switch)`)
    return undefined
  },
  // Participants shut their circuit on the carrier: traffic moves to the other one (routing converges).
  apply: (ctx, carrier, at) =>
    ctx.runtime.at(at + switchCarrier.delay, () =>
      ctx.world.batch(() => {
        for (const circuit of switchableCircuits(ctx.model, carrier)) ctx.world.apply(WorldChange.linkDown(circuit, true))
      })
    )
}

const restartService: ActionKind = {
  action: "restart-service",
  label: "Restart a service (gateway, RTS, publisher, SFTP server, …)",
  target: "node",
  delay: DRILL_ACTION_DELAY["restart-service"],
  choices: restartable,
  refuse: (model, _world, node) => {
    const nodes = restartable(model)
    if (!nodes.includes(node)) return issue("target", oneOf(nodes, "an HKEX node that runs a service"), quoted(node))
    return undefined
  },
  // Down at once (sessions drop, as in any restart), up after the delay: a crashed node comes back with it.
  apply: (ctx, node, at) => {
    ctx.runtime.at(at, () => ctx.world.apply(WorldChange.nodeDown(node, true)))
    ctx.runtime.at(at + restartService.delay, () => ctx.world.apply(WorldChange.nodeDown(node, false)))
  }
}

const escalateCarrier: ActionKind = {
  action: "escalate-carrier",
  label: "Escalate to the carrier",
  target: "carrier",
  delay: DRILL_ACTION_DELAY["escalate-carrier"],
  choices: (model) => sitesOf(model, "carrier"),
  refuse: (model, _world, carrier) => {
    const carriers = sitesOf(model, "carrier")
    return carriers.includes(carrier) ? undefined : issue("target", oneOf(carriers, "a carrier site of the estate"), quoted(carrier))
  },
  // The carrier finds and repairs what is wrong in its network: every fault touching it ends.
  apply: (ctx, carrier, at) => ctx.runtime.at(at + escalateCarrier.delay, () => void ctx.endFaultsTouching(carrierElements(ctx.model, carrier)))
}

/** The vocabulary, in the order forms list it. */
export const ACTION_KINDS: ReadonlyArray<ActionKind> = [rollBackUnit, failOverSite, switchCarrier, restartService, escalateCarrier]

export const actionKind = (action: DrillActionKind): ActionKind => ACTION_KINDS.find((a) => a.action === action)!
