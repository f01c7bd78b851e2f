/**
 * Roles, not names (issue 14 item 3): the engine, the wirings and the models know no element of the default
 * estate by its id. The proof: a copy of the default estate with every id renamed — sites, nodes, links,
 * cutover units, flow templates and their members, participants, circuits, sessions, and the roles that
 * name them — simulates to the same trace once the names are mapped back.
 *
 * Both runs take the path `twin simulate` takes (simulate-command.ts): the estate text is parsed,
 * validated, checked to be simulable, its settings resolved, and the window run in parts (splitRun, one
 * thread). New ids keep the old ones' order (`n00000z` … by rank in the sorted list of old ids), so what is
 * ordered by id (the layout's participant groups) is ordered the same; they all have one length and
 * cannot be read inside one another, so mapping back is a plain replacement.
 *
 * One thing is keyed by name on purpose: a seeded draw belongs to what it is drawn for (`ecp|P0001`,
 * `ocg|P0001T01`, `csc|…`, a link's loss), so a renamed participant draws another schedule. Inside
 * 09:00–09:05 only ECP's drawn files fall (orders start 09:10 and 09:30; no fault, so no loss draws), so
 * both estates — the default and its copy alike — are run with no drawn ECP files (`settings.ecp` counts 0);
 * everything else, ECP sessions included, runs as shipped.
 */
import { readFileSync } from "node:fs"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { renderEstateYaml } from "../../../topology/generate/render-yaml.ts"
import { defaultEstatePath, parseEstate } from "../../../topology/load.ts"
import type { EstateFile, LineNodes, Roles } from "../../../topology/schema.ts"
import { checkSimulable, validateEstate } from "../../../topology/validate.ts"
import { estateSettings } from "../../../scenarios/settings/settings.ts"
import { parseClock } from "../../../twin/engine/time.ts"
import { encodeTraceEvent, MemoryTrace } from "../../../twin/engine/trace.ts"
import { simulateInParts } from "../../../twin/simulate/simulate-in-parts.ts"

/** Every id the file writes (not the ids the model derives from them, such as `P0001.bss`). */
const idsOf = (e: EstateFile): ReadonlySet<string> => {
  const ids = new Set<string>()
  const add = (...xs: ReadonlyArray<string | undefined>) => xs.forEach((x) => x !== undefined && ids.add(x))
  e.sites.forEach((s) => add(s.id))
  e.nodes.forEach((n) => add(n.id, n.site, ...(n.dependsOn ?? []).flat()))
  e.links.forEach((l) => add(l.id, l.from, l.to))
  e.cutoverUnits.forEach((u) => add(u.id, ...u.old, ...u.new))
  e.flows.forEach((f) => add(f.id, ...(f.members ?? []).flatMap((m) => [m.name, ...m.targets])))
  const r = e.roles ?? {}
  add(...(r.lookupService ?? []), ...(r.otpcHosts ?? []), ...(r.rts ?? []), ...(r.drPairs ?? []).flatMap((p) => [p.primary, p.backup]))
  for (const l of [r.omdcPublishers, r.omdcRefresh, r.omdccPublishers]) add(l?.A, l?.B)
  add(r.mainlandLinks?.SSE, r.mainlandLinks?.SZSE)
  e.participants.forEach((p) => {
    add(p.id)
    p.circuits.forEach((c) => add(c.id, c.carrier, c.pop))
    p.ocgSessions.forEach((s) => add(s.compId, s.primary, s.secondary))
    p.cscSessions.forEach((s) => add(s.id, s.primary, s.secondary))
  })
  return ids
}

