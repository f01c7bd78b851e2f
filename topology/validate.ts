/**
 * Whole-estate validation: references first (no graph can be built over dangling ids), then the rules that
 * need paths — every flow has a path, line A and line B of a channel group share nothing inside the data
 * centres — checked with nothing moved and with everything moved. Single points of failure are warnings:
 * the estate is usable, but planners must see them.
 */
import { Result } from "effect"
import { checkReferences } from "./check-references.ts"
import { missingRoles } from "./check-roles.ts"
import { InputInvalid, issue, type InputIssue } from "./input-issue.ts"
import { buildModel, type EstateModel, type FlowInstance } from "./model.ts"
import { nMinusOne, type NMinusOne } from "./n-minus-one.ts"
import { coreOf, type CutoverState, everythingMoved, nothingMoved } from "./network.ts"
import { type MemberPath, pathFinder } from "./paths.ts"
import { attachments, makeWorld, membersUp, reachMasks } from "./reach.ts"
import type { EstateFile } from "./schema.ts"

export interface ValidEstate {
  readonly model: EstateModel
  /**
   * N-1 analysis with nothing moved, from which the warnings come (they need only who loses service, so it
   * leaves out what a failure leaves on the path: `twin estate spof` runs the full one).
   */
  readonly baseline: NMinusOne
  readonly warnings: ReadonlyArray<InputIssue>
}

export const validateEstate = (file: string, estate: EstateFile): Result.Result<ValidEstate, InputInvalid> => {
  const referenceIssues = checkReferences(estate)
  if (referenceIssues.length > 0) return Result.fail(new InputInvalid({ file, issues: referenceIssues }))
  const model = buildModel(estate)
  const states: ReadonlyArray<[string, CutoverState]> = [
    ["with nothing moved", nothingMoved],
    ["with every unit moved", everythingMoved(model)]
  ]
  // The N-1 analysis with nothing moved is needed anyway; a flow it finds down is one without a path, so
  // the path check of that state only runs (for its messages) when there is one.
  const baseline = nMinusOne(model, nothingMoved, undefined, { pathRedundancy: false })
  const errors: Array<InputIssue> = []
  for (const [label, state] of states) {
    const mayLackPaths = state !== nothingMoved || baseline.flows.some((h) => h.status === "down")
    if (mayLackPaths) errors.push(...flowsWithoutPath(model, state, label))
    errors.push(...sharedLines(model, state, label))
  }
  if (errors.length > 0) return Result.fail(new InputInvalid({ file, issues: dedupe(errors) }))
  return Result.succeed({ model, baseline, warnings: spofWarnings(model, baseline) })
}

/**
 * Whether the engine can run a valid estate: every role its participants need is given (check-roles.ts
 * `missingRoles`). The commands that simulate (simulate, run, serve, plan, sweep) ask it after
 * `validateEstate`; topology questions do not need roles.
 */
export const checkSimulable = (file: string, estate: EstateFile): Result.Result<void, InputInvalid> => {
  const issues = missingRoles(estate)
  return issues.length === 0 ? Result.succeed(undefined) : Result.fail(new InputInvalid({ file, issues }))
}

const listParticipants = (ids: ReadonlyArray<string>): string =>
  ids.length <= 3 ? ids.join(", ") : `${ids.slice(0, 3).join(", ")} and ${ids.length - 3} more`

