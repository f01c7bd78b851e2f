/** The ranked plans as text: each plan's phases and, per phase, why it costs what it costs. */
import type { PhaseScore, ScoredPlan, Weights } from "./score.ts"
import { defaultWeights, inTradingHours } from "./score.ts"

const fmt = (x: number) => (Math.abs(x - Math.round(x)) < 0.005 ? String(Math.round(x)) : x.toFixed(2))

export const planReasons = (plan: ScoredPlan, weights: Weights = defaultWeights): ReadonlyArray<string> => {
  const exposure = plan.phases.reduce((s, p) => s + p.exposureHours, 0)
  const n1 = plan.phases.reduce((s, p) => s + p.worstN1.participants, 0)
  const rollback = plan.phases.reduce((s, p) => s + p.rollbackDown, 0)
  const lines = [
    // The N-1 term is a difference of counts (the phase's worst single fault against the worst before the
    // plan), not the participants it newly exposes: 3 newly exposed to ar-b where one was to pop-a1 count 2.
    `cost ${fmt(plan.cost)} = exposure ${fmt(exposure)} + ${weights.n1Weight} × ${n1} participants a phase's worst single fault takes down beyond the worst before the plan` +
    (rollback > 0 ? ` + ${weights.n1Weight} × ${rollback} participant-services a rollback takes down (units converging together)` : "") +
    ` + ${weights.windowWeight} × ${plan.phases.length} windows`
  ]
  plan.phases.forEach((p, i) => {
    lines.push(`phase ${i + 1}: ${p.units.join(", ")} — ${phaseWhy(p, weights).join("; ")}`)
  })
  return lines
}

/** Why a phase costs what it costs: exposure, worst single fault, time at risk, its rollback. */
export const phaseWhy = (p: PhaseScore, weights: Weights = defaultWeights): ReadonlyArray<string> => {
  const why: Array<string> = []
  // The settled states' share (the convergence's is counted down, `downFactor` times). Their exposure
  // counts a down hour `downFactor` times, so the hours worse off are what remains once the down hours
  // are counted once: printing the exposure as hours made 0.17 h down read "1.67 hours (0.17 of them down)".
  const settled = p.exposureHours - (weights.downFactor * p.convergingSeconds) / 3600
  const settledDown = p.downHours - p.convergingSeconds / 3600
  const worseHours = settled - (weights.downFactor - 1) * Math.max(0, settledDown)
  why.push(
    settled < 1e-9
      ? "nobody worse off while in flight"
      : `${fmt(worseHours)} participant-service hours worse off while in flight` +
        (settledDown > 1e-9 ? ` (${fmt(settledDown)} of them down, counted ${weights.downFactor} times: exposure ${fmt(settled)})` : "")
  )
  if (p.convergingSeconds > 0) why.push(`${fmt(p.convergingSeconds)} participant-service seconds down while moved units converge`)
  why.push(p.worstN1.participants === 0 ? "no single fault takes down more than before the plan" : `worst single fault ${p.worstN1.element} takes down ${p.worstN1.participants} participants more than the worst single fault before the plan (${fmt(p.atRiskHours)} participant-hours at risk)`)
  if (!p.rollbackRule) {
    why.push(
      p.rollbackUntriggered === true
        ? "a rollback rule nothing triggers (when: never or no PRT step by its cut-off, and no watched check): a failure leaves the phase as it is, so no rollback is counted"
        : "no rollback rule: a failure leaves the phase as it is, so no rollback is counted"
    )
  }
  else if (p.rollbackDown > 0) why.push(`its rollback (every unit back at once) takes down ${p.rollbackDown} participant-services while they converge together`)
  if ((p.tradingHours?.length ?? 0) > 0) why.push(`${inTradingText(p.tradingHours!.length)}: ranked after every plan without`)
  return why
}

/** `6 steps or rollbacks in a trading session`. */
export const inTradingText = (n: number): string => `${n} ${n === 1 ? "step or rollback" : "steps or rollbacks"} in a trading session`

/** Why `plan` ranks below `best`, in one line. */
export const versusBest = (plan: ScoredPlan, best: ScoredPlan): string => {
  const trading = inTradingHours(plan)
  // Ranked after every plan that keeps out of trading hours whatever the costs (score.ts compareScores):
  // said first, with the cost beside it, which may well be lower.
  if (trading > 0 && inTradingHours(best) === 0) {
    const d = plan.cost - best.cost
    const cost = Math.abs(d) <= 1e-9 ? "at the same cost" : d > 0 ? `and costs ${fmt(d)} more` : `though it costs ${fmt(-d)} less`
    return `moves units during trading hours (${inTradingText(trading)}) — ranked after every plan that does not, ${cost}`
  }
  const e = (p: ScoredPlan) => p.phases.reduce((s, x) => s + x.exposureHours, 0)
  const n = (p: ScoredPlan) => p.phases.reduce((s, x) => s + x.worstN1.participants, 0)
  const parts: Array<string> = []
  if (e(plan) > e(best) + 1e-9) parts.push(`${fmt(e(plan) - e(best))} more exposure`)
  if (n(plan) > n(best)) parts.push(`${n(plan) - n(best)} more participants taken down by its phases' worst single faults`)
  const r = (p: ScoredPlan) => p.phases.reduce((s, x) => s + x.rollbackDown, 0)
  // Fewer down in a rollback because a phase cannot be rolled back is no saving: said where it is counted.
  const ruleless = (p: ScoredPlan) => {
    const never = p.phases.filter((x) => !x.rollbackRule)
    const n = never.length
    const rule = never.some((x) => x.rollbackUntriggered === true) ? "a rollback rule that can trigger" : "a rollback rule"
    return n === 0 ? "" : ` — ${n === 1 ? "a phase" : `${n} phases`} of ${p === best ? "the first" : "this one"} without ${rule} ${n === 1 ? "counts" : "count"} none`
  }
  if (r(plan) > r(best)) parts.push(`${r(plan) - r(best)} more participant-services down in a rollback${ruleless(best)}`)
  const risk = (p: ScoredPlan) => p.phases.reduce((s, x) => s + x.atRiskHours, 0)
  if (parts.length === 0 && risk(plan) > risk(best) + 1e-9) parts.push(`${fmt(risk(plan) - risk(best))} more participant-hours at risk`)
  if (plan.phases.length > best.phases.length) parts.push(`${plan.phases.length - best.phases.length} more window${plan.phases.length - best.phases.length === 1 ? "" : "s"}`)
  // What it does better, so that a planner weighing it against the best sees the trade, not only its price.
  const saves: Array<string> = []
  if (e(plan) < e(best) - 1e-9) saves.push(`${fmt(e(best) - e(plan))} less exposure`)
  if (n(plan) < n(best)) saves.push(`${n(best) - n(plan)} fewer participants taken down by its phases' worst single faults`)
  if (r(plan) < r(best)) saves.push(`${r(best) - r(plan)} fewer participant-services down in a rollback${ruleless(plan)}`)
  if (plan.phases.length < best.phases.length) saves.push(`${best.phases.length - plan.phases.length} fewer window${best.phases.length - plan.phases.length === 1 ? "" : "s"}`)
  const trade = saves.length === 0 ? "" : ` (for ${saves.join(", ")})`
  const both = trading > 0 ? `; both move units during trading hours (${inTradingText(trading)} here, ${inTradingHours(best)} in the first)` : ""
  return (parts.length === 0 ? `costs ${fmt(plan.cost - best.cost)} more${trade}` : `costs ${fmt(plan.cost - best.cost)} more: ${parts.join(", ")}${trade}`) + both
}
