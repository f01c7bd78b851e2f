/**
 * What a trace event's `data` may hold: JSON, with keys in the order the producer wrote them.
 *
 * Gotcha: a data type declared in this contract is a `type` alias, never an `interface` — only an object
 * type alias is assignable to `TraceData`'s index signature, and every kind's data must be (the trace writer
 * takes any event; the typed writers check the kind's shape first).
 */
export type TraceValue = string | number | boolean | null | ReadonlyArray<TraceValue> | { readonly [k: string]: TraceValue }
export type TraceData = { readonly [k: string]: TraceValue }
