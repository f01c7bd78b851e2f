/**
 * Decoded scenario file + its estate → a runnable `Scenario`, or every problem found, each as
 * `PATH: expected …, got …`: unknown units, fault and check kinds, parameters their kind rejects, estate
 * elements that do not exist, and times outside the day or out of order.
 *
 * Random faults (`draw:`) are drawn here, from the run's seed, so the drawn faults are part of the
 * scenario the report shows and the same seed always draws the same ones.
 */
import { Result, Schema } from "effect"
import { describeValue, formatPath, fromSchemaIssue, type InputIssue, issue, issuesUnder } from "../topology/input-issue.ts"
import type { EstateModel } from "../topology/model.ts"
import { keyedRandom } from "../twin/engine/random.ts"
import { formatTimeOfDay, type Micros, seconds } from "../twin/engine/time.ts"
import { timetableOf } from "../twin/models/trading-day.ts"
import { simulationWindow } from "../twin/simulate/wiring.ts"
import { clockMicros, durationMicros } from "./format/duration.ts"
import { scenarioSettings } from "./settings/settings.ts"
import {
  CheckCommon,
  checkCommonKeys,
  FaultCommon,
  faultCommonKeys,
  type ScenarioFile
} from "./schema.ts"
import type {
  Catalogues,
  CheckRole,
  PhaseStep,
  Scenario,
  ScheduledCheck,
  ScheduledFault,
  ScheduledPhase,
  Window
} from "./scenario.ts"

/** Pre-checks judge the minute before a phase's first step [U: the PRT practice of a last look before go]. */
export const PRE_CHECK_LOOKBACK = seconds(60)

export interface ResolveInput {
  readonly id: string
  readonly file: string
  readonly scenario: ScenarioFile
  readonly model: EstateModel
  readonly estateFile: string
  readonly seed: number
  readonly catalogues: Catalogues
}

const parseOptions = { errors: "all", onExcessProperty: "error" } as const

/**
 * A kind's parameters decoded, unknown keys refused. Schema's own excess-property check says nothing for a
 * kind without parameters (`Schema.Struct({})` takes any object): a typo there must not silently do nothing
 * (issue 17, item 3), so those keys are refused here with the same words.
 */
const decodeParams = (schema: Schema.Decoder<unknown>, raw: Readonly<Record<string, unknown>>): Result.Result<unknown, ReadonlyArray<InputIssue>> => {
  const decoded = Schema.decodeUnknownResult(schema)(raw, parseOptions)
  if (Result.isFailure(decoded)) return Result.fail(fromSchemaIssue(decoded.failure.issue, raw))
  const fields = "fields" in schema && typeof schema.fields === "object" && schema.fields !== null ? Object.keys(schema.fields) : undefined
  const extra = fields === undefined ? [] : Object.keys(raw).filter((k) => !fields.includes(k))
  return extra.length === 0 ? Result.succeed(decoded.success) : Result.fail(extra.map((k) => issue(formatPath([k]), "no such field", describeValue(raw[k]))))
}


const omit = (entry: Readonly<Record<string, unknown>>, keys: ReadonlyArray<string>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(entry).filter(([k]) => !keys.includes(k)))

const pick = (entry: Readonly<Record<string, unknown>>, keys: ReadonlyArray<string>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(entry).filter(([k]) => keys.includes(k)))

const oneOf = (names: Iterable<string>): string => {
  const all = [...names].sort()
  if (all.length === 0) return "none defined"
  return all.length <= 8 ? `one of ${all.join(", ")}` : `one of ${all.slice(0, 8).join(", ")}, … (${all.length})`
}

