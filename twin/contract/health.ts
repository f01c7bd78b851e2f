/**
 * The health vocabulary, defined once: a participant's service is `served` (works, and no single failure of
 * a node, link or circuit outside its premises would stop it), `served-without-redundancy` (works, one such
 * failure would stop it), `degraded` (loss or latency over bound) or `down` (does not work) — README "What
 * the answers mean", docs/trace.md "How `health` is decided".
 *
 * `HEALTH_STATUSES` is in rank order, best first: `healthRank` is a status's index, so "worse" is "higher"
 * everywhere (the health tracker's worst flow, checks' `worst:` thresholds, the impact engine's vectors,
 * reports, the viewer's colours).
 */
export const HEALTH_STATUSES = ["served", "served-without-redundancy", "degraded", "down"] as const
export type HealthStatus = (typeof HEALTH_STATUSES)[number]

/** A status's rank: 0 served, 1 served-without-redundancy, 2 degraded, 3 down. */
export const healthRank: Readonly<Record<HealthStatus, number>> = {
  served: 0,
  "served-without-redundancy": 1,
  degraded: 2,
  down: 3
}

/** The status of rank `rank` (the inverse of `healthRank`). */
export const statusByRank: ReadonlyArray<HealthStatus> = HEALTH_STATUSES

/** The worse of two statuses (`a` when they rank the same). */
export const worseStatus = <S extends HealthStatus>(a: S, b: S): S => (healthRank[a] >= healthRank[b] ? a : b)

/**
 * What "worse" is measured from for a participant-service — the affected list of a report
 * (scenarios/report/collect.ts), `twin participant`'s timeline (participant-timeline.ts) and the viewer:
 * its status by design, `design` on its first `health` event (the opening state with no fault in force,
 * docs/trace.md). So a participant on a single circuit, without redundancy all day by design, is never
 * "affected" by it, while one whose first status is already worse — a fault that starts with the window,
 * sessions that cannot log on — is harmed from the opening. Not the first status itself: that may already
 * be a fault's doing. A trace without `design` (written before it was) has only its first status to go by.
 */
export const baselineOf = (first: { readonly status: HealthStatus; readonly design?: HealthStatus | undefined }): HealthStatus =>
  first.design ?? first.status

export const isHealthStatus = (v: unknown): v is HealthStatus =>
  typeof v === "string" && (HEALTH_STATUSES as ReadonlyArray<string>).includes(v)

/** Per status, a count of participants (the `metrics` event's `health`, reports' counts). */
export type HealthCounts = { readonly [S in HealthStatus]: number }

/** The statuses that are trouble, worst first (reports list them in this order). */
export const TROUBLE_STATUSES = ["down", "degraded", "served-without-redundancy"] as const
