/**
 * The drill protocol (docs/drills.md "Protocol"): JSON text frames on `ws://HOST:PORT/drill` between
 * `twin drill DRILL` (twin/serve/drill/) and the two drill pages of the viewer (trainee, instructor).
 * Declared once here; the server decodes every client frame with Schema (twin/serve/drill/drill-decode.ts,
 * whose decoded types must be these: a type test fails on drift), the pages read the server's frames.
 *
 * The flow:
 * 1. A page connects and sends `hello` (with `token` for the instructor). The server answers `welcome`
 *    (role, briefing, pick lists, the map's layout, the action vocabulary), then the current `gate`,
 *    `clock`, `alarms`, `tickets`, `health`, `map` and `submissions` — every later message of those types
 *    replaces the previous one wholesale (a page that reconnects just sends `hello` again). The instructor
 *    also gets `script` and `active-faults`.
 * 2. The world waits paused behind the gate (`gate.state = "waiting"`) until the instructor sends `start`.
 *    The instructor may `pause`/`resume`, change `speed`, `inject` a fault from the pick lists, `end-fault`
 *    one of the active faults, send a `hint` (every page gets a `hint`), and `end-drill`.
 * 3. The trainee is BLIND: it never gets trace events, fault names or causes, only what monitoring shows —
 *    grouped alarms, tickets from affected participants, health counts per service, the map's element
 *    states (up/down, never why). It submits `diagnose` and `act` as often as it likes; each gets
 *    `submitted` (its own copy) and the instructor gets the submission live (with the verdict).
 * 4. When the drill's window is over or the instructor sends `end-drill`, the world runs to the end of the
 *    window, the server scores the run against the ideal response and sends `score` to every page
 *    (`gate.state = "over"`), and saves everything under out/drills/<name>-<time>/.
 *
 * Times (`t`, `at`, `since`) are µs since midnight of the simulated day, as in the trace; durations µs.
 * `ref` is the client's tag for a request, echoed in its `ack`, `submitted` or `error`.
 */
import type { EstateLayout } from "./estate-layout.ts"
import type { HealthCounts } from "./health.ts"
import type { Service } from "./services.ts"
import type { TraceData } from "./trace-value.ts"

export type Ref = string | number

// ---------------------------------------------------------------------------------------------------------
// The action vocabulary: what a trainee may do. Each names its target by kind; the drill says which are
// allowed and expected, and each has a real effect on the world after a delay (docs/drills.md "Actions").

export const DRILL_ACTIONS = [
  "roll-back-unit",
  "fail-over-site",
  "switch-carrier",
  "restart-service",
  "escalate-carrier"
] as const
export type DrillActionKind = (typeof DRILL_ACTIONS)[number]

const MINUTE = 60_000_000

/**
 * How long each action takes to have its effect, µs — assumptions [U] chosen for drills (docs/drills.md
 * "Actions", scenarios/drill/actions.ts applies them).
 */
export const DRILL_ACTION_DELAY: Readonly<Record<DrillActionKind, number>> = {
  "roll-back-unit": 3 * MINUTE,
  "fail-over-site": 5 * MINUTE,
  "switch-carrier": 10 * MINUTE,
  "restart-service": 2 * MINUTE,
  "escalate-carrier": 10 * MINUTE
}

/**
 * When an action (the trace's `live.control` `action`) first changes the world, µs after it was taken: a
 * restart takes its node down at once (and back up after its delay), every other action acts after its
 * delay. Cause chains (cause-chain.ts) date an action's harm from this instant; undefined for a name not in
 * the vocabulary.
 */
export const actionFirstChange = (action: string): number | undefined =>
  action === "restart-service" ? 0 : isDrillAction(action) ? DRILL_ACTION_DELAY[action] : undefined

const isDrillAction = (action: string): action is DrillActionKind => (DRILL_ACTIONS as ReadonlyArray<string>).includes(action)

