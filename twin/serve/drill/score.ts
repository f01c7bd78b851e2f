/**
 * Scoring a drill (docs/drills.md "Scoring"): from the trainee's submissions and actions, the harm of the
 * trainee's run and of the ideal response's run (same drill, same seed, the expected actions at their
 * targets), out of 100:
 * - detection, 20: the first diagnosis naming an affected service, within the diagnosis target (20), later (10);
 * - diagnosis, 30: the first fully right diagnosis — an accepted element, the fault kind, exactly the
 *   affected services, and the affected participants (at least PARTICIPANTS_AGREE of the union of the two
 *   lists in common: a trainee lists who called and what the alarms sample, not the twin's exact set) —
 *   within the target (30), later (15);
 * - actions, 30: shared among the expected actions, each done within its target (full share) or later
 *   (half); every action the drill did not expect costs WRONG_ACTION_COST;
 * - harm, 20: the trainee's participant-minutes down against the ideal's: no more than the ideal plus
 *   HARM_TOLERANCE (20), otherwise 20 × (ideal + 1) / (trainee + 1).
 * Times count from the incident (the drill's first scripted fault, or the one it names).
 */
import type { ActionScore, DrillScore, Harm, Submission } from "../../contract/drill-protocol.ts"
import type { Service } from "../../contract/services.ts"
import type { Micros } from "../../engine/time.ts"

export const PARTICIPANTS_AGREE = 0.8
export const WRONG_ACTION_COST = 10
/** Participant-minutes: a trainee acting a few seconds apart from the ideal is not penalised for it. */
export const HARM_TOLERANCE = 1

/** What the score needs of the drill (also saved in drill.json, so a debrief rebuilds without the drill file). */
export interface Expectations {
  readonly incidentAt: Micros
  readonly diagnosis: {
    readonly elements: ReadonlyArray<string>
    readonly fault: string
    readonly services: ReadonlyArray<Service>
    readonly participants: ReadonlyArray<string>
    readonly within: Micros
  }
  readonly actions: ReadonlyArray<{ readonly action: ActionScore["action"]; readonly target: string; readonly within: Micros }>
}

const sameSet = <A>(a: ReadonlyArray<A>, b: ReadonlyArray<A>) => {
  const x = new Set(a)
  const y = new Set(b)
  return x.size === y.size && [...x].every((v) => y.has(v))
}

/** |A ∩ B| / |A ∪ B| (1 for two empty lists). */
export const agreement = (a: ReadonlyArray<string>, b: ReadonlyArray<string>): number => {
  const x = new Set(a)
  const y = new Set(b)
  const union = new Set([...x, ...y]).size
  if (union === 0) return 1
  return [...x].filter((v) => y.has(v)).length / union
}

export const judgeDiagnosis = (d: Extract<Submission["request"], { type: "diagnose" }>, e: Expectations["diagnosis"]) => {
  const element = e.elements.includes(d.element)
  const fault = d.fault === e.fault
  const services = sameSet(d.services, e.services)
  const participants = agreement(d.participants, e.participants) >= PARTICIPANTS_AGREE
  return { correct: element && fault && services && participants, element, fault, participants, services }
}

const round1 = (x: number) => Math.round(x * 10) / 10

export const scoreDrill = (input: {
  readonly expect: Expectations
  readonly submissions: ReadonlyArray<Submission>
  readonly harm: Harm
  readonly idealHarm: Harm
}): DrillScore => {
  const { expect, submissions } = input
  const since = (t: Micros) => Math.max(0, t - expect.incidentAt)
  const diagnoses = submissions.flatMap((s) => (s.request.type === "diagnose" && s.at >= expect.incidentAt ? [{ at: s.at, d: s.request }] : []))
  const acts = submissions.flatMap((s) => (s.request.type === "act" ? [{ at: s.at, a: s.request }] : []))
  const wanted = new Set(expect.diagnosis.services)
  const detected = diagnoses.find((x) => x.d.services.some((s) => wanted.has(s)))
  const judged = diagnoses.map((x) => ({ at: x.at, verdict: judgeDiagnosis(x.d, expect.diagnosis) }))
  const right = judged.find((j) => j.verdict.correct)
  const shown = right ?? judged.at(-1)
  const within = expect.diagnosis.within

  const detectedAfter = detected === undefined ? null : since(detected.at)
  const diagnosedAfter = right === undefined ? null : since(right.at)
  const detection = detectedAfter === null ? 0 : detectedAfter <= within ? 20 : 10
  const diagnosis = diagnosedAfter === null ? 0 : diagnosedAfter <= within ? 30 : 15

  const used = new Set<number>()
  const actions: Array<ActionScore> = expect.actions.map((x) => {
    const i = acts.findIndex((a, k) => !used.has(k) && a.a.action === x.action && a.a.target === x.target)
    if (i < 0) return { action: x.action, target: x.target, after: null, within: x.within, onTime: false }
    used.add(i)
    const after = since(acts[i]!.at)
    return { action: x.action, target: x.target, after, within: x.within, onTime: after <= x.within }
  })
  const wrongActions = acts.flatMap((a, k) => (used.has(k) ? [] : [{ action: a.a.action, target: a.a.target, after: since(a.at) }]))
  const share = expect.actions.length === 0 ? 0 : 30 / expect.actions.length
  const actionMarks = Math.max(0, actions.reduce((sum, a) => sum + (a.after === null ? 0 : a.onTime ? share : share / 2), 0) - WRONG_ACTION_COST * wrongActions.length)

  const t = input.harm.totalDown
  const ideal = input.idealHarm.totalDown
  const harm = t <= ideal + HARM_TOLERANCE ? 20 : (20 * (ideal + 1)) / (t + 1)
  const parts = { detection, diagnosis, actions: round1(actionMarks), harm: round1(harm) }
  return {
    detectedAfter,
    diagnosedAfter,
    diagnosis: shown === undefined ? { correct: false, element: false, fault: false, participants: false, services: false } : shown.verdict,
    actions,
    wrongActions,
    harm: input.harm,
    idealHarm: input.idealHarm,
    marks: { ...parts, total: round1(parts.detection + parts.diagnosis + parts.actions + parts.harm), max: 100 }
  }
}
