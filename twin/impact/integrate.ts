/**
 * Impact integrated over the intervals between changes: per service, participant-seconds down, degraded
 * and served-without-redundancy, and per participant and service the intervals of each status (what the
 * agreement test compares with a message-engine trace).
 *
 * Health is constant between two changes of the physical state, so the integral is a sum over the
 * timeline's intervals of (participants in each status) × (interval length) — no time steps.
 */
import type { EstateModel } from "../../topology/model.ts"
import { type Service, services } from "../../topology/schema.ts"
import { MICROS_PER_SECOND, type Micros } from "../engine/time.ts"
import type { HealthStatus } from "../contract/health.ts"
import { type HealthVector, NOT_USED, statusByRank } from "./health-vector.ts"
import type { Timeline } from "./timeline.ts"

export interface ServiceImpact {
  readonly participantSecondsDown: number
  readonly participantSecondsDegraded: number
  readonly participantSecondsWithoutRedundancy: number
  /** Participants that were anything but served at some point. */
  readonly participantsAffected: number
}

export interface HealthInterval {
  readonly participant: string
  readonly service: Service
  readonly status: HealthStatus
  readonly from: Micros
  readonly to: Micros
}

export interface Impact {
  readonly byService: Readonly<Record<Service, ServiceImpact>>
  /** Every participant and service whose status was not `served` at some point, with all its intervals. */
  readonly intervals: ReadonlyArray<HealthInterval>
  /** Distinct physical states in the timeline (and hence health evaluations needed at most). */
  readonly states: number
}

export const integrateImpact = (model: EstateModel, timeline: Timeline, healthOf: (i: number) => HealthVector): Impact => {
  const vectors = timeline.states.map((_, i) => healthOf(i))
  const slots = vectors[0]?.length ?? 0
  const seconds = new Float64Array(slots * 4)
  const touched = new Uint8Array(slots)
  timeline.states.forEach((s, i) => {
    const until = timeline.states[i + 1]?.t ?? timeline.to
    const length = (until - s.t) / MICROS_PER_SECOND
    const v = vectors[i]!
    for (let slot = 0; slot < slots; slot++) {
      const rank = v[slot]!
      if (rank === NOT_USED || rank === 0) continue
      seconds[slot * 4 + rank]! += length
      touched[slot] = 1
    }
  })
  const byService = {} as Record<Service, { participantSecondsDown: number; participantSecondsDegraded: number; participantSecondsWithoutRedundancy: number; participantsAffected: number }>
  for (const s of services) byService[s] = { participantSecondsDown: 0, participantSecondsDegraded: 0, participantSecondsWithoutRedundancy: 0, participantsAffected: 0 }
  const intervals: Array<HealthInterval> = []
  const n = services.length
  for (let slot = 0; slot < slots; slot++) {
    if (touched[slot] === 0) continue
    const service = services[slot % n]!
    const totals = byService[service]
    totals.participantSecondsWithoutRedundancy += seconds[slot * 4 + 1]!
    totals.participantSecondsDegraded += seconds[slot * 4 + 2]!
    totals.participantSecondsDown += seconds[slot * 4 + 3]!
    totals.participantsAffected++
    intervals.push(...intervalsOf(model, timeline, vectors, slot))
  }
  return { byService, intervals, states: new Set(vectors).size }
}

/** One slot's status intervals, merged where consecutive states give it the same status. */
const intervalsOf = (model: EstateModel, timeline: Timeline, vectors: ReadonlyArray<HealthVector>, slot: number): Array<HealthInterval> => {
  const participant = model.file.participants[Math.floor(slot / services.length)]!.id
  const service = services[slot % services.length]!
  const out: Array<{ participant: string; service: Service; status: HealthStatus; from: Micros; to: Micros }> = []
  timeline.states.forEach((s, i) => {
    const until = timeline.states[i + 1]?.t ?? timeline.to
    const status = statusByRank[vectors[i]![slot]!]!
    const last = out[out.length - 1]
    if (last !== undefined && last.status === status) last.to = until
    else out.push({ participant, service, status, from: s.t, to: until })
  })
  return out
}
