/**
 * What a report shows besides check verdicts, folded from the trace as it is written: participants per
 * service and status from the `metrics` samples, and every participant whose service got worse than its
 * status by design (its first `health` event's `design`: twin/contract/health.ts `baselineOf`), with the
 * time spent in each worse status and the cause given for the worst. Judging each participant against its
 * own status by design keeps the 223 single-circuit participants of the default estate —
 * served without redundancy all day — out of the "affected" list unless something actually happened to
 * them, and lists those a fault harms from the window's first instant (their first status is already worse).
 *
 * A sample is one instant, and a 4-second outage between two samples a minute apart would not show in it: so
 * each sample also carries the worst of the interval it closes (`worst`), folded from every `health` event —
 * the charts draw that envelope, never the instant alone (issue 15).
 *
 * Health is not the only judge of harm: a failing check's evidence may name participants whose status never
 * changed (an outage shorter than health's detection), and they are on the list too, after health's own
 * (named-by-checks.ts) — one list for report.json, report.md, report.html, affected.csv and `twin run`.
 *
 * And what participants saw of their orders' answers (twin/contract/participant-orders.ts), whatever checks
 * the scenario has: a session that stayed up while a cut held its orders is in no health list.
 */

/** Order notes kept in report.json: the rest are counted (`twin participant P --trace` tells one participant's). */
export const REPORT_ORDER_NOTES = 100

/** Orders without an answer first (never answered, or still waiting at the end), then spells of late answers, then waits that ended. */
const orderRank = (n: OrderNote): number => (n.kind === "unanswered" || (n.kind === "waiting" && n.until === undefined) ? 0 : n.kind === "late" ? 1 : 2)
import type { CauseIndex } from "../../twin/contract/cause-chain.ts"
import { baselineOf, type HealthStatus, healthRank } from "../../twin/contract/health.ts"
import { type OrderNote, OrderNotes } from "../../twin/contract/participant-orders.ts"
import { isKind, type TraceEvent } from "../../twin/contract/trace-event.ts"
import { IntervalWorst } from "./interval-worst.ts"
import { type HealthOf, namedByFailingChecks } from "./named-by-checks.ts"
import type { Report } from "./report.ts"


interface Track {
  readonly participant: string
  readonly service: string
  readonly baseline: HealthStatus
  status: HealthStatus
  since: number
  worst: HealthStatus
  firstAt: number
  detail: string
  causeAt: number
  /** When it last came back to its status by design (or better); undefined while it is worse. */
  recoveredAt: number | undefined
  readonly spent: { "served-without-redundancy": number; degraded: number; down: number }
}

/**
 * `cause` (the sentence) and `causeChain` of what happened at `at`, or nothing when nothing changed within
 * reach; `datedBack`: `at` is when a line was last heard (cause-chain.ts).
 */
export const chainFields = (causes: CauseIndex, at: number, datedBack = false): { cause?: string; causeChain?: NonNullable<Report["affected"][number]["causeChain"]> } => {
  const chain = causes.chainAt(at, datedBack)
  return chain === undefined ? {} : { cause: chain.sentence, causeChain: { trigger: chain.trigger, enablers: chain.enablers } }
}

export class ReportCollector {
  readonly health: Array<Report["health"][number]> = []
  private readonly tracks = new Map<string, Track>()
  private readonly worst = new IntervalWorst()
  private readonly orderNotes = new OrderNotes()

  readonly write = (e: TraceEvent): void => {
    if (e.kind === "ocg.session" || e.kind === "csc.order") this.orderNotes.observe(e)
    if (isKind(e, "metrics")) {
      this.health.push({ t: e.t, services: e.data.health, worst: this.worst.sample(e.t, Object.keys(e.data.health)) })
    } else if (isKind(e, "health")) {
      const d = e.data
      const key = `${e.subject}|${d.service}`
      const known = this.tracks.get(key)
      this.worst.change(e.t, d.service, known?.status, d.status)
      let track = known
      if (track === undefined) {
        const baseline = baselineOf(d)
        track = {
          participant: e.subject,
          service: d.service,
          baseline,
          status: baseline,
          since: e.t,
          worst: baseline,
          firstAt: -1,
          detail: "",
          causeAt: -1,
          recoveredAt: undefined,
          spent: { "served-without-redundancy": 0, degraded: 0, down: 0 }
        }
        this.tracks.set(key, track)
        // A first status worse than its baseline (by design) is harm from this instant: folded below as a
        // change from the baseline, like any later worsening.
        if (d.status === baseline) return
      }
      this.close(track, e.t)
      track.status = d.status
      track.since = e.t
      if (healthRank[d.status] > healthRank[track.baseline]) {
        if (track.firstAt < 0) track.firstAt = e.t
        track.recoveredAt = undefined
        if (healthRank[d.status] > healthRank[track.worst] || track.worst === track.baseline) {
          track.worst = d.status
          track.detail = d.cause
          track.causeAt = e.t
        }
      } else if (track.firstAt >= 0 && track.recoveredAt === undefined) track.recoveredAt = e.t
    }
  }