const renamed = (e: EstateFile, to: (id: string) => string): EstateFile => {
  const lines = (l: LineNodes) => ({ A: to(l.A), B: to(l.B) })
  const roles: Roles = e.roles ?? {}
  return {
    ...e,
    sites: e.sites.map((s) => ({ ...s, id: to(s.id) })),
    nodes: e.nodes.map((n) => ({
      ...n,
      id: to(n.id),
      site: to(n.site),
      ...(n.dependsOn === undefined ? {} : { dependsOn: n.dependsOn.map((g) => g.map(to)) })
    })),
    links: e.links.map((l) => ({ ...l, id: to(l.id), from: to(l.from), to: to(l.to) })),
    cutoverUnits: e.cutoverUnits.map((u) => ({ ...u, id: to(u.id), old: u.old.map(to), new: u.new.map(to) })),
    flows: e.flows.map((f) => ({
      ...f,
      id: to(f.id),
      ...(f.members === undefined ? {} : { members: f.members.map((m) => ({ ...m, name: to(m.name), targets: m.targets.map(to) })) })
    })),
    roles: {
      lookupService: (roles.lookupService ?? []).map(to),
      otpcHosts: (roles.otpcHosts ?? []).map(to),
      ...(roles.omdcPublishers === undefined ? {} : { omdcPublishers: lines(roles.omdcPublishers) }),
      ...(roles.omdcRefresh === undefined ? {} : { omdcRefresh: lines(roles.omdcRefresh) }),
      ...(roles.omdccPublishers === undefined ? {} : { omdccPublishers: lines(roles.omdccPublishers) }),
      rts: (roles.rts ?? []).map(to),
      ...(roles.mainlandLinks === undefined ? {} : { mainlandLinks: { SSE: to(roles.mainlandLinks.SSE), SZSE: to(roles.mainlandLinks.SZSE) } }),
      drPairs: (roles.drPairs ?? []).map((p) => ({ primary: to(p.primary), backup: to(p.backup) }))
    },
    participants: e.participants.map((p) => ({
      ...p,
      id: to(p.id),
      circuits: p.circuits.map((c) => ({ ...c, id: to(c.id), carrier: to(c.carrier), pop: to(c.pop) })),
      ocgSessions: p.ocgSessions.map((s) => ({ ...s, compId: to(s.compId), primary: to(s.primary), secondary: to(s.secondary) })),
      cscSessions: p.cscSessions.map((s) => ({ ...s, id: to(s.id), primary: to(s.primary), secondary: to(s.secondary) }))
    }))
  }
}

/** The trace of `text` over 09:00–09:05, seed 7, as `twin simulate` makes it (one thread). */
const simulateText = async (name: string, text: string): Promise<string> => {
  const parsed = parseEstate(name, text)
  if (Result.isFailure(parsed)) throw new Error(`${name} does not parse`)
  const valid = validateEstate(name, parsed.success)
  if (Result.isFailure(valid)) throw new Error(`${name} is not valid: ${valid.failure.issues.map((i) => `${i.path}: ${i.got}`).join("; ")}`)
  if (Result.isFailure(checkSimulable(name, parsed.success))) throw new Error(`${name} cannot be simulated`)
  const settings = estateSettings(name, valid.success.model)
  if (Result.isFailure(settings)) throw new Error(`${name} settings`)
  const trace = new MemoryTrace()
  await simulateInParts({
    model: valid.success.model,
    seed: 7,
    window: { from: parseClock("09:00")!, to: parseClock("09:05")! },
    workers: 1,
    trace,
    moved: [],
    settings: settings.success,
    metricsEvery: 60_000_000
  })
  return trace.events.map(encodeTraceEvent).join("\n")
}

describe("the default estate with every id renamed", () => {
  it("simulates 09:00–09:05 to the same trace, names mapped back, as the default estate", async () => {
    const parsed = parseEstate("default", readFileSync(defaultEstatePath, "utf8"))
    if (Result.isFailure(parsed)) throw new Error("default estate does not parse")
    const estate: EstateFile = { ...parsed.success, settings: { ...parsed.success.settings, ecp: { uploads: { count: 0 }, downloads: { count: 0 } } } }
    const old = [...idsOf(estate)].sort()
    const token = new Map(old.map((id, rank) => [id, `n${String(rank).padStart(5, "0")}z`]))
    const copy = renamed(estate, (id) => token.get(id)!)
    // Every id the copy writes, its roles' included, is a new one.
    expect([...idsOf(copy)].filter((id) => !/^n\d{5}z$/.test(id))).toEqual([])
    expect(idsOf(copy).size).toBe(old.length)
    const copyText = renderEstateYaml(copy)

    const original = await simulateText("default", renderEstateYaml(estate))
    const back = (await simulateText("renamed", copyText)).replace(/n\d{5}z/g, (t) => old[Number(t.slice(1, 6))]!)
    expect(original.split("\n").length).toBeGreaterThan(10_000)
    expect(back).toBe(original)
  }, 600_000)
})
