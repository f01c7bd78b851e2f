/**
 * The live protocol's messages (docs/live.md "Protocol"): JSON text frames on `ws://HOST:PORT/live`
 * between `twin serve` and the viewer. Declared once here; the server decodes client frames with Schema
 * (twin/serve/protocol.ts, whose decoded types must be these: a type test fails on drift) and the viewer
 * reads server frames (viewer/src/live/protocol.ts).
 *
 * `ref` is the client's tag for a control, echoed in its `ack` or `error`: a string or a number.
 */
import type { TraceEvent } from "./trace-event.ts"
import type { TraceData } from "./trace-value.ts"

export type Ref = string | number

/** First message of a connection (and after a reconnect): the client holds `have` events already. */
export type Hello = { readonly type: "hello"; readonly have: number; readonly token?: string }

/** A `faults:` entry of a scenario file without `at` (it starts now); optional `for` and `id`. */
export type Inject = {
  readonly type: "inject"
  readonly fault: TraceData
  readonly for?: string
  readonly id?: string
  readonly token?: string
  readonly ref?: Ref
}
export type EndFault = { readonly type: "end-fault"; readonly id: string; readonly token?: string; readonly ref?: Ref }
export type StartPhase = { readonly type: "phase"; readonly phase: string; readonly token?: string; readonly ref?: Ref }
export type Move = {
  readonly type: "move"
  readonly units: ReadonlyArray<string>
  readonly back?: boolean
  readonly token?: string
  readonly ref?: Ref
}
export type SetSpeed = { readonly type: "speed"; readonly speed: number; readonly token?: string; readonly ref?: Ref }
export type Pause = { readonly type: "pause"; readonly token?: string; readonly ref?: Ref }
export type Resume = { readonly type: "resume"; readonly token?: string; readonly ref?: Ref }

/** An instructor's control (refused without the instructor's token). */
export type Control = Inject | EndFault | StartPhase | Move | SetSpeed | Pause | Resume
export type ClientMessage = Hello | Control

export type ScenarioInfo = {
  readonly id: string
  readonly name: string
  readonly phases: ReadonlyArray<{ readonly id: string; readonly name: string }>
}

export type FaultKindInfo = { readonly kind: string; readonly params: ReadonlyArray<string>; readonly summary: string }

export type Welcome = {
  readonly type: "welcome"
  readonly role: "instructor" | "trainee"
  readonly scenario: ScenarioInfo | null
  readonly faultKinds: ReadonlyArray<FaultKindInfo>
  readonly units: ReadonlyArray<string>
  readonly speed: number
}

/** Trace events `from` (the index of the first) on: the log as the world writes it. */
export type EventsMessage = { readonly type: "events"; readonly from: number; readonly events: ReadonlyArray<TraceEvent> }
export type ClockMessage = {
  readonly type: "clock"
  readonly t: number
  /** The speed asked (virtual seconds per wall second). */
  readonly speed: number
  readonly paused: boolean
  /** Wall ms the world is behind the instant due (the pacer caps the debt at 2 s). */
  readonly lagMs: number
  /**
   * The speed the world really held over the last ~5 s of wall time (to a tenth), below `speed` when it
   * cannot keep up; absent while paused, at the end, and in the first wall second after a speed change,
   * a pause or a resume (twin/serve/held-speed.ts).
   */
  readonly held?: number
}
export type AckMessage = { readonly type: "ack"; readonly ref?: Ref; readonly detail: string }
export type ErrorMessage = { readonly type: "error"; readonly ref?: Ref; readonly message: string }
export type EndMessage = { readonly type: "end"; readonly t: number }

export type ServerMessage = Welcome | EventsMessage | ClockMessage | AckMessage | ErrorMessage | EndMessage
