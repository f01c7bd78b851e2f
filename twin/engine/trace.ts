/**
 * The trace: one JSON object per line — `{"t":…,"kind":…,"subject":…,"data":{…}}` — the only thing reports
 * and the viewer read. `t` is integer µs since midnight of the simulated day. Format: docs/trace.md.
 *
 * Determinism: keys are written in a fixed order and `data` keeps the order its producer gave, so the same
 * run gives the same bytes.
 */
import { ofKind, type TraceEvent, type TraceEventOf } from "../contract/trace-event.ts"
import type { TraceKind } from "../contract/trace-kinds.ts"

/** The event type and the format's version are the contract's (twin/contract/trace-event.ts). */
export { TRACE_FORMAT_VERSION, type TraceEvent, type TraceEventOf } from "../contract/trace-event.ts"

export interface TraceSink {
  readonly write: (event: TraceEvent) => void
}

export const encodeTraceEvent = (e: TraceEvent): string =>
  `{"t":${e.t},"kind":${JSON.stringify(e.kind)},"subject":${JSON.stringify(e.subject)},"data":${JSON.stringify(e.data)}}`

/** Keeps events in memory (tests, the impact comparison). */
export class MemoryTrace implements TraceSink {
  readonly events: Array<TraceEvent> = []
  readonly write = (event: TraceEvent): void => {
    this.events.push(event)
  }
  /** Drops every event: the trace starts again (a run in parts that goes to one world). */
  clear(): void {
    this.events.length = 0
  }
  /** The events of one kind, with typed data. */
  ofKind<K extends TraceKind>(kind: K): ReadonlyArray<TraceEvent & TraceEventOf<K>> {
    return ofKind(this.events, kind)
  }
}

/** Buffers NDJSON text and hands it out in chunks (to a file stream) so writing never dominates a run. */
export class NdjsonTrace implements TraceSink {
  private buffer: Array<string> = []
  private bytes = 0
  count = 0
  private readonly flush: (chunk: string) => void
  private readonly chunkBytes: number
  constructor(flush: (chunk: string) => void, chunkBytes = 1 << 20) {
    this.flush = flush
    this.chunkBytes = chunkBytes
  }
  readonly write = (event: TraceEvent): void => {
    const line = encodeTraceEvent(event)
    this.buffer.push(line)
    this.bytes += line.length + 1
    this.count++
    if (this.bytes >= this.chunkBytes) this.drain()
  }
  drain(): void {
    if (this.buffer.length === 0) return
    this.flush(this.buffer.join("\n") + "\n")
    this.buffer = []
    this.bytes = 0
  }
  /** Drops the lines not yet drained and the count: the trace starts again (its file emptied by the caller). */
  clear(): void {
    this.buffer = []
    this.bytes = 0
    this.count = 0
  }
}