/** What an action's `target` names: a cutover unit, a data-centre site, a carrier site, an HKEX node. */
export type ActionTargetKind = "unit" | "site" | "carrier" | "node"

export type ActionInfo = {
  readonly action: DrillActionKind
  /** Words for the form: "Roll back cutover unit". */
  readonly label: string
  readonly target: ActionTargetKind
  /** Choices for the target (every element of that kind: not a hint). */
  readonly choices: ReadonlyArray<string>
  /** How long the action takes to have its effect, µs. */
  readonly delay: number
}

// ---------------------------------------------------------------------------------------------------------
// Client → server

/** First message of a connection (and after a reconnect); the instructor's token makes it the instructor. */
export type DrillHello = { readonly type: "hello"; readonly token?: string }

/** The trainee's diagnosis: which element, which fault kind, who and what is affected. */
export type Diagnose = {
  readonly type: "diagnose"
  readonly element: string
  readonly fault: string
  readonly participants: ReadonlyArray<string>
  readonly services: ReadonlyArray<Service>
  readonly ref?: Ref
}

/** A trainee's action from the vocabulary. */
export type Act = { readonly type: "act"; readonly action: DrillActionKind; readonly target: string; readonly ref?: Ref }

export type TraineeRequest = Diagnose | Act

type WithToken = { readonly token?: string; readonly ref?: Ref }
export type StartDrill = { readonly type: "start" } & WithToken
export type PauseDrill = { readonly type: "pause" } & WithToken
export type ResumeDrill = { readonly type: "resume" } & WithToken
export type DrillSpeed = { readonly type: "speed"; readonly speed: number } & WithToken
/** A fault from the pick lists: `{kind, ...params}`, a scenario's `faults:` entry without `at`/`id` (checked by the scenario resolver). */
export type DrillInject = {
  readonly type: "inject"
  readonly fault: TraceData
  readonly for?: string
  readonly id?: string
} & WithToken
export type DrillEndFault = { readonly type: "end-fault"; readonly id: string } & WithToken
export type Hint = { readonly type: "hint"; readonly text: string } & WithToken
/** Ends the drill now: the world runs to the window's end, then the score. */
export type EndDrill = { readonly type: "end-drill" } & WithToken

export type InstructorRequest = StartDrill | PauseDrill | ResumeDrill | DrillSpeed | DrillInject | DrillEndFault | Hint | EndDrill

export type DrillClientMessage = DrillHello | TraineeRequest | InstructorRequest

// ---------------------------------------------------------------------------------------------------------
// Server → client (both pages unless marked instructor-only)

export type DrillRole = "instructor" | "trainee"

export type PickLists = {
  /** Fault kinds for the diagnosis form (the whole catalogue: not a hint). Instructor: with parameters. */
  readonly faultKinds: ReadonlyArray<FaultKindPick>
  /** Every HKEX node by kind, every link, site, carrier site and unit, sorted: the searchable lists. */
  readonly nodes: ReadonlyArray<{ readonly kind: string; readonly ids: ReadonlyArray<string> }>
  readonly links: ReadonlyArray<string>
  readonly sites: ReadonlyArray<string>
  readonly carriers: ReadonlyArray<string>
  readonly units: ReadonlyArray<string>
  readonly participants: ReadonlyArray<string>
  readonly services: ReadonlyArray<Service>
}

/** A fault kind with its parameters: `kind` of each (`link`, `node`, `site`, `carrier`, `unit`, `duration`, `number`, `port`, `text`, …). */
export type FaultKindPick = {
  readonly kind: string
  readonly summary: string
  readonly params: ReadonlyArray<{ readonly name: string; readonly kind: string; readonly optional: boolean }>
}

export type DrillWelcome = {
  readonly type: "welcome"
  readonly role: DrillRole
  /**
   * The drill. `id` and `name` go to the instructor only: a library drill's name says what goes wrong, and a
   * trainee's browser must not hold it (not only not show it).
   */
  readonly drill: { readonly id?: string; readonly name?: string; readonly briefing: string; readonly from: number; readonly to: number }
  readonly actions: ReadonlyArray<ActionInfo>
  readonly picks: PickLists
  /** The map (the estate as drawn; element states follow in `map`). */
  readonly layout: EstateLayout
  readonly speed: number
}

