/**
 * The drill server's heart (docs/drills.md): one `DrillWorld` paced to the wall clock behind a gate, the
 * trainee and instructor pages on `/drill` (twin/contract/drill-protocol.ts), the trainee's submissions,
 * and the end: the world run to the window's end, scored against the ideal response, saved.
 *
 * Blindness is structural: a trainee is sent only the messages built here from the `Monitor` (alarms,
 * tickets, health counts, element up/down), its own submissions, hints, and the score at the end — never a
 * trace event, a fault's id, kind or cause. The instructor is sent the same plus the script, the active
 * faults and every submission with its verdict.
 *
 * Each list (alarms, tickets, …) is sent whole when it changed, at most every LIST_EVERY_MS, so a page
 * that reconnects only needs `hello` and a storm of changes costs one message per list per half second.
 */
import { timingSafeEqual } from "node:crypto"
import { Result } from "effect"
import type { Drill } from "../../../scenarios/drill/drill.ts"
import type {
  Act,
  Diagnose,
  DrillRole,
  DrillScore,
  DrillServerMessage,
  GateState,
  InstructorRequest,
  Submission
} from "../../contract/drill-protocol.ts"
import type { EstateLayout } from "../../contract/estate-layout.ts"
import { isKind } from "../../contract/trace-event.ts"
import { formatClock, type Micros } from "../../engine/time.ts"
import { followClientSocket, type HubSocket } from "../live-hub.ts"
import { Pacer } from "../pacer.ts"
import { RunToward } from "../run-toward.ts"
import { TokenGuard } from "../token-guard.ts"
import { decodeDrillMessage, INSTRUCTOR_TYPES } from "./drill-decode.ts"
import { DrillWorld } from "./drill-world.ts"
import { harmOf } from "./harm.ts"
import { expectationsOf, type IdealRun } from "./ideal-run.ts"
import { actionInfo, pickLists } from "./picks.ts"
import { judgeSubmissions, scoreDrill, verdictText } from "./score.ts"

const CLOCK_EVERY_MS = 250
const LIST_EVERY_MS = 500
/** A trainee may submit this many times (a form sent in a loop must not grow the server without bound). */
export const MAX_SUBMISSIONS = 500
const MAX_HINTS = 200
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024

/** What the drill leaves behind (save.ts writes it). */
export interface DrillOutcome {
  readonly world: DrillWorld
  readonly ideal: IdealRun
  readonly submissions: ReadonlyArray<Submission>
  readonly score: DrillScore
}

export interface DrillHubOptions {
  readonly drill: Drill
  readonly speed: number
  readonly token: string
  /** The ideal response (in a worker for `twin drill`, in-thread in tests); started at once. */
  readonly ideal: () => Promise<IdealRun>
  /** Saves the outcome; returns where (the `score` message names it). */
  readonly save: (outcome: DrillOutcome) => Promise<string>
  readonly wallNow?: () => number
  readonly tickMs?: number
  readonly budgetMs?: number
  readonly log?: (line: string) => void
}

interface Client {
  readonly socket: HubSocket
  readonly address: string
  readonly failures: Array<number>
  role: DrillRole | undefined
}

