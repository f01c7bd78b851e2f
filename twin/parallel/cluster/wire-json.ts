/**
 * Task inputs and outputs as they travel through the cluster: JSON text (the cluster's message storage
 * keeps them in Postgres, and runners exchange them over sockets), with the one kind of value the tasks
 * carry that JSON drops — typed arrays (SingleFaults' `down`/`weak`: Int32Array) — written as
 * `{"$typed": "Int32Array", "values": [...]}` and read back as the same typed array. A worker thread's
 * structured clone keeps them; this keeps the cluster's outputs identical to it.
 */
const typed = {
  Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array
} as const

type TypedName = keyof typeof typed

const isTypedName = (name: unknown): name is TypedName => typeof name === "string" && Object.hasOwn(typed, name)

const names = Object.keys(typed).filter(isTypedName)

const typedOf = (v: unknown): { readonly $typed: TypedName; readonly values: Array<number> } | undefined => {
  if (!ArrayBuffer.isView(v)) return undefined
  for (const name of names) {
    const made = typed[name]
    if (v instanceof made) return { $typed: name, values: Array.from(v) }
  }
  return undefined
}

export const encodeWire = (value: unknown): string => JSON.stringify(value, (_key, v: unknown) => typedOf(v) ?? v)

export const decodeWire = (text: string): unknown =>
  JSON.parse(text, (_key, v: unknown) => {
    if (typeof v === "object" && v !== null && "$typed" in v && "values" in v && isTypedName(v.$typed) && Array.isArray(v.values)) {
      return typed[v.$typed].from(v.values as Array<number>)
    }
    return v
  })