export const resolveScenario = (input: ResolveInput): Result.Result<Scenario, ReadonlyArray<InputIssue>> => {
  const { scenario: s, model, catalogues } = input
  const issues: Array<InputIssue> = []
  const timetable = s.calendar.timetable ?? "full-day"
  const window = simulationWindow(clockMicros(s.calendar.from), clockMicros(s.calendar.to), timetable)
  if (window.to <= window.from) issues.push(issue("calendar.to", `a time after calendar.from ${s.calendar.from}`, JSON.stringify(s.calendar.to)))
  const units = new Set(model.file.cutoverUnits.map((u) => u.id))
  const unitsText = `a cutover unit of ${model.file.name} (${oneOf(units)})`
  const inDay = (path: string, t: Micros, raw: string) => {
    if (t < window.from || t > window.to) {
      issues.push(issue(path, `a time inside the day ${s.calendar.from}–${s.calendar.to}`, JSON.stringify(raw)))
    }
  }

  const moved = s.moved === "all" ? [...units] : [...(s.moved ?? [])]
  ;(s.moved === "all" ? [] : s.moved ?? []).forEach((u, i) => {
    if (!units.has(u)) issues.push(issue(`moved[${i}]`, unitsText, JSON.stringify(u)))
  })

  const phaseIds = new Set((s.phases ?? []).map((p) => p.id))

  const check = (path: string, entry: Readonly<Record<string, unknown>>, role: CheckRole, fallback: Window, phase?: string): ScheduledCheck | undefined => {
    const common = Schema.decodeUnknownResult(CheckCommon)(pick(entry, checkCommonKeys), parseOptions)
    if (Result.isFailure(common)) {
      issues.push(...issuesUnder(path, fromSchemaIssue(common.failure.issue, entry)))
      return undefined
    }
    const c = common.success
    const kind = catalogues.checks.get(c.check)
    if (kind === undefined) {
      issues.push(issue(`${path}.check`, `a check kind, ${oneOf(catalogues.checks.keys())}`, JSON.stringify(c.check)))
      return undefined
    }
    const rest = omit(entry, checkCommonKeys)
    const params = decodeParams(kind.params, rest)
    if (Result.isFailure(params)) {
      issues.push(...issuesUnder(path, params.failure))
      return undefined
    }
    issues.push(...issuesUnder(path, kind.validate(params.success, model)))
    let judged = fallback
    if (role === "post-check") {
      if (c.at === undefined) issues.push(issue(`${path}.at`, "the time the post-check runs", "nothing"))
      else {
        const at = clockMicros(c.at)
        inDay(`${path}.at`, at, c.at)
        if (at < fallback.from) issues.push(issue(`${path}.at`, `a time after the phase's last step ${formatTimeOfDay(fallback.from)}`, JSON.stringify(c.at)))
        judged = { from: fallback.from, to: at }
      }
    } else if (c.at !== undefined) {
      issues.push(issue(`${path}.at`, "no such field (only post-checks have a time)", JSON.stringify(c.at)))
    }
    if (c.during !== undefined) {
      if (role !== "scenario") issues.push(issue(`${path}.during`, "no such field (only scenario checks have a window)", describeValue(c.during)))
      else if (typeof c.during === "string") {
        if (!phaseIds.has(c.during)) issues.push(issue(`${path}.during`, `a phase id (${oneOf(phaseIds)}) or {from, to}`, JSON.stringify(c.during)))
        // Scenario checks are resolved after the phases, so the phase's window is known.
        else judged = phases.find((p) => p.id === c.during)?.window ?? judged
      } else {
        const w = { from: clockMicros(c.during.from), to: clockMicros(c.during.to) }
        inDay(`${path}.during.from`, w.from, c.during.from)
        inDay(`${path}.during.to`, w.to, c.during.to)
        if (w.to <= w.from) issues.push(issue(`${path}.during.to`, `a time after during.from ${c.during.from}`, JSON.stringify(c.during.to)))
        judged = w
      }
    }
    const id = c.id ?? `${c.check}${role === "scenario" ? "" : `@${path}`}`
    return { id, kind, params: params.success, role, ...(phase === undefined ? {} : { phase }), window: judged, ...(c.require === undefined ? {} : { require: c.require }) }
  }

  // Phases, in order: steps ascending, each phase after the previous one.
  const phases: Array<ScheduledPhase> = []
  let previousEnd = window.from
  ;(s.phases ?? []).forEach((p, pi) => {
    const path = `phases[${pi}]`
    const steps: Array<PhaseStep> = []
    let last = -1
    p.steps.forEach((st, si) => {
      const at = clockMicros(st.at)
      const sp = `${path}.steps[${si}]`
      inDay(`${sp}.at`, at, st.at)
      if (at < last) issues.push(issue(`${sp}.at`, `a time at or after the previous step ${formatTimeOfDay(last)}`, JSON.stringify(st.at)))
      if (si === 0 && at < previousEnd && pi > 0) {
        issues.push(issue(`${sp}.at`, `a time after the previous phase ends ${formatTimeOfDay(previousEnd)}`, JSON.stringify(st.at)))
      }
      if ((st.move ?? []).length + (st.back ?? []).length === 0) issues.push(issue(sp, "a step that moves (move:) or moves back (back:) at least one unit", describeValue(st)))
      for (const [key, list] of [["move", st.move ?? []], ["back", st.back ?? []]] as const) {
        list.forEach((u, ui) => {
          if (!units.has(u)) issues.push(issue(`${sp}.${key}[${ui}]`, unitsText, JSON.stringify(u)))
        })
      }
      last = Math.max(last, at)
      steps.push({ at, move: st.move ?? [], back: st.back ?? [] })
    })
    const first = steps[0]?.at ?? window.from
    const lastStep = last
    const preWindow = { from: Math.max(window.from, first - PRE_CHECK_LOOKBACK), to: first }
    const preChecks = (p.preChecks ?? []).flatMap((e, i) => check(`${path}.preChecks[${i}]`, e, "pre-check", preWindow, p.id) ?? [])
    const postChecks = (p.postChecks ?? []).flatMap((e, i) => check(`${path}.postChecks[${i}]`, e, "post-check", { from: first, to: lastStep }, p.id) ?? [])
    let end = Math.max(lastStep, ...postChecks.map((c) => c.window.to))
    let rollback: ScheduledPhase["rollback"]
    if (p.rollback !== undefined) {
      const cutoff = clockMicros(p.rollback.cutoff)
      inDay(`${path}.rollback.cutoff`, cutoff, p.rollback.cutoff)
      if (cutoff < first) issues.push(issue(`${path}.rollback.cutoff`, `a time at or after the phase's first step ${formatTimeOfDay(first)}`, JSON.stringify(p.rollback.cutoff)))
      const watch = (p.rollback.watch ?? []).flatMap((e, i) => check(`${path}.rollback.watch[${i}]`, e, "watch", { from: first, to: cutoff }, p.id) ?? [])
      rollback = {
        onPostCheck: (p.rollback.when ?? "post-check-fails") === "post-check-fails",
        watch,
        cutoff,
        takes: p.rollback.takes === undefined ? 0 : durationMicros(p.rollback.takes)
      }
      end = Math.max(end, cutoff)
    }
    // A phase's checks are reported by id (pre, post and watch alike): two with one id would be one row.
    const checkAt = new Map<string, string>()
    for (const [list, entries] of [["preChecks", p.preChecks], ["postChecks", p.postChecks], ["rollback.watch", p.rollback?.watch]] as const) {
      ;(entries ?? []).forEach((e, i) => {
        const id = (e as { readonly id?: unknown }).id
        if (typeof id !== "string") return
        const earlier = checkAt.get(id)
        if (earlier !== undefined) issues.push(issue(`${path}.${list}[${i}].id`, "a check id not used before in this phase", `"${id}", already used at ${earlier}`))
        else checkAt.set(id, `${list}[${i}]`)
      })
    }
    previousEnd = end
    phases.push({ id: p.id, name: p.name, steps, preChecks, postChecks, rollback, window: { from: first, to: end }, requires: gateOf(p.requires, pi, (s.phases ?? []).map((q) => q.id)) })
  })
  const seenPhase = new Set<string>()
  ;(s.phases ?? []).forEach((p, i) => {
    if (seenPhase.has(p.id)) issues.push(issue(`phases[${i}].id`, "a phase id not used before", JSON.stringify(p.id)))
    // A phase can only wait on phases before it: the gate is judged when it would start.
    if (Array.isArray(p.requires)) {
      const before = [...seenPhase]
      p.requires.forEach((r, ri) => {
        if (!seenPhase.has(r)) {
          issues.push(issue(`phases[${i}].requires[${ri}]`, before.length === 0 ? "no phase (the first phase has none before it)" : `a phase before this one (${oneOf(before)})`, JSON.stringify(r)))
        }
      })
    }
    seenPhase.add(p.id)
  })

  // Faults: fixed or drawn.
  const faults: Array<ScheduledFault> = []
  ;(s.faults ?? []).forEach((entry, fi) => {
    const path = `faults[${fi}]`
    const common = Schema.decodeUnknownResult(FaultCommon)(pick(entry, faultCommonKeys), parseOptions)
    if (Result.isFailure(common)) {
      issues.push(...issuesUnder(path, fromSchemaIssue(common.failure.issue, entry)))
      return
    }
    const f = common.success
    const kind = catalogues.faults.get(f.kind)
    if (kind === undefined) {
      issues.push(issue(`${path}.kind`, `a fault kind, ${oneOf(catalogues.faults.keys())}`, JSON.stringify(f.kind)))
      return
    }
    const rest = omit(entry, faultCommonKeys)
    const decode = (raw: Record<string, unknown>, at: string): unknown => {
      const params = decodeParams(kind.params, raw)
      if (Result.isFailure(params)) {
        issues.push(...issuesUnder(at, params.failure))
        return undefined
      }
      const found = issuesUnder(at, kind.validate(params.success, model))
      issues.push(...found)
      return found.length === 0 ? params.success : undefined
    }
    if (f.draw === undefined) {
      if (f.at === undefined) {
        issues.push(issue(`${path}.at`, "the time the fault starts (or draw: for random faults)", "nothing"))
        return
      }
      const start = clockMicros(f.at)
      inDay(`${path}.at`, start, f.at)
      const params = decode(rest, path)
      if (params === undefined) return
      const end = f.for === undefined ? undefined : Math.min(window.to, start + durationMicros(f.for))
      faults.push({ id: f.id ?? `${f.kind}@${f.at}`, kind, params, written: rest, start, end })
      return
    }
    if (f.at !== undefined || f.for !== undefined) {
      issues.push(issue(path, "either at:/for: or draw:, not both", describeValue(pick(entry, ["at", "for", "draw"]))))
      return
    }
    const between = f.draw.between.map(clockMicros) as [number, number]
    const lasting = f.draw.for.map(durationMicros) as [number, number]
    inDay(`${path}.draw.between[0]`, between[0], f.draw.between[0])
    inDay(`${path}.draw.between[1]`, between[1], f.draw.between[1])
    if (between[1] <= between[0]) issues.push(issue(`${path}.draw.between[1]`, `a time after ${f.draw.between[0]}`, JSON.stringify(f.draw.between[1])))
    if (lasting[1] < lasting[0]) issues.push(issue(`${path}.draw.for[1]`, `a duration at least ${f.draw.for[0]}`, JSON.stringify(f.draw.for[1])))
    const sets = (f.draw.among ?? [{}]).map((extra, ai) => {
      const raw = { ...rest, ...extra }
      return { raw, params: decode(raw, f.draw?.among === undefined ? path : `${path}.draw.among[${ai}]`) }
    })
    if (sets.some((x) => x.params === undefined)) return
    const draws = keyedRandom(input.seed, `scenario-draw|${fi}`)
    for (let k = 0; k < f.draw.count; k++) {
      const start = between[0] + Math.floor(draws.next() * (between[1] - between[0]))
      const length = lasting[0] + Math.floor(draws.next() * (lasting[1] - lasting[0] + 1))
      const set = sets[Math.floor(draws.next() * sets.length)]!
      faults.push({
        id: `${f.id ?? f.kind}#${k + 1}`,
        kind,
        params: set.params,
        written: set.raw,
        start,
        end: Math.min(window.to, start + length)
      })
    }
  })
  const faultIds = new Set<string>()
  for (const f of faults) {
    if (faultIds.has(f.id)) issues.push(issue("faults", "fault ids not used twice (give each an id:)", JSON.stringify(f.id)))
    faultIds.add(f.id)
  }
  faults.sort((a, b) => a.start - b.start)

  const checks = (s.checks ?? []).flatMap((e, i) => check(`checks[${i}]`, e, "scenario", window) ?? [])
  const checkIds = new Set<string>()
  checks.forEach((c, i) => {
    if (checkIds.has(c.id)) issues.push(issue(`checks[${i}].id`, "a check id not used before", JSON.stringify(c.id)))
    checkIds.add(c.id)
  })

  const settings = scenarioSettings(s.settings, model, timetableOf(timetable))
  if (Result.isFailure(settings)) issues.push(...settings.failure)

  if (issues.length > 0 || Result.isFailure(settings)) return Result.fail(issues)
  const write = new Set(s.write ?? ["trace", "markdown", "html"])
  return Result.succeed({
    id: input.id,
    file: input.file,
    name: s.name,
    purpose: s.purpose.trim(),
    estateFile: input.estateFile,
    model,
    seed: input.seed,
    date: s.calendar.date,
    day: s.calendar.day ?? "trading-day",
    window,
    moved,
    phases,
    faults,
    checks,
    write: { trace: write.has("trace"), markdown: write.has("markdown"), html: write.has("html") },
    engine: {
      convergence: s.engine?.convergence === undefined ? seconds(1) : durationMicros(s.engine.convergence),
      startupGrace: s.engine?.startupGrace === undefined ? seconds(180) : durationMicros(s.engine.startupGrace),
      metricsEvery: s.engine?.metricsEvery === undefined ? seconds(60) : durationMicros(s.engine.metricsEvery)
    },
    settings: settings.success
  })
}

/** A phase's `requires:` as the controller uses it: the earlier phases that must pass, or the default rule. */
const gateOf = (
  requires: "earlier-phases" | "none" | ReadonlyArray<string> | undefined,
  index: number,
  ids: ReadonlyArray<string>
): ScheduledPhase["requires"] =>
  requires === undefined ? "default" : requires === "none" ? [] : requires === "earlier-phases" ? ids.slice(0, index) : requires
