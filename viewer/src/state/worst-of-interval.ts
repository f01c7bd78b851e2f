/**
 * What a frame of playback shows: the worst of the interval it stands for, not the instant it ends on.
 * At ×1000 a 60 Hz frame covers 16 s of trace, so a 3-second loss of both lines falls between two frames;
 * drawing the state at each frame's cursor would never show it (the rule: a picture never contradicts a
 * verdict — show the worst value in an interval).
 *
 * `worstOfInterval(index, from, to)` is the state at `to` with, per participant-service, node and link, the
 * worst status it had at any settled instant of (from, to] — the one in force at `from` counts, it lasts into
 * the interval — with the since and cause of that worst (the first instant it was reached), and the health
 * counts recomputed from them, so the map, the counts and the affected list of one frame tell the same
 * participants. An instant counts once all its events are applied, as the health samples do
 * (trace-index.ts). When nothing was worse than at `to`, it is the state at `to` itself (`worse` false).
 *
 * Gotcha: the result shares the index's reused state (read it, don't keep it); its `versions` are fresh
 * negative numbers whenever it differs from the state at `to`, so views that redraw on a changed version
 * redraw both into and out of a worst-of-interval picture.
 */
import { healthRank, type HealthStatus, type Service, type TraceData } from "../trace/types.ts"
import { type ElementState, linkState, nodeState } from "./derive.ts"
import type { TraceIndex } from "./trace-index.ts"
import type { ViewState } from "./view-state.ts"

interface WorstHealth {
  status: HealthStatus | undefined
  since: number | undefined
  cause: string | undefined
}

interface WorstElement {
  state: ElementState
  fields: TraceData | undefined
}

const elementRank: Record<ElementState, number> = { up: 0, impaired: 1, down: 2 }

let generation = 0

export interface IntervalFrame {
  readonly state: ViewState
  /** Whether anything in it is worse than at `to` (an outage that began and ended inside the interval). */
  readonly worse: boolean
}

export const worstOfInterval = (index: Pick<TraceIndex, "events" | "stateAt" | "stateAtIndex">, from: number, to: number): IntervalFrame => {
  let s = index.stateAt(from)
  const health = new Map<string, WorstHealth>()
  const nodes = new Map<string, WorstElement>()
  const links = new Map<string, WorstElement>()
  /** Keys changed by the instant being applied, folded into the worsts once it is complete. */
  const touchedHealth = new Set<string>()
  const touchedNodes = new Set<string>()
  const touchedLinks = new Set<string>()
  const settle = (): void => {
    for (const key of touchedHealth) {
      const now = s.health.get(key)
      const w = health.get(key)!
      if (now !== undefined && (w.status === undefined || healthRank[now] > healthRank[w.status])) {
        w.status = now
        w.since = s.since.get(key)
        w.cause = s.causes.get(key)
      }
    }
    for (const [touched, worst, stateOf, fieldsOf] of [
      [touchedNodes, nodes, nodeState, (id: string) => s.nodes.get(id)],
      [touchedLinks, links, linkState, (id: string) => s.links.get(id)]
    ] as const) {
      for (const id of touched) {
        const now = stateOf(s, id)
        const w = worst.get(id)!
        if (elementRank[now] > elementRank[w.state]) {
          w.state = now
          w.fields = fieldsOf(id)
        }
      }
      touched.clear()
    }
    touchedHealth.clear()
  }
  const events = index.events
  let instant: number | undefined
  for (let i = s.applied; i < events.length && events[i]!.t <= to; i++) {
    const e = events[i]!
    if (instant !== undefined && e.t !== instant) settle()
    instant = e.t
    // What it was before the interval's first change: in force at `from`, so part of the interval.
    if (e.kind === "health" && typeof e.data.service === "string") {
      const key = `${e.subject}|${e.data.service}`
      if (!health.has(key)) health.set(key, { status: s.health.get(key), since: s.since.get(key), cause: s.causes.get(key) })
      touchedHealth.add(key)
    } else if (e.kind === "world.change") {
      const what = e.data.what
      if (what === "node" || what === "node-impairment") {
        if (!nodes.has(e.subject)) nodes.set(e.subject, { state: nodeState(s, e.subject), fields: s.nodes.get(e.subject) })
        touchedNodes.add(e.subject)
      } else if (what === "link") {
        if (!links.has(e.subject)) links.set(e.subject, { state: linkState(s, e.subject), fields: s.links.get(e.subject) })
        touchedLinks.add(e.subject)
      }
    }
    s = index.stateAtIndex(i + 1)
  }
  settle()

  // The state at `to`, with what was worse during the interval put back.
  const overHealth: Array<[string, WorstHealth]> = []
  for (const [key, w] of health) {
    const now = s.health.get(key)
    if (w.status !== undefined && now !== undefined && healthRank[w.status] > healthRank[now]) overHealth.push([key, w])
  }
  const overNodes = [...nodes].filter(([id, w]) => elementRank[w.state] > elementRank[nodeState(s, id)])
  const overLinks = [...links].filter(([id, w]) => elementRank[w.state] > elementRank[linkState(s, id)])
  if (overHealth.length === 0 && overNodes.length === 0 && overLinks.length === 0) return { state: s, worse: false }

  generation--
  const out: ViewState = { ...s, versions: { ...s.versions } }
  if (overHealth.length > 0) {
    out.health = new Map(s.health)
    out.since = new Map(s.since)
    out.causes = new Map(s.causes)
    out.counts = Object.fromEntries(Object.entries(s.counts).map(([sv, c]) => [sv, { ...c }])) as ViewState["counts"]
    for (const [key, w] of overHealth) {
      const service = key.slice(key.lastIndexOf("|") + 1) as Service
      out.counts[service][s.health.get(key)!]--
      out.counts[service][w.status!]++
      out.health.set(key, w.status!)
      if (w.since !== undefined) out.since.set(key, w.since)
      if (w.cause !== undefined) out.causes.set(key, w.cause)
      else out.causes.delete(key)
    }
    out.versions.health = generation
  }
  if (overNodes.length > 0 || overLinks.length > 0) {
    out.nodes = new Map(s.nodes)
    out.links = new Map(s.links)
    for (const [id, w] of overNodes) if (w.fields !== undefined) out.nodes.set(id, w.fields)
    for (const [id, w] of overLinks) if (w.fields !== undefined) out.links.set(id, w.fields)
    out.versions.world = generation
  }
  return { state: out, worse: true }
}
