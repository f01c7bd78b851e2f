/**
 * What support staff see of the world in a drill (docs/drills.md "What the trainee sees"): a fold over the
 * trace that keeps ONLY what the estate's monitoring and the participants' calls would tell — never a
 * fault's id, kind or cause. It reads `health` statuses (not their causes), `world.change` for elements that
 * went down or came up (an interface down is visible; why is not — loss, MTU, firewall rules and multicast
 * are not shown), units moved, and the answers to participants' orders (order-tickets.ts); everything else
 * in the trace is ignored.
 *
 * Noise control: alarms are grouped per (what, service), one alarm listing how many participants, with a
 * sample of ten ids, never one per circuit. A participant-service counts only once it has been seen working
 * better than now (sessions still starting at the open, single-homed participants that never had
 * redundancy raise nothing). Tickets: an affected participant calls 1–3 minutes after its service broke
 * (the delay drawn from its id, so every run calls at the same instants), if it is still broken then; and
 * likewise when its orders go unanswered or are answered slowly (order-tickets.ts), though its sessions
 * are up — what TCP makes of a short cut, a lossy path or a gateway lost under written orders.
 */
import type { Alarm, AlarmWhat, HealthPanel, MapState, Ticket } from "../../contract/drill-protocol.ts"
import { type HealthCounts, healthRank, type HealthStatus } from "../../contract/health.ts"
import { SERVICES, type Service } from "../../contract/services.ts"
import { isKind, type TraceEvent } from "../../contract/trace-event.ts"
import { formatClock, type Micros } from "../../engine/time.ts"
import { CallDesk } from "./call-desk.ts"
import { OrderTickets } from "./order-tickets.ts"

/** Participant ids listed in one alarm; the rest are counted. */
export const ALARM_SAMPLE = 10
/** Cleared alarms the live panel keeps (the latest): a page need not carry a long morning's flicker. */
export const CLEARED_KEPT = 30

const SERVICE_WORDS: Readonly<Record<Service, string>> = {
  "otp-c": "OTP-C trading sessions",
  "otp-csc": "China Connect order sessions",
  "omd-c": "OMD-C market data",
  "omd-cc": "OMD-CC market data",
  "ecp-sftp": "ECP file transfers"
}

const alarmWhat = (service: Service, status: HealthStatus): AlarmWhat | undefined => {
  if (status === "down") {
    if (service === "omd-c" || service === "omd-cc") return "market-data-silent"
    if (service === "ecp-sftp") return "transfers-late"
    return "sessions-disconnected"
  }
  if (status === "degraded") return "service-degraded"
  if (status === "served-without-redundancy") return "redundancy-lost"
  return undefined
}

const WHAT_WORDS: Readonly<Record<AlarmWhat, string>> = {
  "market-data-silent": "silent",
  "sessions-disconnected": "disconnected",
  "transfers-late": "late",
  "service-degraded": "degraded",
  "redundancy-lost": "without redundancy"
}

const SEVERITY: Readonly<Record<AlarmWhat, Alarm["severity"]>> = {
  "market-data-silent": "critical",
  "sessions-disconnected": "critical",
  "transfers-late": "critical",
  "service-degraded": "major",
  "redundancy-lost": "minor"
}

const ticketText = (participant: string, service: Service, status: HealthStatus, since: Micros): string => {
  const at = formatClock(since).slice(0, 5)
  const market = service === "omd-c" || service === "omd-cc"
  const cc = service === "omd-cc" || service === "otp-csc" ? "China Connect " : ""
  if (status === "down") {
    if (market) return `${participant}: no ${cc}market data since ${at}`
    if (service === "ecp-sftp") return `${participant}: cannot fetch our ECP files since ${at}`
    return `${participant}: our ${cc}order sessions are down since ${at}`
  }
  if (market) return `${participant}: ${cc}market data has gaps since ${at}`
  if (service === "ecp-sftp") return `${participant}: ECP file transfers crawl since ${at}`
  return `${participant}: ${cc}orders are slow since ${at}`
}

interface Standing {
  readonly service: Service
  status: HealthStatus
  /** The best rank seen so far (alarms count a status only if worse than this). */
  best: number
  /** When it last got worse than working (degraded or down). */
  brokeAt: Micros | undefined
}

interface Group {
  readonly what: AlarmWhat
  readonly service: Service
  readonly members: Set<string>
  id: string
  since: Micros
  peak: number
  raised: number
}

export class Monitor {
  /** How many cleared alarms `alarms()` keeps: the live panel's CLEARED_KEPT; the debrief every one. */
  private readonly clearedKept: number
  private readonly standing = new Map<string, Standing>()
  private readonly groups = new Map<string, Group>()
  private readonly cleared: Array<Alarm> = []
  private readonly downNodes = new Set<string>()
  private readonly downLinks = new Set<string>()
  private readonly moved = new Set<string>()
  /** Bumped when the alarms, tickets, health or map change: the hub sends only what changed. */
  version = { alarms: 0, tickets: 0, health: 0, map: 0 }
  private readonly desk = new CallDesk("", () => this.version.tickets++)
  private readonly orderTickets = new OrderTickets(() => this.version.tickets++)

  constructor(movedAtStart: ReadonlyArray<string>, options: { readonly clearedKept?: number } = {}) {
    this.clearedKept = options.clearedKept ?? CLEARED_KEPT
    for (const u of movedAtStart) this.moved.add(u)
  }

