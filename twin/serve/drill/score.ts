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
 * - harm, 20: the trainee's participant-minutes down or degraded against the ideal's: no more than the ideal plus
 *   HARM_TOLERANCE (20), otherwise 20 × (ideal + 1) / (trainee + 1).
 * Times count from the incident (the drill's first scripted fault, or the one it names): a diagnosis made
 * before it counts for nothing, and an action taken before it answers nothing — it is an action the drill
 * did not expect (it did its harm: a restart before the fault is an outage of its own).
 * `judgeSubmissions` is the one rule: the score and the instructor's live verdicts both read it.
 */
import { type ActionScore, type DrillScore, type Harm, notServedOf, type Submission } from "../../contract/drill-protocol.ts"
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

/** What the score makes of one diagnosis: `judgeSubmissions`. */
export interface DiagnosisJudgement {
  readonly type: "diagnose"
  readonly n: number
  /** µs from the incident; negative: before it. */
  readonly after: number
  /** Made at or after the incident: times count from the incident, so one made before it counts for nothing. */
  readonly counted: boolean
  readonly verdict: ReturnType<typeof judgeDiagnosis>
  /** The first counted diagnosis naming an affected service: detection's marks are for it. */
  readonly detection: boolean
  /** The first counted fully right diagnosis: the diagnosis marks are for it. */
  readonly right: boolean
  /** A fully right diagnosis after the one counted (its n): it earns nothing more. */
  readonly rightBefore: number | undefined
}

/** What the score makes of one action: `judgeSubmissions`. */
export interface ActionJudgement {
  readonly type: "act"
  readonly n: number
  readonly action: ActionScore["action"]
  readonly target: string
  /** µs from the incident; negative: before it. */
  readonly after: number
  /** Taken at or after the incident; one taken before it answers nothing and is not expected. */
  readonly counted: boolean
  /** The expected action (its index in `expect.actions`) it is counted for; undefined: not expected. */
  readonly expected: number | undefined
  readonly onTime: boolean
  /** Not expected because an earlier action (its n) was counted for the same expected action. */
  readonly repeats: number | undefined
}

export type Judgement = DiagnosisJudgement | ActionJudgement

/**
 * Each submission as the score counts it, in order. A submission's judgement depends only on those before
 * it (each action takes the first expected action of its kind and target not yet taken; detection and the
 * right diagnosis are the first of their kind), so judging a drill's submissions so far gives the live
 * verdict the final score will agree with: the instructor's page and `scoreDrill` share this one rule.
 */
export const judgeSubmissions = (expect: Expectations, submissions: ReadonlyArray<Submission>): Array<Judgement> => {
  const wanted = new Set(expect.diagnosis.services)
  let detected = false
  let right: number | undefined
  /** Expected action index → the n of the action counted for it. */
  const taken = new Map<number, number>()
  return submissions.map((s): Judgement => {
    const after = s.at - expect.incidentAt
    const counted = after >= 0
    const r = s.request
    if (r.type === "diagnose") {
      const verdict = judgeDiagnosis(r, expect.diagnosis)
      const detection = counted && !detected && r.services.some((x) => wanted.has(x))
      if (detection) detected = true
      const first = counted && verdict.correct && right === undefined
      const rightBefore = counted && verdict.correct && !first ? right : undefined
      if (first) right = s.n
      return { type: "diagnose", n: s.n, after, counted, verdict, detection, right: first, rightBefore }
    }
    const same = (i: number) => expect.actions[i]!.action === r.action && expect.actions[i]!.target === r.target
    const matching = expect.actions.flatMap((_, i) => (same(i) ? [i] : []))
    const free = counted ? matching.find((i) => !taken.has(i)) : undefined
    if (free !== undefined) taken.set(free, s.n)
    const repeats = counted && free === undefined && matching.length > 0 ? taken.get(matching.at(-1)!) : undefined
    const onTime = free !== undefined && after <= expect.actions[free]!.within
    return { type: "act", n: s.n, action: r.action, target: r.target, after, counted, expected: free, onTime, repeats }
  })
}

const timely = (onTime: boolean) => (onTime ? "on time" : "late")

/** The instructor's words for a judgement (docs/drills.md "The instructor"). */
export const verdictText = (j: Judgement, expect: Expectations): string => {
  if (j.type === "act") {
    if (j.expected !== undefined) return `expected action, ${timely(j.onTime)}`
    const why = !j.counted ? "taken before the incident" : j.repeats !== undefined ? `a repeat of #${j.repeats}` : undefined
    return `not expected${why === undefined ? "" : ` (${why})`}: it does its harm, and costs marks`
  }
  if (!j.counted) return "not counted: made before the incident"
  const onTime = j.after <= expect.diagnosis.within
  const v = j.verdict
  const wrong = (["element", "fault", "services", "participants"] as const).filter((k) => !v[k])
  const said = j.right ? `correct diagnosis, ${timely(onTime)}` : j.rightBefore !== undefined ? `correct diagnosis, counted once (#${j.rightBefore})` : `wrong: ${wrong.join(", ")}`
  return j.detection ? `${said}; detection, ${timely(onTime)}` : said
}

const round1 = (x: number) => Math.round(x * 10) / 10
const NOTHING_RIGHT = { correct: false, element: false, fault: false, participants: false, services: false }

export const scoreDrill = (input: {
  readonly expect: Expectations
  readonly submissions: ReadonlyArray<Submission>
  readonly harm: Harm
  readonly idealHarm: Harm
}): DrillScore => {
  const { expect, submissions } = input
  const judged = judgeSubmissions(expect, submissions)
  const diagnoses = judged.filter((j): j is DiagnosisJudgement => j.type === "diagnose")
  const acts = judged.filter((j): j is ActionJudgement => j.type === "act")
  const counted = diagnoses.filter((j) => j.counted)
  const right = counted.find((j) => j.right)
  const within = expect.diagnosis.within

  const detectedAfter = counted.find((j) => j.detection)?.after ?? null
  const diagnosedAfter = right?.after ?? null
  const detection = detectedAfter === null ? 0 : detectedAfter <= within ? 20 : 10
  const diagnosis = diagnosedAfter === null ? 0 : diagnosedAfter <= within ? 30 : 15
  // The diagnosis shown: the right one, else the last that counted, else the last made before the
  // incident — flagged, so the score says why a diagnosis the trainee did make earned nothing.
  const early = diagnoses.findLast((j) => !j.counted)
  const shown = right ?? counted.at(-1)
  const diagnosisShown = shown !== undefined
    ? shown.verdict
    : early !== undefined
    ? { ...early.verdict, correct: false, beforeIncident: true as const }
    : NOTHING_RIGHT

  const actions: Array<ActionScore> = expect.actions.map((x, i) => {
    const done = acts.find((a) => a.expected === i)
    return { action: x.action, target: x.target, after: done?.after ?? null, within: x.within, onTime: done?.onTime ?? false }
  })
  const wrongActions = acts.flatMap((a) => (a.expected !== undefined ? [] : [{ action: a.action, target: a.target, after: a.after }]))
  const share = expect.actions.length === 0 ? 0 : 30 / expect.actions.length
  const actionMarks = Math.max(0, actions.reduce((sum, a) => sum + (a.after === null ? 0 : a.onTime ? share : share / 2), 0) - WRONG_ACTION_COST * wrongActions.length)

  const t = notServedOf(input.harm)
  const ideal = notServedOf(input.idealHarm)
  const harm = t <= ideal + HARM_TOLERANCE ? 20 : (20 * (ideal + 1)) / (t + 1)
  const parts = { detection, diagnosis, actions: round1(actionMarks), harm: round1(harm) }
  return {
    detectedAfter,
    diagnosedAfter,
    diagnosis: diagnosisShown,
    actions,
    wrongActions,
    harm: input.harm,
    idealHarm: input.idealHarm,
    marks: { ...parts, total: round1(parts.detection + parts.diagnosis + parts.actions + parts.harm), max: 100 }
  }
}
