/**
 * The participants a failing check names as harmed whose health status never got worse: the rest of whom to
 * notify, after those health made worse than by design (collect.ts). Health judges a service by what its
 * flows' models decided — the OMD feed handler calls a channel down only after its 6 s silence timer — and
 * some harm it does not measure at all (an order answered late while the session stays up, an execution
 * lost, a file past its deadline). A check measures that harm from the trace: both OMD lines silent for 4 s
 * is 4 s without market data (docs/checks.md `omd-dual-line-loss`) though no health status changed. A
 * report whose verdict fails on it must not say nobody got worse, nor leave those participants off the list
 * (docs/report-format.md `affected[]`).
 *
 * Only the kinds whose evidence is harm (`namesHarmed` in scenarios/checks/check.ts), and only pieces naming
 * a participant and a service. One entry per participant and service, in the order the failing checks (the
 * report's order) and their evidence (worst first) first name it; it carries the first piece's words and
 * cause, every failing check naming it, and the span of all the pieces.
 *
 * Gotcha: the checks' full evidence, not report.json's first 100 a check: 572 participants lose market data
 * in the audit's fall-back case, 823 pieces (one per channel).
 */
import type { HealthStatus } from "../../twin/contract/health.ts"
import type { Report } from "./report.ts"

type Affected = Report["affected"][number]
type Check = Report["checks"][number]

/** What health made of a participant's service: whether it ever got worse than by design, and its worst status. */
export interface HealthOf {
  readonly worsened: boolean
  readonly worst: HealthStatus
}

interface Named {
  readonly participant: string
  readonly service: string
  readonly check: Check
  readonly piece: Check["evidence"][number]
  readonly checks: Array<string>
  from: number
  to: number
  open: boolean
  readonly status: HealthStatus
}

/**
 * The affected entries failing checks add: `failing` the failed checks whose kind names harm, each with all
 * its evidence; `healthOf` what health made of a participant's service (undefined: no health event for it).
 */
export const namedByFailingChecks = (
  failing: ReadonlyArray<Check>,
  healthOf: (participant: string, service: string) => HealthOf | undefined
): Array<Affected> => {
  const named = new Map<string, Named>()
  for (const check of failing) {
    if (check.verdict !== "fail") continue
    for (const piece of check.evidence) {
      const { participant, service } = piece
      if (participant === undefined || participant === "" || service === undefined) continue
      const health = healthOf(participant, service)
      // Health's own list has it, with the status it reached and its cause.
      if (health?.worsened === true) continue
      const key = `${participant}|${service}`
      const known = named.get(key)
      if (known === undefined) {
        named.set(key, {
          participant,
          service,
          check,
          piece,
          checks: [check.id],
          from: piece.from,
          to: piece.to ?? piece.from,
          open: piece.to === undefined,
          // No health event for it at all: health never called it anything but served.
          status: health?.worst ?? "served"
        })
        continue
      }
      if (!known.checks.includes(check.id)) known.checks.push(check.id)
      known.from = Math.min(known.from, piece.from)
      if (piece.to === undefined) known.open = true
      else known.to = Math.max(known.to, piece.to)
    }
  }
  return [...named.values()].map((n): Affected => ({
    participant: n.participant,
    service: n.service,
    worst: n.status,
    firstAt: n.from,
    ...(n.open ? {} : { recoveredAt: n.to }),
    time: { "served-without-redundancy": 0, degraded: 0, down: 0 },
    detail: n.piece.subject === undefined ? n.piece.detail : `${n.piece.subject}: ${n.piece.detail}`,
    causeAt: n.piece.from,
    ...(n.piece.cause === undefined ? {} : { cause: n.piece.cause }),
    ...(n.piece.causeChain === undefined ? {} : { causeChain: n.piece.causeChain }),
    check: {
      id: n.check.id,
      kind: n.check.kind,
      from: n.piece.from,
      ...(n.piece.to === undefined ? {} : { to: n.piece.to }),
      detail: n.piece.detail,
      checks: n.checks
    }
  }))
}
