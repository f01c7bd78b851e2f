/**
 * A written plan's score as text and JSON (`twin plan --score`), and two plans side by side
 * (`twin plan --compare A B`): per phase the exposure, who is at risk and the worst single-fault outcome,
 * then which ranks first and why (score.ts `compareScores`, reasons.ts `versusBest`).
 */
import { formatDuration } from "../../scenarios/format/duration.ts"
import { inTradingText, phaseWhy, planReasons, versusBest } from "./reasons.ts"
import { compareScores, inTradingHours, rankOf } from "./score.ts"
import type { ScoredPhase, ScoredScenarios } from "./score-plan.ts"

/** Participant ids shown per phase in `--compare`'s text. */
const WHO_SHOWN = 8

const fmt = (x: number) => (Math.abs(x - Math.round(x)) < 0.005 ? String(Math.round(x)) : x.toFixed(2))

export const scoreLines = (label: string, scored: ScoredScenarios): ReadonlyArray<string> => [
  `${label}: ${scored.phases.length} phases, convergence ${formatDuration(scored.convergence)}`,
  `  ${planReasons(scored.plan)[0]}`,
  ...scored.phases.map((p, i) =>
    `  phase ${i + 1} ${p.id}${p.date === undefined ? "" : ` (${p.date})`}: ${p.score.units.join(", ")} — ${phaseWhy(p.score).join("; ")}; at risk: ${p.atRisk.length === 0 ? "nobody" : `${p.atRisk.length} participants`}`
  ),
  ...tradingWarnings("", scored)
]

/** One line per step or rollback inside a trading session (scenarios/trading-hours.ts), naming its phase. */
export const tradingWarnings = (plan: string, scored: ScoredScenarios): ReadonlyArray<string> =>
  scored.phases.flatMap((p, i) => (p.score.tradingHours ?? []).map((w) => `WARNING${plan === "" ? "" : ` ${plan}`} phase ${i + 1} ${p.id}: ${w}`))

const phaseJson = (p: ScoredPhase) => ({
  scenario: p.scenario,
  id: p.id,
  name: p.name,
  date: p.date ?? null,
  units: p.score.units,
  exposureHours: p.score.exposureHours,
  downHours: p.score.downHours,
  atRiskHours: p.score.atRiskHours,
  worstN1: p.score.worstN1,
  rollbackDown: p.score.rollbackDown,
  participantsAtRisk: p.atRisk,
  steps: p.steps.map((s) => ({ at: s.at, units: s.units, moved: s.moved, back: s.back, participantsAtRisk: s.atRisk, convergingDown: s.convergingDown, worstFault: s.worstFault ?? null })),
  rollbackUnits: p.rollbackUnits,
  rollbackAtRisk: p.rollbackAtRisk,
  inTradingHours: p.score.tradingHours ?? []
})

export const scoreJson = (folder: string, scored: ScoredScenarios) => ({
  plan: folder,
  convergence: scored.convergence,
  ...rankOf(scored.plan),
  phases: scored.phases.map(phaseJson)
})

const cell = (p: ScoredPhase | undefined): ReadonlyArray<string> =>
  p === undefined
    ? ["", "", "", ""]
    : [
      fmt(p.score.exposureHours),
      p.atRisk.length === 0 ? "nobody" : String(p.atRisk.length),
      p.score.worstN1.participants === 0 ? "none" : `${p.score.worstN1.element} +${p.score.worstN1.participants}`,
      !p.score.rollbackRule ? (p.score.rollbackUntriggered === true ? "no trigger" : "no rule") : String(p.score.rollbackDown)
    ]

/** A table with padded columns. */
const table = (rows: ReadonlyArray<ReadonlyArray<string>>): ReadonlyArray<string> => {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)))
  return rows.map((r) => r.map((x, c) => x.padEnd(widths[c]!)).join("  ").trimEnd())
}

export const compareLines = (a: { readonly label: string; readonly scored: ScoredScenarios }, b: { readonly label: string; readonly scored: ScoredScenarios }): ReadonlyArray<string> => {
  const n = Math.max(a.scored.phases.length, b.scored.phases.length)
  const head = ["phase", "A exposure", "A at risk", "A worst N-1", "A rollback", "B exposure", "B at risk", "B worst N-1", "B rollback"]
  const rows = [head, ...Array.from({ length: n }, (_, i) => [String(i + 1), ...cell(a.scored.phases[i]), ...cell(b.scored.phases[i])])]
  const ra = rankOf(a.scored.plan)
  const rb = rankOf(b.scored.plan)
  const order = compareScores(ra, rb)
  const [ta, tb] = [inTradingHours(a.scored.plan), inTradingHours(b.scored.plan)]
  // The same rank with steps in trading hours is never "the same" without saying so (compareScores ranks
  // such a plan after every plan without: equal here only if both have them).
  const verdict = order === 0 && a.scored.phases.length === b.scored.phases.length
    ? `A and B score the same${ta + tb > 0 ? ` — and both move units during trading hours (A ${inTradingText(ta)}, B ${tb})` : ""}`
    : order < 0 || (order === 0 && a.scored.phases.length < b.scored.phases.length)
    ? `A ranks first; B ${versusBest(b.scored.plan, a.scored.plan)}`
    : `B ranks first; A ${versusBest(a.scored.plan, b.scored.plan)}`
  // Who: per phase with anyone at risk, the first ids (all of them: --json, or the plan's runbook).
  const who = (label: string, scored: ScoredScenarios) =>
    scored.phases.flatMap((p, i) =>
      p.atRisk.length === 0 ? [] : [`${label} phase ${i + 1} at risk: ${p.atRisk.slice(0, WHO_SHOWN).join(", ")}${p.atRisk.length > WHO_SHOWN ? ` … (${p.atRisk.length} in all)` : ""}`]
    )
  const whoLines = [...who("A", a.scored), ...who("B", b.scored)]
  return [
    `A: ${a.label} — ${a.scored.phases.length} phases, cost ${fmt(a.scored.plan.cost)}`,
    `B: ${b.label} — ${b.scored.phases.length} phases, cost ${fmt(b.scored.plan.cost)}`,
    "exposure: participant-service hours worse than before the plan while in flight (down ×10); at risk: participants to notify;",
    "worst N-1: the single fault taking down the most participants beyond the worst before the plan; rollback: participant-services a rollback takes down while its units converge together (the runbook names their participants)",
    "",
    ...table(rows),
    ...(whoLines.length > 0 ? ["", ...whoLines] : []),
    ...(ta + tb > 0 ? ["", ...tradingWarnings("A", a.scored), ...tradingWarnings("B", b.scored)] : []),
    "",
    verdict
  ]
}