/** The gate: `waiting` until the instructor starts, `running`/`paused`, `over` once scored. */
export type GateState = "waiting" | "running" | "paused" | "over"
export type GateMessage = { readonly type: "gate"; readonly state: GateState; readonly t: number }

export type DrillClock = {
  readonly type: "clock"
  readonly t: number
  readonly speed: number
  readonly paused: boolean
  /** The speed the world really held lately, below `speed` when it cannot keep up (as the live clock's `held`). */
  readonly held?: number
}

/**
 * One alarm as monitoring raises it, grouped: one per (what, service), never one per circuit.
 * `what`: `market-data-silent` (feed handlers hear nothing on a line), `sessions-disconnected` (OCG-C
 * sessions not logged on), `transfers-late` (ECP files late), `service-degraded` (loss or latency over
 * bound), `redundancy-lost` (served on one path only).
 */
export type AlarmWhat = "market-data-silent" | "sessions-disconnected" | "transfers-late" | "service-degraded" | "redundancy-lost"
export type Alarm = {
  readonly id: string
  readonly what: AlarmWhat
  readonly service: Service
  readonly severity: "critical" | "major" | "minor"
  /** "OMD-C market data silent: 42 participants". */
  readonly title: string
  /** Participants in the group now (0 once cleared). */
  readonly count: number
  /** The most it has held. */
  readonly peak: number
  readonly since: number
  /** When it cleared (count back to 0); null while raised. */
  readonly cleared: number | null
  /** Up to 10 participant ids, sorted (the rest are counted, not listed: no flood). */
  readonly sample: ReadonlyArray<string>
}
export type AlarmsMessage = { readonly type: "alarms"; readonly alarms: ReadonlyArray<Alarm> }

/** A participant's call: "P0123: no market data since 09:31". One per participant and service. */
export type Ticket = {
  readonly id: string
  readonly participant: string
  readonly service: Service
  readonly at: number
  readonly text: string
  /** When the participant reported it working again; null while open. */
  readonly resolved: number | null
}
export type TicketsMessage = { readonly type: "tickets"; readonly tickets: ReadonlyArray<Ticket> }

/** The health panel: participants per status for each service, now. */
export type HealthPanel = { readonly type: "health"; readonly t: number; readonly services: ReadonlyArray<{ readonly service: Service; readonly counts: HealthCounts }> }

/** Element states as monitoring sees them (interfaces up or down), never why. Only elements not up. */
export type MapState = {
  readonly type: "map"
  readonly t: number
  readonly down: { readonly nodes: ReadonlyArray<string>; readonly links: ReadonlyArray<string> }
  /** Cutover units on the new backbone now. */
  readonly moved: ReadonlyArray<string>
}

export type Submission = {
  /** 1, 2, … in the order received. */
  readonly n: number
  readonly at: number
  readonly request: TraineeRequest
  /** Instructor-only: whether it matched the expectation ("correct diagnosis", "expected action, on time", …). */
  readonly verdict?: string
}
/** The trainee's own submission, acknowledged (and the instructor's live copy, with the verdict). */
export type Submitted = { readonly type: "submitted"; readonly ref?: Ref; readonly submission: Submission }
export type SubmissionsMessage = { readonly type: "submissions"; readonly submissions: ReadonlyArray<Submission> }

export type HintMessage = { readonly type: "hint"; readonly at: number; readonly text: string }

