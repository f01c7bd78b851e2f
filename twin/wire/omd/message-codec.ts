/**
 * One message type's codec, built from its spec table (`defineMessage`): MsgSize and MsgType (spec §3.2
 * Table 1, the first 4 bytes of every message), then the table's rows, then an optional repeating group
 * whose count is a field of the fixed part (Aggregate Order Book Update's NoEntries, Security Definition's
 * NoUnderlyingSecurities). MsgSize must be exactly the laid-out length — the fixed part's Total Length plus
 * the entries the count announces — anything else is `BadMsgSize` (this codec speaks v1.45 only; a longer
 * message of a later version is reported, not guessed at).
 */
import { decodeError, type OmdDecodeError } from "./errors.ts"
import { compileRows, type CompiledRows, type Fields, type Row } from "./layout.ts"

/** The first 4 bytes of every message (spec §3.2 Table 1). */
export const MESSAGE_HEADER_BYTES = 4

export interface GroupSpec {
  /** Property holding the entries (an array of objects). */
  readonly field: string
  /** The fixed part's row that counts the entries (its name is not a property: the array's length is). */
  readonly count: string
  readonly entrySize: number
  /** Rows with offsets relative to the entry's start. */
  readonly rows: ReadonlyArray<Row>
}

export interface MessageSpec {
  readonly msgType: number
  /** As the spec names it: "Add Order". */
  readonly name: string
  /** Spec section: "3.9.1". */
  readonly section: string
  /** The table's Total Length (with no group entries). */
  readonly totalLength: number
  /** Rows from offset 4 (after MsgSize and MsgType). */
  readonly rows: ReadonlyArray<Row>
  readonly group?: GroupSpec
}

export interface MessageCodec<M extends { readonly msgType: number }> {
  readonly msgType: M["msgType"]
  readonly name: string
  readonly section: string
  /** Total Length with no group entries. */
  readonly fixedSize: number
  /** The spec table it was built from (property tests generate messages from it). */
  readonly spec: MessageSpec
  /** Bytes `message` takes on the wire (its MsgSize). */
  readonly size: (message: M) => number
  /** Writes the whole message (MsgSize and MsgType included) at `at`; returns its size. Bounds are the caller's. */
  readonly encode: (view: DataView, bytes: Uint8Array, at: number, message: M) => number
  /** Reads the message at `at`, whose MsgSize (already read, ≥ 4, within the buffer) is `msgSize`. */
  readonly decode: (view: DataView, bytes: Uint8Array, at: number, msgSize: number) => M | OmdDecodeError
}

interface CompiledGroup {
  readonly spec: GroupSpec
  readonly countRow: Row
  readonly entry: CompiledRows
}

const countOf = (view: DataView, at: number, row: Row): number => (row[2] === "Uint8" ? view.getUint8(at + row[0]) : view.getUint16(at + row[0], true))
const setCount = (view: DataView, at: number, row: Row, n: number): void =>
  row[2] === "Uint8" ? view.setUint8(at + row[0], n) : view.setUint16(at + row[0], n, true)

const entriesOf = (message: Fields, field: string): ReadonlyArray<Fields> => {
  const entries = message[field]
  return Array.isArray(entries) ? entries : []
}

export const defineMessage = <M extends { readonly msgType: number }>(spec: MessageSpec & { readonly msgType: M["msgType"] }): MessageCodec<M> => {
  const what = `${spec.name} (${spec.msgType})`
  const fixed = compileRows(what, MESSAGE_HEADER_BYTES, spec.totalLength - MESSAGE_HEADER_BYTES, spec.rows, spec.group?.count)
  let group: CompiledGroup | undefined
  if (spec.group !== undefined) {
    const countRow = spec.rows.find((row) => row[1] === spec.group!.count)
    if (countRow === undefined || (countRow[2] !== "Uint8" && countRow[2] !== "Uint16")) throw new Error(`${what}: no count row ${spec.group.count}`)
    group = { spec: spec.group, countRow, entry: compileRows(`${what} entry`, 0, spec.group.entrySize, spec.group.rows) }
  }
  const { msgType, totalLength } = spec

  const size = (message: M): number =>
    group === undefined ? totalLength : totalLength + group.spec.entrySize * entriesOf(message as Fields, group.spec.field).length

  const encode = (view: DataView, bytes: Uint8Array, at: number, message: M): number => {
    const fields = message as Fields
    const msgSize = size(message)
    view.setUint16(at, msgSize, true)
    view.setUint16(at + 2, msgType, true)
    for (const write of fixed.write) write(view, bytes, at, fields)
    if (group !== undefined) {
      const entries = entriesOf(fields, group.spec.field)
      setCount(view, at, group.countRow, entries.length)
      let base = at + totalLength
      for (const entry of entries) {
        for (const write of group.entry.write) write(view, bytes, base, entry)
        base += group.spec.entrySize
      }
    }
    return msgSize
  }

  const decode = (view: DataView, bytes: Uint8Array, at: number, msgSize: number): M | OmdDecodeError => {
    if (msgSize < totalLength)
      return decodeError("BadMsgSize", at, "MsgSize", `at least ${totalLength} for ${spec.name} (${msgType})`, msgSize)
    const fields: Fields = { msgType }
    for (const read of fixed.read) read(view, bytes, at, fields)
    if (group === undefined) {
      if (msgSize !== totalLength) return decodeError("BadMsgSize", at, "MsgSize", `${totalLength} for ${spec.name} (${msgType})`, msgSize)
    } else {
      const count = countOf(view, at, group.countRow)
      const expected = totalLength + count * group.spec.entrySize
      if (msgSize !== expected)
        return decodeError("BadMsgSize", at, "MsgSize", `${expected} for ${spec.name} (${msgType}) with ${group.countRow[1]} ${count}`, msgSize)
      const entries: Array<Fields> = new Array(count)
      let base = at + totalLength
      for (let i = 0; i < count; i++) {
        const entry: Fields = {}
        for (const read of group.entry.read) read(view, bytes, base, entry)
        entries[i] = entry
        base += group.spec.entrySize
      }
      fields[group.spec.field] = entries
    }
    return fields as M
  }

  return { msgType, name: spec.name, section: spec.section, fixedSize: totalLength, spec, size, encode, decode }
}