  private close(track: Track, t: number): void {
    if (track.status !== "served" && healthRank[track.status] > healthRank[track.baseline]) track.spent[track.status] += t - track.since
  }

  /** The run's order figures and notes, worst first (unanswered and waiting by orders, then late by the longest wait). */
  orders(): NonNullable<Report["orders"]> {
    const notes = this.orderNotes.notes()
    const late = notes.filter((n) => n.kind === "late")
    const ranked = [...notes].sort((a, b) =>
      orderRank(a) - orderRank(b) || b.orders - a.orders || (b.worst ?? 0) - (a.worst ?? 0) || a.t - b.t ||
      (a.session < b.session ? -1 : a.session > b.session ? 1 : 0)
    )
    return {
      sessionsLate: new Set(late.map((n) => `${n.service}|${n.session}`)).size,
      longest: late.reduce((m, n) => Math.max(m, n.worst ?? 0), 0),
      unanswered: notes.filter((n) => n.kind === "unanswered").reduce((sum, n) => sum + n.orders, 0),
      stillWaiting: notes.filter((n) => n.kind === "waiting" && n.until === undefined).reduce((sum, n) => sum + n.orders, 0),
      notes: ranked.slice(0, REPORT_ORDER_NOTES).map((n) => ({
        t: n.t,
        participant: n.participant,
        service: n.service,
        session: n.session,
        kind: n.kind,
        orders: n.orders,
        ...(n.until === undefined ? {} : { until: n.until }),
        text: n.text
      })),
      notesCount: notes.length
    }
  }

  /** What health made of a participant's service (undefined: it wrote no status for it). */
  readonly healthOf = (participant: string, service: string): HealthOf | undefined => {
    const track = this.tracks.get(`${participant}|${service}`)
    return track === undefined ? undefined : { worsened: track.firstAt >= 0, worst: track.worst }
  }

  /**
   * Whom to notify: participants worse than by design at some point, worst first (status, then time down,
   * degraded, …), then those `failing` checks name as harmed whose status never got worse (named-by-checks.ts;
   * `failing`: the failed checks whose kind names harm, with all their evidence).
   */
  affected(end: number, causes: CauseIndex, failing: ReadonlyArray<Report["checks"][number]> = []): Report["affected"] {
    return [...this.worseThanByDesign(end, causes), ...namedByFailingChecks(failing, this.healthOf)]
  }

  private worseThanByDesign(end: number, causes: CauseIndex): Array<Report["affected"][number]> {
    const out: Array<Report["affected"][number]> = []
    for (const track of this.tracks.values()) {
      if (track.firstAt < 0) continue
      const spent = { ...track.spent }
      if (track.status !== "served" && healthRank[track.status] > healthRank[track.baseline]) spent[track.status] += end - track.since
      out.push({
        participant: track.participant,
        service: track.service,
        worst: track.worst,
        firstAt: track.firstAt,
        ...(track.recoveredAt === undefined ? {} : { recoveredAt: track.recoveredAt }),
        time: spent,
        detail: track.detail,
        causeAt: track.causeAt,
        ...chainFields(causes, track.causeAt)
      })
    }
    return out.sort((a, b) =>
      healthRank[b.worst] - healthRank[a.worst] ||
      b.time.down - a.time.down ||
      b.time.degraded - a.time.degraded ||
      b.time["served-without-redundancy"] - a.time["served-without-redundancy"] ||
      a.firstAt - b.firstAt ||
      (a.participant < b.participant ? -1 : a.participant > b.participant ? 1 : a.service < b.service ? -1 : 1)
    )
  }
}