const sameToken = (given: string | undefined, expected: string): boolean => {
  if (given === undefined) return false
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

const clock = (t: Micros) => formatClock(t).slice(0, 8)

export class DrillHub {
  readonly world: DrillWorld
  readonly pacer: Pacer
  readonly submissions: Array<Submission> = []
  private readonly drill: Drill
  private readonly token: string
  private readonly clients = new Set<Client>()
  private readonly wallNow: () => number
  private readonly tickMs: number
  /** Runs the world toward the instant due within the tick's budget. */
  private readonly toward: RunToward
  private readonly log: (line: string) => void
  private readonly guard: TokenGuard
  private readonly idealRun: Promise<IdealRun>
  /** Resolves once the ideal response has run (the instructor's verdicts on diagnoses need its participants). */
  readonly idealReady: Promise<void>
  private readonly save: (outcome: DrillOutcome) => Promise<string>
  private ideal: IdealRun | undefined
  private gate: GateState = "waiting"
  /** The drill was ended: the world runs to its window's end unpaced, then the score. */
  private ending = false
  private scoring = false
  private timer: ReturnType<typeof setTimeout> | undefined
  private lastClock = -Infinity
  private lastLists = -Infinity
  private sent = { alarms: -1, tickets: -1, health: -1, map: -1, faults: "" }
  private scoreMessage: DrillServerMessage | undefined
  /** The estate's pick lists and the action vocabulary: the same for every page. */
  private readonly picks: ReturnType<typeof pickLists>
  private readonly actionInfo: ReturnType<typeof actionInfo>
  /** Resolves with the outcome once scored and saved (tests and the CLI wait on it). */
  readonly done: Promise<DrillOutcome>
  private resolveDone!: (outcome: DrillOutcome) => void
  private rejectDone!: (e: unknown) => void

  constructor(options: DrillHubOptions) {
    this.drill = options.drill
    this.world = new DrillWorld(options.drill)
    this.token = options.token
    this.wallNow = options.wallNow ?? (() => performance.now())
    this.tickMs = options.tickMs ?? 50
    this.toward = new RunToward(this.wallNow, options.budgetMs ?? 40)
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`))
    this.guard = new TokenGuard(this.log)
    this.save = options.save
    this.picks = pickLists(options.drill.scenario.model)
    this.actionInfo = actionInfo(options.drill.scenario.model)
    this.pacer = new Pacer({ start: this.world.now, speed: options.speed, wallNow: this.wallNow() })
    // Paused until the instructor opens the gate; the ideal response runs meanwhile.
    this.pacer.pause(this.wallNow(), this.world.now)
    this.done = new Promise((resolve, reject) => {
      this.resolveDone = resolve
      this.rejectDone = reject
    })
    this.done.catch(() => undefined)
    this.idealRun = options.ideal()
    this.idealReady = this.idealRun.then(
      (ideal) => {
        this.ideal = ideal
        // The script's affected participants come from the ideal run: the instructors get them now, and
        // the verdicts on diagnoses that had to wait for them.
        this.broadcast(this.scriptMessage(), "instructor")
        if (this.submissions.length > 0) this.broadcast({ type: "submissions", submissions: this.judged() }, "instructor")
      },
      (e: unknown) => this.log(`twin drill: the ideal response failed: ${e instanceof Error ? e.message : String(e)}`)
    )
  }

  get state(): GateState {
    return this.gate
  }

  /** Starts the server's ticking (the world stays behind the gate until `start`). */
  run(): void {
    if (this.timer === undefined) this.timer = setTimeout(this.tick, 0)
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    for (const c of this.clients) c.socket.close(1001, "server stopping")
  }

  attach(socket: HubSocket, address = ""): void {
    const client: Client = { socket, address, failures: [], role: undefined }
    this.clients.add(client)
    followClientSocket(socket, {
      receive: (text) => this.receive(client, text),
      refuse: (message) => this.send(client, { type: "error", message }),
      log: (line) => this.log(`twin drill: ${line}`),
      gone: () => void this.clients.delete(client)
    })
  }

  tick = (): void => {
    this.timer = undefined
    const began = this.wallNow()
    try {
      if (this.gate === "running" || this.ending) {
        // The instant due now, taken once a tick (run-toward.ts says why); ending, the window's end, unpaced.
        const target = this.ending ? this.world.window.to : this.pacer.target(began, this.world.now)
        this.toward.run(this.world, target, began)
        if (!this.ending && !this.world.over) this.pacer.note(this.wallNow(), this.world.now)
        if (this.world.over && this.gate !== "over" && !this.ending) this.end()
      }
    } catch (defect) {
      this.log(`twin drill: the simulation stopped at ${clock(this.world.now)}: ${defect instanceof Error ? defect.stack : String(defect)}`)
      this.broadcast({ type: "error", message: `the simulation stopped at ${clock(this.world.now)}: ${String(defect)}` })
      this.gate = "over"
      this.rejectDone(defect)
    }
    this.push()
    // Once the world is over nothing moves any more: score once, and stop ticking.
    if (this.ending && this.world.over) return void this.score()
    // The next tick tickMs after this one began (as the live hub: counted from its end, a long tick adds lag).
    if (this.gate !== "over") this.timer = setTimeout(this.tick, this.ending ? 0 : Math.max(0, this.tickMs - (this.wallNow() - began)))
  }

  /** Ends the drill: the world runs to the end of its window unpaced (no more actions), then the score. */
  private end(): void {
    if (this.ending || this.gate === "over") return
    this.ending = true
    this.pacer.pause(this.wallNow(), this.world.now)
    this.broadcast({ type: "gate", state: "paused", t: this.world.now })
  }

  private async score(): Promise<void> {
    if (this.scoring) return
    this.scoring = true
    try {
      const ideal = await this.idealRun
      const harm = harmOf(this.world.log, this.world.window)
      const score = scoreDrill({ expect: ideal.expect, submissions: this.submissions, harm, idealHarm: ideal.harm })
      const outcome: DrillOutcome = { world: this.world, ideal, submissions: this.submissions, score }
      const saved = await this.save(outcome)
      this.gate = "over"
      this.scoreMessage = { type: "score", score, saved }
      this.broadcast({ type: "gate", state: "over", t: this.world.now })
      this.broadcast(this.scoreMessage)
      this.log(`twin drill: scored ${score.marks.total}/${score.marks.max}, saved in ${saved}`)
      this.resolveDone(outcome)
    } catch (e) {
      this.gate = "over"
      const message = `the drill could not be scored: ${e instanceof Error ? e.message : String(e)}`
      this.log(`twin drill: ${message}`)
      this.broadcast({ type: "error", message })
      this.rejectDone(e)
    }
  }

  private receive(client: Client, text: string): void {
    const decoded = decodeDrillMessage(text)
    if (Result.isFailure(decoded)) {
      const { message, ref } = decoded.failure
      return this.send(client, { type: "error", ...(ref === undefined ? {} : { ref }), message })
    }
    const message = decoded.success
    if (message.type === "hello") return this.greet(client, message.token)
    const ref = message.ref === undefined ? {} : { ref: message.ref }
    if (client.role === undefined) return this.send(client, { type: "error", ...ref, message: "hello: expected a hello first, got " + JSON.stringify(message.type) })
    if (message.type === "diagnose" || message.type === "act") return this.submit(client, message)
    if (!INSTRUCTOR_TYPES.has(message.type)) return
    const token = "token" in message ? message.token : undefined
    const allowed = this.guard.attempt(client.failures, client.address, this.wallNow(), () => sameToken(token, this.token))
    if (!allowed.ok) return this.send(client, { type: "error", ...ref, message: allowed.message })
    const done = this.control(message)
    this.send(client, Result.isSuccess(done) ? { type: "ack", ...ref, detail: done.success } : { type: "error", ...ref, message: done.failure })
    if (Result.isSuccess(done)) this.log(`instructor: ${done.success}`)
    this.world.settle()
    this.push(true)
  }

  private control(message: InstructorRequest): Result.Result<string, string> {
    const wall = this.wallNow()
    if (this.gate === "over" || this.ending) return Result.fail("the drill is over")
    switch (message.type) {
      case "start":
        if (this.gate !== "waiting") return Result.fail("the drill has started already")
        this.gate = "running"
        this.pacer.resume(wall, this.world.now)
        this.broadcast({ type: "gate", state: "running", t: this.world.now })
        return Result.succeed(`drill started at ${clock(this.world.now)}`)
      case "pause":
        if (this.gate !== "running") return Result.fail(this.gate === "waiting" ? "the drill has not started" : "already paused")
        this.gate = "paused"
        this.pacer.pause(wall, this.world.now)
        this.broadcast({ type: "gate", state: "paused", t: this.world.now })
        return Result.succeed(`paused at ${clock(this.world.now)}`)
      case "resume":
        if (this.gate !== "paused") return Result.fail("not paused")
        this.gate = "running"
        this.pacer.resume(wall, this.world.now)
        this.broadcast({ type: "gate", state: "running", t: this.world.now })
        return Result.succeed(`resumed at ${clock(this.world.now)}`)
      case "speed":
        this.pacer.setSpeed(message.speed, wall, this.world.now)
        return Result.succeed(`speed ${message.speed}×`)
      case "inject":
        return this.world.inject(message.fault, message.for, message.id)
      case "end-fault":
        return this.world.endFault(message.id)
      case "hint":
        if (this.world.hints.length >= MAX_HINTS) return Result.fail(`hint: expected at most ${MAX_HINTS} hints, got one more`)
        this.world.hint(message.text)
        this.broadcast({ type: "hint", at: this.world.now, text: message.text })
        return Result.succeed("hint sent")
      case "end-drill":
        if (this.gate === "waiting") return Result.fail("the drill has not started")
        this.end()
        return Result.succeed(`drill ended at ${clock(this.world.now)}: the world runs to ${clock(this.world.window.to)}, then the score`)
    }
  }

  private submit(client: Client, request: Diagnose | Act): void {
    const ref = request.ref === undefined ? {} : { ref: request.ref }
    if (this.gate === "waiting") return this.send(client, { type: "error", ...ref, message: "the drill has not started" })
    if (this.gate === "over" || this.ending) return this.send(client, { type: "error", ...ref, message: "the drill is over" })
    if (this.submissions.length >= MAX_SUBMISSIONS) return this.send(client, { type: "error", ...ref, message: `expected at most ${MAX_SUBMISSIONS} submissions, got one more` })
    const { ref: _ref, ...bare } = request
    if (bare.type === "act") {
      const done = this.world.act(bare.action, bare.target)
      if (Result.isFailure(done)) return this.send(client, { type: "error", ...ref, message: done.failure })
      this.world.settle()
    }
    const submission: Submission = { n: this.submissions.length + 1, at: this.world.now, request: bare }
    this.submissions.push(submission)
    const judged = this.judged().at(-1)!
    for (const c of this.clients) {
      if (c.role === "instructor") this.send(c, { type: "submitted", ...(c === client ? ref : {}), submission: judged })
      else if (c.role === "trainee") this.send(c, { type: "submitted", ...(c === client ? ref : {}), submission })
    }
    this.push(true)
  }

  /**
   * The submissions with the instructor's verdicts: each what the final score makes of it (score.ts
   * `judgeSubmissions`, judged at its own instant, given the ones before it). A diagnosis made after the
   * incident waits for the ideal response's affected participants.
   */
  private judged(): Array<Submission> {
    const expect = this.ideal?.expect ?? expectationsOf(this.drill, [])
    const judged = judgeSubmissions(expect, this.submissions)
    return this.submissions.map((s, i) => {
      const j = judged[i]!
      const waits = j.type === "diagnose" && j.counted && this.ideal === undefined
      return { ...s, verdict: waits ? "judged at the end (the ideal response is still running)" : verdictText(j, expect) }
    })
  }

  private greet(client: Client, token: string | undefined): void {
    const verdict = token === undefined ? undefined : this.guard.attempt(client.failures, client.address, this.wallNow(), () => sameToken(token, this.token))
    const role: DrillRole = verdict?.ok === true ? "instructor" : "trainee"
    client.role = role
    const d = this.drill
    this.send(client, {
      type: "welcome",
      role,
      drill: role === "instructor"
        ? { id: d.id, name: d.name, briefing: d.briefing, from: d.scenario.window.from, to: d.scenario.window.to }
        : { briefing: d.briefing, from: d.scenario.window.from, to: d.scenario.window.to },
      actions: this.actionInfo,
      picks: this.picks,
      layout: this.layout(),
      speed: this.pacer.speed
    })
    if (verdict !== undefined && !verdict.ok) this.send(client, { type: "error", message: `${verdict.message} (joined as trainee)` })
    this.send(client, { type: "gate", state: this.gate, t: this.world.now })
    this.send(client, this.clockMessage())
    for (const m of this.lists()) this.send(client, m)
    this.send(client, { type: "submissions", submissions: role === "instructor" ? this.judged() : this.submissions })
    for (const h of this.world.hints) this.send(client, { type: "hint", at: h.at, text: h.text })
    if (role === "instructor") {
      this.send(client, this.scriptMessage())
      this.send(client, { type: "active-faults", faults: this.world.activeFaults() })
    }
    if (this.scoreMessage !== undefined) this.send(client, this.scoreMessage)
  }

  /** The hidden script and the expectations (the affected participants once the ideal response has run). */
  private scriptMessage(): DrillServerMessage {
    const d = this.drill
    return {
      type: "script",
      faults: this.world.script,
      diagnosis: {
        element: d.diagnosis.element,
        elements: d.diagnosis.elements,
        fault: d.diagnosis.fault,
        participants: this.ideal?.expect.diagnosis.participants ?? (d.diagnosis.participants === "affected" ? [] : d.diagnosis.participants),
        services: d.diagnosis.services,
        within: d.diagnosis.within
      },
      actions: d.actions,
      incidentAt: d.incident.at
    }
  }

  private layoutCache: EstateLayout | undefined
  /** The map: the trace's `estate.layout` (written when the world is built, before its first instant runs). */
  private layout(): EstateLayout {
    if (this.layoutCache === undefined) {
      const event = this.world.log.find((e) => isKind(e, "estate.layout"))
      if (event === undefined || !isKind(event, "estate.layout")) throw new Error("the drill's trace has no estate.layout")
      this.layoutCache = event.data
    }
    return this.layoutCache
  }

  private lists(): ReadonlyArray<DrillServerMessage> {
    const m = this.world.monitor
    const t = this.world.now
    return [{ type: "alarms", alarms: m.alarms() }, { type: "tickets", tickets: m.ticketList() }, m.healthPanel(t), m.mapState(t)]
  }

  /** Sends what changed: lists at most every LIST_EVERY_MS (at once when `now`), the clock four times a second. */
  private push(now = false): void {
    const wall = this.wallNow()
    const m = this.world.monitor
    const t = this.world.now
    if (now || wall - this.lastLists >= LIST_EVERY_MS) {
      this.lastLists = wall
      if (m.version.alarms !== this.sent.alarms) this.broadcast({ type: "alarms", alarms: m.alarms() })
      if (m.version.tickets !== this.sent.tickets) this.broadcast({ type: "tickets", tickets: m.ticketList() })
      if (m.version.health !== this.sent.health) this.broadcast(m.healthPanel(t))
      if (m.version.map !== this.sent.map) this.broadcast(m.mapState(t))
      this.sent = { ...this.sent, ...m.version }
      const faults = this.world.activeFaults()
      const key = JSON.stringify(faults)
      if (key !== this.sent.faults) {
        this.sent.faults = key
        this.broadcast({ type: "active-faults", faults }, "instructor")
      }
    }
    if (now || wall - this.lastClock >= CLOCK_EVERY_MS) {
      this.lastClock = wall
      this.broadcast(this.clockMessage())
    }
  }

  private clockMessage(): DrillServerMessage {
    const paused = this.gate !== "running"
    const held = paused || this.ending || this.world.over ? undefined : this.pacer.held
    return { type: "clock", t: this.world.now, speed: this.pacer.speed, paused, ...(held === undefined ? {} : { held }) }
  }

  /** To every greeted client, or only to the instructor's (instructor-only messages). */
  private broadcast(message: DrillServerMessage, only?: DrillRole): void {
    for (const c of this.clients) if (c.role !== undefined && (only === undefined || c.role === only)) this.send(c, message)
  }

  private send(client: Client, message: DrillServerMessage): void {
    if (client.socket.readyState !== client.socket.OPEN) return
    if (client.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.clients.delete(client)
      return client.socket.terminate()
    }
    client.socket.send(JSON.stringify(message))
  }
}
