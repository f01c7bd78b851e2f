/**
 * Trace kinds that only tests write. The engine runs any machine, and its tests run probes that emit kinds
 * of their own ("got", "arrived"); the twin's vocabulary (twin/contract/trace-kinds.ts) stays the twin's,
 * so these go around the typed `emit` here, in tests only.
 */
import type { Action, TraceData } from "../../twin/engine/machine.ts"
import type { MemoryTrace, TraceEvent } from "../../twin/engine/trace.ts"

/** An emit action of a test-only kind. */
export const emitTest = <M = never>(kind: string, data: TraceData, subject?: string): Action<M> =>
  subject === undefined ? { _tag: "emit", kind, data } : { _tag: "emit", kind, data, subject }

/** The events of a test-only kind (data untyped). */
export const eventsOfTestKind = (trace: MemoryTrace, kind: string): ReadonlyArray<TraceEvent> => trace.events.filter((e) => e.kind === kind)
