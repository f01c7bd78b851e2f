/**
 * Faults injected while the world runs. An entry is checked by the scenario resolver itself (a one-fault
 * scenario around it), so a live entry is refused with exactly the messages a scenario file would get.
 *
 * A catalogue fault is scheduled with its window known up front; a live fault may be ended at any moment
 * (`end-fault`). So it is scheduled with an end past the simulated day, through a runtime whose `at` keeps
 * the hooks due at that end (the kind's "put it back") and guards every other hook: ending the fault drops
 * what it still had pending (a flap's next cycle, a DR declaration) and runs its put-back hooks now.
 */
import { Result } from "effect"
import type { InputIssue } from "../../topology/input-issue.ts"
import type { EstateModel } from "../../topology/model.ts"
import type { AnyFaultKind } from "../../scenarios/faults/fault.ts"
import { resolveScenario } from "../../scenarios/resolve.ts"
import type { Catalogues } from "../../scenarios/scenario.ts"
import { DURATION_EXPECTED, formatDuration, parseDuration } from "../../scenarios/format/duration.ts"
import type { Runtime } from "../engine/runtime.ts"
import { formatClock, type Micros } from "../engine/time.ts"
import type { WorldPort } from "../world/world-port.ts"

/** A fault entry that resolved: its kind, decoded parameters and the elements it touches. */
export interface LiveFaultSpec {
  readonly kind: AnyFaultKind
  readonly params: unknown
  readonly written: Readonly<Record<string, unknown>>
  readonly targets: ReadonlyArray<string>
  /** From the entry's `for:` or the message's `for`; undefined: until `end-fault`. */
  readonly lasts: Micros | undefined
}

const issueLine = (i: InputIssue): string => `${i.path}: expected ${i.expected}, got ${i.got}`

/**
 * Checks `entry` (a `faults:` entry without `at`) against the estate and catalogue; `window` is the
 * simulated day and `now` the instant it would start. Issue paths read `fault.link`, `fault.for`, ….
 */
export const resolveLiveFault = (
  entry: Readonly<Record<string, unknown>>,
  forText: string | undefined,
  context: { readonly model: EstateModel; readonly catalogues: Catalogues; readonly window: { from: Micros; to: Micros }; readonly now: Micros }
): Result.Result<LiveFaultSpec, string> => {
  // Every problem in one line: the fields a live fault may not have and a bad `for` do not hide the
  // fault's own (a `percent: 500` beside `for: "-1m"`); the rest of the entry is still checked.
  const problems: Array<string> = []
  const refused = ["at", "draw", "id"] as const
  for (const key of refused) {
    if (key in entry) {
      const why = key === "id" ? "give the id beside the fault (\"id\": …)" : "a live fault starts now"
      problems.push(`fault.${key}: expected no such field (${why}), got ${JSON.stringify(entry[key])}`)
    }
  }
  const forValid = forText === undefined || parseDuration(forText) !== undefined
  if (!forValid) problems.push(`for: expected ${DURATION_EXPECTED}, got ${JSON.stringify(forText)}`)
  const rest = Object.fromEntries(Object.entries(entry).filter(([k]) => !(refused as ReadonlyArray<string>).includes(k)))
  const clock = (t: Micros) => formatClock(t).slice(0, 8)
  const resolved = resolveScenario({
    id: "live",
    file: "live",
    scenario: {
      name: "live",
      purpose: "live",
      calendar: { from: clock(context.window.from), to: clock(context.window.to) },
      // The resolver wants a start inside the day; the fault really starts at `now`, to the microsecond.
      faults: [{ ...rest, at: clock(Math.min(context.now, context.window.to)), ...(forText === undefined || !forValid ? {} : { for: forText }) }]
    },
    model: context.model,
    estateFile: "live",
    seed: 1,
    catalogues: context.catalogues
  })
  if (Result.isFailure(resolved)) problems.push(...resolved.failure.map((i) => issueLine({ ...i, path: i.path.replace(/^faults\[0\]/, "fault") })))
  if (problems.length > 0 || Result.isFailure(resolved)) return Result.fail(problems.join("; "))
  const fault = resolved.success.faults[0]!
  const lastsText = forText ?? (typeof entry.for === "string" ? entry.for : undefined)
  return Result.succeed({
    kind: fault.kind,
    params: fault.params,
    written: fault.written,
    targets: [...fault.kind.targets(fault.params, context.model)],
    lasts: lastsText === undefined ? undefined : parseDuration(lastsText)
  })
}

