/**
 * A message layout is the spec's field table as data: offset, field, format, length — copied row by row from
 * the v1.45 tables (offsets included, so a reader can check each line against the PDF). `compileLayout`
 * checks the rows tile the message exactly (each field starts where the previous one ends, the fixed part
 * ends at the table's Total Length) and turns them into one reader and one writer per field, so encoding and
 * decoding walk an array of small closures over a DataView: no parsing of the table on the hot path, no
 * allocation per field except the value itself (a bigint for 64-bit fields, a string for String fields).
 *
 * Formats (spec §3.1): integers little-endian; `String` ASCII left-aligned and padded with spaces (decoded
 * with the trailing spaces removed, so `"MAIN"` in a 4-byte field round-trips, and a value longer than its
 * field is cut to the field when encoded); `NulString` the Logon Username, padded with binary nulls (§3.5.1);
 * `Binary` UTF-16LE (§3.7.2 names), padded with nulls; `Filler` written as zero bytes (the §5 examples show
 * fillers as NULL) and ignored when decoding.
 */

export type Format = "Uint8" | "Uint16" | "Uint32" | "Uint64" | "Int16" | "Int32" | "Int64" | "String" | "NulString" | "Binary" | "Filler"

/** One row of a spec table: [offset, field, format, length]. The field is the object's property name. */
export type Row = readonly [offset: number, field: string, format: Format, length: number]

const WIDTH: Partial<Record<Format, number>> = { Uint8: 1, Uint16: 2, Uint32: 4, Uint64: 8, Int16: 2, Int32: 4, Int64: 8 }

/** A decoded message under construction: the layout fills its fields by name. */
export type Fields = Record<string, unknown>

type Reader = (view: DataView, bytes: Uint8Array, base: number, into: Fields) => void
type Writer = (view: DataView, bytes: Uint8Array, base: number, from: Fields) => void

export interface CompiledRows {
  /** Bytes the rows cover (from the first row's offset). */
  readonly size: number
  readonly read: ReadonlyArray<Reader>
  readonly write: ReadonlyArray<Writer>
}

const SPACE = 0x20

const readAscii = (bytes: Uint8Array, at: number, length: number, pad: number): string => {
  let end = at + length
  while (end > at && (bytes[end - 1] === pad || bytes[end - 1] === 0)) end--
  let text = ""
  for (let i = at; i < end; i++) text += String.fromCharCode(bytes[i]!)
  return text
}

const writeAscii = (bytes: Uint8Array, at: number, length: number, value: string, pad: number): void => {
  const n = Math.min(value.length, length)
  for (let i = 0; i < n; i++) bytes[at + i] = value.charCodeAt(i) & 0x7f
  bytes.fill(pad, at + n, at + length)
}

const readUtf16 = (view: DataView, at: number, length: number): string => {
  let end = at + (length & ~1)
  while (end > at && view.getUint16(end - 2, true) === 0) end -= 2
  let text = ""
  for (let i = at; i < end; i += 2) text += String.fromCharCode(view.getUint16(i, true))
  return text
}

const writeUtf16 = (view: DataView, bytes: Uint8Array, at: number, length: number, value: string): void => {
  const units = Math.min(value.length, length >> 1)
  for (let i = 0; i < units; i++) view.setUint16(at + 2 * i, value.charCodeAt(i), true)
  bytes.fill(0, at + 2 * units, at + length)
}

const asNumber = (v: unknown): number => (typeof v === "number" ? v : 0)
const asBigInt = (v: unknown): bigint => (typeof v === "bigint" ? v : 0n)
const asString = (v: unknown): string => (typeof v === "string" ? v : "")

const compileRow = ([offset, name, format, length]: Row): readonly [Reader, Writer] => {
  switch (format) {
    case "Uint8":
      return [(v, _b, base, o) => void (o[name] = v.getUint8(base + offset)), (v, _b, base, o) => v.setUint8(base + offset, asNumber(o[name]))]
    case "Uint16":
      return [(v, _b, base, o) => void (o[name] = v.getUint16(base + offset, true)), (v, _b, base, o) => v.setUint16(base + offset, asNumber(o[name]), true)]
    case "Uint32":
      return [(v, _b, base, o) => void (o[name] = v.getUint32(base + offset, true)), (v, _b, base, o) => v.setUint32(base + offset, asNumber(o[name]), true)]
    case "Int16":
      return [(v, _b, base, o) => void (o[name] = v.getInt16(base + offset, true)), (v, _b, base, o) => v.setInt16(base + offset, asNumber(o[name]), true)]
    case "Int32":
      return [(v, _b, base, o) => void (o[name] = v.getInt32(base + offset, true)), (v, _b, base, o) => v.setInt32(base + offset, asNumber(o[name]), true)]
    case "Uint64":
      return [(v, _b, base, o) => void (o[name] = v.getBigUint64(base + offset, true)), (v, _b, base, o) => v.setBigUint64(base + offset, asBigInt(o[name]), true)]
    case "Int64":
      return [(v, _b, base, o) => void (o[name] = v.getBigInt64(base + offset, true)), (v, _b, base, o) => v.setBigInt64(base + offset, asBigInt(o[name]), true)]
    case "String":
      return [(_v, b, base, o) => void (o[name] = readAscii(b, base + offset, length, SPACE)), (_v, b, base, o) => writeAscii(b, base + offset, length, asString(o[name]), SPACE)]
    case "NulString":
      return [(_v, b, base, o) => void (o[name] = readAscii(b, base + offset, length, 0)), (_v, b, base, o) => writeAscii(b, base + offset, length, asString(o[name]), 0)]
    case "Binary":
      return [(v, _b, base, o) => void (o[name] = readUtf16(v, base + offset, length)), (v, b, base, o) => writeUtf16(v, b, base + offset, length, asString(o[name]))]
    case "Filler":
      return [() => undefined, (_v, b, base) => void b.fill(0, base + offset, base + offset + length)]
  }
}

/**
 * Checks `rows` tile [start, start + size) with no gap or overlap and compiles them (fillers are dropped
 * from the reader list: nothing to read; `skip` names a row left to the caller). A table that does not
 * tile is a bug in this module's tables, not bad input, so it throws at import time.
 */
export const compileRows = (what: string, start: number, size: number, rows: ReadonlyArray<Row>, skip?: string): CompiledRows => {
  let at = start
  const read: Array<Reader> = []
  const write: Array<Writer> = []
  for (const row of rows) {
    const [offset, name, format, length] = row
    const width = WIDTH[format]
    if (offset !== at) throw new Error(`${what}: ${name} at ${offset}, expected ${at}`)
    if (width !== undefined && width !== length) throw new Error(`${what}: ${name} is ${format}, length ${length}`)
    const [reader, writer] = compileRow(row)
    // `skip`: a repeating group's count, which the message codec reads and writes itself.
    if (name !== skip) {
      if (format !== "Filler") read.push(reader)
      write.push(writer)
    }
    at += length
  }
  if (at !== start + size) throw new Error(`${what}: rows end at ${at}, expected ${start + size}`)
  return { size, read, write }
}
