/**
 * One participant's story from a trace file (issue 15 item 7, `twin participant --trace`): the trace read
 * (a file or a run's output folder), then the timeline per service with causes and what its orders' answers
 * did, both as the viewer also tells them (twin/contract/participant-timeline.ts, participant-orders.ts).
 */
import { Effect, FileSystem, Result } from "effect"
import { join } from "node:path"
import { CauseIndex } from "../twin/contract/cause-chain.ts"
import { type OrderNote, participantOrders } from "../twin/contract/participant-orders.ts"
import { participantTimeline, type ServiceTimeline } from "../twin/contract/participant-timeline.ts"
import { isKind, type TraceEvent } from "../twin/contract/trace-event.ts"
import type { TraceData } from "../twin/contract/trace-value.ts"
import { InputInvalid, issue } from "../topology/input-issue.ts"
import { readFailure } from "../topology/input-text.ts"
import { displayPath } from "../topology/load.ts"

export interface ParticipantTimeline {
  /** The trace's estate (`trace.start`), "" when it has no header. */
  readonly estate: string
  /** Services in the order their first status appears in the trace. */
  readonly services: ReadonlyArray<ServiceTimeline>
  /** Late answers, unanswered and waiting orders, in the order the participant knew them. */
  readonly orders: ReadonlyArray<OrderNote>
}

/** Folds a whole trace, then tells the participant's timeline (twin/contract/participant-timeline.ts). */
export const traceTimeline = (events: ReadonlyArray<TraceEvent>, participant: string): ParticipantTimeline => {
  const causes = new CauseIndex()
  let estate = ""
  for (const e of events) {
    causes.observe(e)
    if (isKind(e, "trace.start")) estate = e.data.estate
  }
  return { estate, services: participantTimeline(events, participant, causes), orders: participantOrders(events, participant) }
}

const isRecord = (v: unknown): v is { readonly [k: string]: unknown } => typeof v === "object" && v !== null && !Array.isArray(v)
// JSON.parse gives JSON: a record from it is trace data.
const isData = (v: unknown): v is TraceData => isRecord(v)

/** The events of an NDJSON trace; a line that is not an event is bad input (`FILE:line N: expected …`). */
export const parseTraceText = (file: string, text: string): Array<TraceEvent> | InputInvalid => {
  const out: Array<TraceEvent> = []
  const lines = text.split("\n")
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (line.trim() === "") continue
    let v: unknown
    try {
      v = JSON.parse(line)
    } catch {
      v = undefined
    }
    if (!isRecord(v) || typeof v.t !== "number" || typeof v.kind !== "string" || typeof v.subject !== "string" || !isData(v.data)) {
      return new InputInvalid({ file, issues: [issue(`line ${i + 1}`, "a trace event {t, kind, subject, data} (docs/trace.md)", JSON.stringify(line.slice(0, 60)))] })
    }
    out.push({ t: v.t, kind: v.kind, subject: v.subject, data: v.data })
  }
  return out
}

/** Reads a trace: FILE, or a run's output folder (its trace.ndjson). */
export const readTrace = Effect.fn("Scenario.readTrace")(function*(path: string) {
  const fs = yield* FileSystem.FileSystem
  const info = yield* fs.stat(path).pipe(Effect.option)
  const file = info._tag === "Some" && info.value.type === "Directory" ? join(path, "trace.ndjson") : path
  const read = yield* fs.readFileString(file).pipe(Effect.result)
  if (Result.isFailure(read)) {
    const why = yield* readFailure(file, read.failure)
    return yield* new InputInvalid({ file: "--trace", issues: [issue("", "a trace file or a run's output folder with trace.ndjson", `${JSON.stringify(displayPath(path))} (${why})`)] })
  }
  const text = read.success
  const parsed = parseTraceText(displayPath(file), text)
  return parsed instanceof InputInvalid ? yield* parsed : parsed
})