/** A live fault as started: what ending it needs. */
interface Running {
  readonly spec: LiveFaultSpec
  ended: boolean
  readonly putBack: Array<() => void>
}

/**
 * The live faults of one world: `start` schedules one now, `end` ends it now; both write `scenario.fault`
 * start/end events with kind and targets, like a scenario's faults.
 */
export class LiveFaults {
  private readonly running = new Map<string, Running>()
  private counter = 0
  private readonly runtime: Runtime
  private readonly world: WorldPort
  private readonly model: EstateModel
  private readonly seed: number
  /** Ids already taken (the scenario's own faults). */
  private readonly taken: ReadonlySet<string>

  constructor(options: { runtime: Runtime; world: WorldPort; model: EstateModel; seed: number; taken: ReadonlySet<string> }) {
    this.runtime = options.runtime
    this.world = options.world
    this.model = options.model
    this.seed = options.seed
    this.taken = options.taken
  }

  /** Ids of live faults not yet ended. */
  get active(): ReadonlyArray<string> {
    return [...this.running].filter(([, r]) => !r.ended).map(([id]) => id)
  }

  /** A fresh id (`live-1`, …) or whether `id` is free. */
  claim(id: string | undefined): Result.Result<string, string> {
    if (id === undefined) {
      let next: string
      do next = `live-${++this.counter}`
      while (this.running.has(next) || this.taken.has(next))
      return Result.succeed(next)
    }
    if (this.running.has(id) || this.taken.has(id)) return Result.fail(`id: expected a fault id not used before, got ${JSON.stringify(id)}`)
    return Result.succeed(id)
  }

  /** Starts fault `id` at `at` (≥ the runtime's now); it ends after `spec.lasts` if given. */
  start(id: string, spec: LiveFaultSpec, at: Micros, dayEnd: Micros): void {
    const running: Running = { spec, ended: false, putBack: [] }
    this.running.set(id, running)
    const { runtime } = this
    runtime.at(at, () => runtime.record("scenario.fault", id, { kind: spec.kind.kind, status: "start", targets: [...spec.targets] }))
    // Past the day: never reached by the run, only ever called by `end`.
    const openEnd = dayEnd + 1
    const guarded = Object.create(runtime) as Runtime
    Object.defineProperty(guarded, "at", {
      value: (t: Micros, hook: () => void) => {
        if (t === openEnd) running.putBack.push(hook)
        else runtime.at(t, () => {
          if (!running.ended) hook()
        })
      }
    })
    spec.kind.schedule(spec.params, { model: this.model, world: this.world, runtime: guarded, seed: this.seed, id }, { start: at, end: openEnd })
    if (spec.lasts !== undefined) {
      const until = at + spec.lasts
      if (until <= dayEnd) runtime.at(until, () => this.endNow(id))
    }
  }

  /** Whether live fault `id` can be ended: the ack's detail, or why not. */
  endable(id: string): Result.Result<string, string> {
    const running = this.running.get(id)
    if (running === undefined) {
      const active = this.active
      return Result.fail(`id: expected a running live fault (${active.length === 0 ? "none running" : active.join(", ")}), got ${JSON.stringify(id)}`)
    }
    if (running.ended) return Result.fail(`id: expected a running live fault, got ${JSON.stringify(id)} (already ended)`)
    return Result.succeed(`${running.spec.kind.kind} ${id} ends`)
  }

  /** Ends live fault `id` at `at` (checked with `endable` first). */
  end(id: string, at: Micros): void {
    this.runtime.at(at, () => this.endNow(id))
  }

  private endNow(id: string): void {
    const running = this.running.get(id)
    if (running === undefined || running.ended) return
    running.ended = true
    // As a scenario's fault ends: the world put back first, then the `scenario.fault` end.
    for (const hook of running.putBack) hook()
    this.runtime.record("scenario.fault", id, { kind: running.spec.kind.kind, status: "end", targets: [...running.spec.targets] })
  }

  /** One line for an ack: `link-down live-1 on L-…, for 5m`. */
  describe(id: string): string {
    const r = this.running.get(id)
    if (r === undefined) return id
    const targets = r.spec.targets.length <= 3 ? r.spec.targets.join(", ") : `${r.spec.targets.slice(0, 3).join(", ")}, … (${r.spec.targets.length})`
    return `${r.spec.kind.kind} ${id} on ${targets}${r.spec.lasts === undefined ? " until ended" : `, for ${formatDuration(r.spec.lasts)}`}`
  }
}