  observe(e: TraceEvent): void {
    this.orderTickets.observe(e)
    if (isKind(e, "health")) return this.health(e.t, e.subject, e.data.service, e.data.status)
    if (isKind(e, "world.change")) {
      const d = e.data
      if (d.what === "node") this.mark(this.downNodes, e.subject, d.down)
      else if (d.what === "link" && d.down !== undefined) this.mark(this.downLinks, e.subject, d.down)
      else if (d.what === "unit") this.mark(this.moved, e.subject, d.moved)
    }
  }

  /**
   * Calls that fall due by `now` become tickets. A pending call's service has stayed broken since it broke
   * (a health event for it settles its call first, `observe`), so the ticket is dated at its due instant
   * however coarsely the world was advanced: the same tickets at the same instants in every run.
   */
  tick(now: Micros): void {
    this.desk.callDue(now)
    this.orderTickets.tick(now)
  }

  private mark(set: Set<string>, id: string, on: boolean): void {
    if (on === set.has(id)) return
    if (on) set.add(id)
    else set.delete(id)
    this.version.map++
  }

  private health(t: Micros, participant: string, service: Service, status: HealthStatus): void {
    const key = `${participant}|${service}`
    const due = this.desk.dueOf(key)
    if (due !== undefined && due <= t) this.desk.call(key)
    const rank = healthRank[status]
    const s = this.standing.get(key) ?? { service, status, best: rank, brokeAt: undefined }
    const before = this.standing.has(key) ? alarmWhatOf(service, s) : undefined
    s.status = status
    if (rank >= 2 && s.best < 2 && s.brokeAt === undefined) {
      s.brokeAt = t
      // Said as the service stands when the participant calls.
      this.desk.troubleBegan(key, participant, service, t, () => ticketText(participant, service, s.status, t))
    }
    if (rank < 2) {
      s.brokeAt = undefined
      this.desk.worksAgain(key, t)
    }
    this.standing.set(key, s)
    const after = alarmWhatOf(service, s)
    s.best = Math.min(s.best, rank)
    this.version.health++
    if (before === after) return
    if (before !== undefined) this.leave(t, before, service, participant)
    if (after !== undefined) this.join(t, after, service, participant)
  }

  private join(t: Micros, what: AlarmWhat, service: Service, participant: string): void {
    const key = `${what}|${service}`
    let g = this.groups.get(key)
    if (g === undefined) {
      g = { what, service, members: new Set(), id: "", since: t, peak: 0, raised: 0 }
      this.groups.set(key, g)
    }
    if (g.members.size === 0) {
      g.raised++
      g.id = `${what}/${service}/${g.raised}`
      g.since = t
      g.peak = 0
    }
    g.members.add(participant)
    g.peak = Math.max(g.peak, g.members.size)
    this.version.alarms++
  }

  private leave(t: Micros, what: AlarmWhat, service: Service, participant: string): void {
    const g = this.groups.get(`${what}|${service}`)
    if (g === undefined || !g.members.delete(participant)) return
    if (g.members.size === 0) {
      this.cleared.push({ ...alarmOf(g), title: `${SERVICE_WORDS[g.service]} ${WHAT_WORDS[g.what]}: cleared (at most ${g.peak} participant${g.peak === 1 ? "" : "s"})`, cleared: t })
      if (this.cleared.length > this.clearedKept) this.cleared.shift()
    }
    this.version.alarms++
  }

  /** Raised alarms (worst first, then oldest), then the latest cleared ones. */
  alarms(): ReadonlyArray<Alarm> {
    const order: Record<Alarm["severity"], number> = { critical: 0, major: 1, minor: 2 }
    const raised = [...this.groups.values()].filter((g) => g.members.size > 0).map(alarmOf)
    raised.sort((a, b) => order[a.severity] - order[b.severity] || a.since - b.since || a.id.localeCompare(b.id))
    return [...raised, ...[...this.cleared].reverse()]
  }

  /** Oldest call first. */
  ticketList(): ReadonlyArray<Ticket> {
    return [...this.desk.list(), ...this.orderTickets.list()].sort((a, b) => a.at - b.at || a.id.localeCompare(b.id))
  }

  healthPanel(t: Micros): HealthPanel {
    const counts = new Map<Service, Record<HealthStatus, number>>()
    for (const s of this.standing.values()) {
      const service = s.service
      const c = counts.get(service) ?? { served: 0, "served-without-redundancy": 0, degraded: 0, down: 0 }
      c[s.status]++
      counts.set(service, c)
    }
    return { type: "health", t, services: SERVICES.filter((s) => counts.has(s)).map((service) => ({ service, counts: counts.get(service)! satisfies HealthCounts })) }
  }

  mapState(t: Micros): MapState {
    return { type: "map", t, down: { nodes: [...this.downNodes].sort(), links: [...this.downLinks].sort() }, moved: [...this.moved].sort() }
  }
}

/** What an alarm is about, without its count: "OMD-C market data silent". */
export const alarmHeadline = (a: { readonly service: Service; readonly what: AlarmWhat }): string => `${SERVICE_WORDS[a.service]} ${WHAT_WORDS[a.what]}`

const alarmWhatOf = (service: Service, s: Standing): AlarmWhat | undefined =>
  healthRank[s.status] > s.best ? alarmWhat(service, s.status) : undefined

const alarmOf = (g: Group): Alarm => {
  const sample = [...g.members].sort().slice(0, ALARM_SAMPLE)
  const n = g.members.size
  return {
    id: g.id,
    what: g.what,
    service: g.service,
    severity: SEVERITY[g.what],
    title: `${SERVICE_WORDS[g.service]} ${WHAT_WORDS[g.what]}: ${n} participant${n === 1 ? "" : "s"}`,
    count: n,
    peak: g.peak,
    since: g.since,
    cleared: null,
    sample
  }
}
