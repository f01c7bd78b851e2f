/**
 * Questions the views ask of a ViewState: is this link up, which side of its unit carries traffic, who is
 * affected now. Pure functions; the map and panels only draw their answers.
 */
import { type EstateLayout, type HealthStatus, healthRank, type LayoutParticipant, type Service } from "../trace/types.ts"
import type { ViewState } from "./view-state.ts"

export type ElementState = "up" | "impaired" | "down"

/** `down` when the link is down or blackholed, `impaired` for any other live impairment. */
export const linkState = (s: ViewState, id: string): ElementState => {
  const f = s.links.get(id)
  if (f === undefined) return "up"
  if (f.down === true || f.blackhole !== undefined) return "down"
  return "impaired"
}

export const nodeState = (s: ViewState, id: string): ElementState => {
  const f = s.nodes.get(id)
  if (f === undefined) return "up"
  if (f.down === true) return "down"
  return "impaired"
}

/** Whether a link carries traffic given the cutover state: a unit's old links until it moves, then its new ones. */
export const linkActive = (s: ViewState, link: EstateLayout["links"][number], unitSide: ReadonlyMap<string, "old" | "new">): boolean => {
  if (link.unit === null) return true
  const side = unitSide.get(link.id)
  const held = s.routingHolds.get(link.unit)
  const moved = held ?? s.moved.has(link.unit)
  return side === (moved ? "new" : "old")
}

/** Link id → the side of its unit it belongs to. */
export const unitSides = (layout: EstateLayout): Map<string, "old" | "new"> => {
  const m = new Map<string, "old" | "new">()
  for (const u of layout.units) {
    for (const l of u.old) m.set(l, "old")
    for (const l of u.new) m.set(l, "new")
  }
  return m
}

export const participantStatus = (s: ViewState, p: string, service: Service): HealthStatus | undefined => s.health.get(`${p}|${service}`)

/** The worst status over a participant's services (undefined before any health event). */
export const worstStatus = (s: ViewState, p: LayoutParticipant): HealthStatus | undefined => {
  let worst: HealthStatus | undefined
  for (const sv of p.services) {
    const st = s.health.get(`${p.id}|${sv}`)
    if (st !== undefined && (worst === undefined || healthRank[st] > healthRank[worst])) worst = st
  }
  return worst
}

/** A participant's service is affected when worse than by design (the trace's `design`, twin/contract/health.ts `baselineOf`), or degraded/down anyway. */
export const serviceAffected = (s: ViewState, participant: string, service: Service): boolean => {
  const key = `${participant}|${service}`
  const now = s.health.get(key)
  if (now === undefined) return false
  const base = s.baseline.get(key) ?? "served"
  return healthRank[now] > healthRank[base] || healthRank[now] >= healthRank.degraded
}

export interface AffectedParticipant {
  readonly participant: LayoutParticipant
  readonly worst: HealthStatus
  /** Services worse than by design (or degraded or down), with their status now, since when, and the cause (the health event's words). */
  readonly services: ReadonlyArray<AffectedService>
  /** The service that decides `worst`: the worst status, the earliest to reach it on a tie. */
  readonly worstService: AffectedService
}

export interface AffectedService {
  readonly service: Service
  readonly status: HealthStatus
  readonly since: number
  readonly cause: string
}

/**
 * Participants affected now: some service worse than by design (so a participant with a single circuit,
 * without redundancy all day, is not "affected" — but one that loses its second line is, from the opening
 * too), or degraded/down whatever it started as. Worst first, then by id.
 */
export const affectedParticipants = (s: ViewState): Array<AffectedParticipant> => {
  const out: Array<AffectedParticipant> = []
  for (const p of s.layout?.participants ?? []) {
    const hit: Array<AffectedService> = []
    let worst: AffectedService | undefined
    for (const sv of p.services) {
      const key = `${p.id}|${sv}`
      const now = s.health.get(key)
      if (now !== undefined && serviceAffected(s, p.id, sv)) {
        const x = { service: sv, status: now, since: s.since.get(key) ?? s.t, cause: s.causes.get(key) ?? "" }
        hit.push(x)
        if (worst === undefined || healthRank[now] > healthRank[worst.status] || (now === worst.status && x.since < worst.since)) worst = x
      }
    }
    if (worst !== undefined) out.push({ participant: p, worst: worst.status, services: hit, worstService: worst })
  }
  return out.sort((a, b) => healthRank[b.worst] - healthRank[a.worst] || (a.participant.id < b.participant.id ? -1 : 1))
}

export interface GroupFlows {
  /** Multicast flows (OMD-C, OMD-CC) of the group's members: how many see line A, line B. */
  readonly multicast: number
  readonly lineA: number
  readonly lineB: number
  /** Session flows (OCG-C, CSC, ECP): how many have a member up. */
  readonly sessions: number
  readonly sessionsUp: number
}

const lineSilent = (detail: string, line: "A" | "B"): boolean => detail.includes(`line ${line} silent`) || detail.includes("lines A and B silent")

/** Flow summary per participant id → used per group by the map. */
export const flowsByParticipant = (s: ViewState): Map<string, { multicast: number; lineA: number; lineB: number; sessions: number; sessionsUp: number }> => {
  const m = new Map<string, { multicast: number; lineA: number; lineB: number; sessions: number; sessionsUp: number }>()
  for (const f of s.flows.values()) {
    let g = m.get(f.participant)
    if (g === undefined) {
      g = { multicast: 0, lineA: 0, lineB: 0, sessions: 0, sessionsUp: 0 }
      m.set(f.participant, g)
    }
    if (f.service === "omd-c" || f.service === "omd-cc") {
      g.multicast++
      if (!lineSilent(f.detail, "A") && f.up > 0) g.lineA++
      if (!lineSilent(f.detail, "B") && f.up > 0) g.lineB++
    } else {
      g.sessions++
      if (f.up > 0) g.sessionsUp++
    }
  }
  return m
}
