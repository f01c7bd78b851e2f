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

export const isHealthStatus = (v: unknown): v is HealthStatus =>
  typeof v === "string" && (HEALTH_STATUSES as ReadonlyArray<string>).includes(v)

/** Per status, a count of participants (the `metrics` event's `health`, reports' counts). */
export type HealthCounts = { readonly [S in HealthStatus]: number }

/** The statuses that are trouble, worst first (reports list them in this order). */
export const TROUBLE_STATUSES = ["down", "degraded", "served-without-redundancy"] as const