/** Instructor-only: the hidden script and what is expected of the trainee. */
export type ScriptFault = {
  readonly id: string
  readonly kind: string
  readonly at: number
  /** µs; null: to the end of the drill. */
  readonly lasts: number | null
  readonly targets: ReadonlyArray<string>
  readonly params: { readonly [name: string]: unknown }
}
export type ExpectedDiagnosis = {
  readonly element: string
  /** Every element whose naming is right (`element` first): the second of a pair of firewalls, say. */
  readonly elements: ReadonlyArray<string>
  readonly fault: string
  readonly participants: ReadonlyArray<string>
  readonly services: ReadonlyArray<Service>
  /** µs after the fault starts. */
  readonly within: number
}
export type ExpectedAction = { readonly action: DrillActionKind; readonly target: string; readonly within: number }
export type ScriptMessage = {
  readonly type: "script"
  readonly faults: ReadonlyArray<ScriptFault>
  readonly diagnosis: ExpectedDiagnosis
  readonly actions: ReadonlyArray<ExpectedAction>
  /** The instant the expectations count from (the first scripted fault's start). */
  readonly incidentAt: number
}

/** Instructor-only: faults on now (scripted and injected), for `end-fault`. */
export type ActiveFault = { readonly id: string; readonly kind: string; readonly targets: ReadonlyArray<string>; readonly since: number; readonly source: "script" | "instructor" }
export type ActiveFaultsMessage = { readonly type: "active-faults"; readonly faults: ReadonlyArray<ActiveFault> }

/** Participant-minutes of outage (down) per service, and of degradation; the harm mark counts both (`notServedOf`). */
export type Harm = {
  readonly down: { readonly [S in Service]?: number }
  readonly degraded: { readonly [S in Service]?: number }
  readonly totalDown: number
  readonly totalDegraded: number
}

/**
 * Participant-minutes not served as they should be: down or degraded, one minute each. Degraded market data
 * (gaps awaiting recovery, a stale book) is harm a participant calls about; the twin has no basis to weigh
 * it below an outage [U], and down alone let a drill whose harm is degraded data give full marks for doing nothing.
 */
export const notServedOf = (h: Harm): number => Math.round((h.totalDown + h.totalDegraded) * 100) / 100

export type ActionScore = {
  readonly action: DrillActionKind
  readonly target: string
  /** µs after the incident; null: not done. */
  readonly after: number | null
  readonly within: number
  readonly onTime: boolean
}

export type DrillScore = {
  /** µs from the incident to the first diagnosis naming an affected service; null: never. */
  readonly detectedAfter: number | null
  /** µs from the incident to the first fully correct diagnosis; null: never. */
  readonly diagnosedAfter: number | null
  /**
   * Which parts of the diagnosis shown were right: the first fully right one, else the last made after the
   * incident, else the last made before it — then `beforeIncident` (it counted for nothing, `correct` false).
   */
  readonly diagnosis: {
    readonly correct: boolean
    readonly element: boolean
    readonly fault: boolean
    readonly participants: boolean
    readonly services: boolean
    readonly beforeIncident?: true
  }
  readonly actions: ReadonlyArray<ActionScore>
  /** Actions done that the drill did not expect (each does its real harm); `after` negative: before the incident. */
  readonly wrongActions: ReadonlyArray<{ readonly action: DrillActionKind; readonly target: string; readonly after: number }>
  readonly harm: Harm
  readonly idealHarm: Harm
  readonly marks: { readonly detection: number; readonly diagnosis: number; readonly actions: number; readonly harm: number; readonly total: number; readonly max: number }
}
export type ScoreMessage = { readonly type: "score"; readonly score: DrillScore; readonly saved: string }

export type DrillAck = { readonly type: "ack"; readonly ref?: Ref; readonly detail: string }
export type DrillError = { readonly type: "error"; readonly ref?: Ref; readonly message: string }

export type TraineeMessage =
  | DrillWelcome
  | GateMessage
  | DrillClock
  | AlarmsMessage
  | TicketsMessage
  | HealthPanel
  | MapState
  | Submitted
  | SubmissionsMessage
  | HintMessage
  | ScoreMessage
  | DrillAck
  | DrillError

export type InstructorMessage = TraineeMessage | ScriptMessage | ActiveFaultsMessage

export type DrillServerMessage = InstructorMessage
