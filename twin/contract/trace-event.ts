/**
 * A trace event, as written and as read: `{"t":…,"kind":…,"subject":…,"data":{…}}` (docs/trace.md).
 *
 * `TraceEvent` is any event — what a sink writes and a parser reads; a reader must ignore kinds it does not
 * know (later versions add kinds). `TraceEventOf<K>` is an event of one known kind, with its data typed by
 * the contract (trace-kinds.ts). Get one from the other with `isKind` / `ofKind`, not with a cast: the
 * typed writers guarantee that an event of kind K carries K's data, so the guard is all a reader needs.
 */
import type { TraceKind, TraceKinds } from "./trace-kinds.ts"
import type { TraceData } from "./trace-value.ts"

/** The format's version, `trace.start.data.version` (docs/trace.md "Versioning"). */
export const TRACE_FORMAT_VERSION = 1

export interface TraceEvent {
  /** Virtual time, µs since midnight (Hong Kong time) of the simulated day. */
  readonly t: number
  readonly kind: string
  /** Who it happened to: a participant, a machine, an estate element or `twin`. */
  readonly subject: string
  readonly data: TraceData
}

export type TraceEventOf<K extends TraceKind> = {
  readonly t: number
  readonly kind: K
  readonly subject: string
  readonly data: TraceKinds[K]
}

/** `e` is an event of kind `kind`: its data has that kind's type. */
export const isKind = <K extends TraceKind>(e: TraceEvent, kind: K): e is TraceEvent & TraceEventOf<K> => e.kind === kind

/** The events of kind `kind`, in order, with typed data. */
export const ofKind = <K extends TraceKind>(events: Iterable<TraceEvent>, kind: K): Array<TraceEvent & TraceEventOf<K>> => {
  const out: Array<TraceEvent & TraceEventOf<K>> = []
  for (const e of events) if (isKind(e, kind)) out.push(e)
  return out
}

/** An event of kind `kind` whose data the compiler has checked against the kind's type. */
export const traceEvent = <K extends TraceKind>(t: number, kind: K, subject: string, data: TraceKinds[K]): TraceEventOf<K> => ({ t, kind, subject, data })