const dedupe = (issues: ReadonlyArray<InputIssue>): ReadonlyArray<InputIssue> => {
  const seen = new Set<string>()
  return issues.filter((i) => {
    const key = `${i.path}|${i.expected}|${i.got}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/** Flows none of whose members any circuit of the participant reaches. */
const flowsWithoutPath = (model: EstateModel, state: CutoverState, label: string): ReadonlyArray<InputIssue> => {
  const core = coreOf(model)
  const world = makeWorld(core, state)
  const broken = new Map<string, { flow: FlowInstance; participants: Array<string> }>()
  for (const a of attachments(model, core, state.drFailover)) {
    for (const f of a.flows) {
      if (membersUp(reachMasks(world, a, f.members)) !== 0) continue
      const entry = broken.get(f.flow.origin)
      if (entry === undefined) broken.set(f.flow.origin, { flow: f.flow, participants: [a.participant.id] })
      else entry.participants.push(a.participant.id)
    }
  }
  // A target that is cabled but not working (closed until failover, or cut off from what it dependsOn) has
  // no usable path either; say why, or the line would send the reader looking for a missing link.
  const whyDown = (target: string): string | undefined => {
    const i = core.nodeIndex.get(target)
    if (i === undefined || world.working[i] === 1) return undefined
    return core.nodes[i]!.closedUntilFailover && !state.drFailover
      ? `${target} is closed until failover`
      : `${target} cannot reach its dependsOn`
  }
  return [...broken.entries()].map(([origin, { flow, participants }]) => {
    const targets = flow.members.flatMap((m) => m.targets)
    const reasons = [...new Set(targets)].flatMap((t) => whyDown(t) ?? [])
    return issue(
      origin,
      `a path from the participant to ${targets.join(" or ")} ${label}`,
      `none for ${flow.pattern === "per-session" ? flow.id : `${participants.length} participant(s): ${listParticipants(participants)}`}` +
        (reasons.length > 0 ? ` (${reasons.join(", ")})` : "")
    )
  })
}

/** Multicast members (line A, line B) whose paths cross the same element inside a data centre. */
const sharedLines = (model: EstateModel, state: CutoverState, label: string): ReadonlyArray<InputIssue> => {
  const finder = pathFinder(model, state)
  const inside = (nodeId: string): boolean => model.dataCentreSites.has(model.nodeById.get(nodeId)?.site ?? "")
  const insideElements = new Set([
    ...model.nodes.filter((n) => inside(n.id)).map((n) => n.id),
    ...model.links.filter((l) => inside(l.from) && inside(l.to)).map((l) => l.id)
  ])
  // A multicast flow's paths depend only on its template and the participant's PoPs (in circuit order):
  // participants alike share one answer.
  const verdicts = new Map<string, ReadonlyArray<{ lines: string; element: string }>>()
  const shared = new Map<string, { origin: string; lines: string; element: string; participants: Array<string> }>()
  for (const flow of model.flows) {
    if (flow.pattern !== "multicast" || flow.members.length < 2) continue
    const pops = model.participantById.get(flow.participant)?.circuits.map((c) => c.pop).join(",") ?? ""
    const memo = `${flow.template}|${pops}`
    let found = verdicts.get(memo)
    if (found === undefined) {
      found = commonElements(finder.pathsOf(flow).members.filter((m) => m.nodes.length > 0), insideElements)
      verdicts.set(memo, found)
    }
    for (const { lines, element } of found) {
      const key = `${flow.origin}|${lines}|${element}`
      const entry = shared.get(key)
      if (entry === undefined) shared.set(key, { origin: flow.origin, lines, element, participants: [flow.participant] })
      else entry.participants.push(flow.participant)
    }
  }
  return [...shared.values()].map((s) =>
    issue(
      s.origin,
      `${s.lines} to share no element inside the data centres ${label}`,
      `both through ${s.element} for ${s.participants.length} participant(s): ${listParticipants(s.participants)}`
    )
  )
}

/** For each pair of member paths, the first element inside the data centres that both cross. */
const commonElements = (
  paths: ReadonlyArray<MemberPath>,
  insideElements: ReadonlySet<string>
): ReadonlyArray<{ lines: string; element: string }> => {
  const out: Array<{ lines: string; element: string }> = []
  for (let i = 0; i < paths.length; i++) {
    for (let j = i + 1; j < paths.length; j++) {
      const a = paths[i]!
      const b = paths[j]!
      const onB = new Set([...b.nodes, ...b.links].filter((e) => insideElements.has(e)))
      const element = [...a.nodes, ...a.links].find((e) => insideElements.has(e) && onB.has(e))
      if (element !== undefined) out.push({ lines: `${a.member} and ${b.member}`, element })
    }
  }
  return out
}


/** One warning per element whose failure alone cuts participants off a service, and one for single circuits. */
const spofWarnings = (model: EstateModel, baseline: NMinusOne): ReadonlyArray<InputIssue> => {
  const warnings: Array<InputIssue> = []
  for (const row of baseline.rows) {
    if (row.elementKind === "circuit" || row.losesService.length === 0) continue
    const origin = model.nodeById.get(row.element)?.origin ?? model.linkById.get(row.element)?.origin ?? row.element
    const byService = new Map<string, Set<string>>()
    for (const i of row.losesService) {
      const set = byService.get(i.service) ?? new Set<string>()
      set.add(i.participant)
      byService.set(i.service, set)
    }
    for (const [service, participants] of byService) {
      warnings.push(
        issue(origin, `no single point of failure for ${service}`, `${row.element} alone cuts off ${participants.size} participant(s): ${listParticipants([...participants])}`)
      )
    }
  }
  const single = model.file.participants.filter((p) => p.circuits.length === 1).map((p) => p.id)
  if (single.length > 0) {
    warnings.push(issue("participants", "two circuits per participant (a single circuit is a single point of failure)", `${single.length} participant(s) with one: ${listParticipants(single)}`))
  }
  return warnings
}
