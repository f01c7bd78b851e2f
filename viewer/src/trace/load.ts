/**
 * Getting a trace into the viewer: from a URL (`?trace=`) or a dropped/opened file, parsed as it streams
 * and checked as a whole trace file (trace-file.ts) — a hostile file gets one line, never a hung tab.
 */
import { NdjsonParser, TraceParseError } from "./parse.ts"
import { traceFileRules } from "./trace-file.ts"
import type { TraceEvent } from "./types.ts"

/**
 * A trace file's bytes, chunk by chunk → its events. Bytes that are not UTF-8 are refused (the twin writes
 * UTF-8; a decoder that replaced them with U+FFFD would show a subject that is not the trace's).
 */
export class TraceFileReader {
  private readonly parser: NdjsonParser
  private readonly decoder = new TextDecoder("utf-8", { fatal: true })
  private readonly source: string
  constructor(source: string) {
    this.source = source
    // a whole file: trace.start first, in order, within its window, not cut short (trace-file.ts)
    this.parser = new NdjsonParser(source, traceFileRules(source))
  }
  push(bytes: Uint8Array): void {
    this.parser.push(this.decode(bytes, true))
  }
  end(): Array<TraceEvent> {
    this.parser.push(this.decode(new Uint8Array(0), false))
    return this.parser.end()
  }
  private decode(bytes: Uint8Array, stream: boolean): string {
    try {
      return this.decoder.decode(bytes, { stream })
    } catch {
      // the line of the first bad byte: the lines read so far plus the newlines of this chunk before it
      const bad = firstBadByte(bytes)
      let newlines = 0
      for (let i = 0; i < bad; i++) if (bytes[i] === 0x0a) newlines++
      throw new TraceParseError(this.source, this.parser.linesRead + 1 + newlines, "UTF-8 text", "bytes that are not UTF-8")
    }
  }
}

/** The length of the longest prefix of `bytes` a fresh strict decoder takes (a prefix that fails, fails longer). */
const firstBadByte = (bytes: Uint8Array): number => {
  let lo = 0
  let hi = bytes.length
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, mid), { stream: true })
      lo = mid
    } catch {
      hi = mid - 1
    }
  }
  return lo
}

const readStream = async (source: string, stream: ReadableStream<Uint8Array>): Promise<Array<TraceEvent>> => {
  const reader = new TraceFileReader(source)
  const chunks = stream.getReader()
  for (;;) {
    const { done, value } = await chunks.read()
    if (done) break
    reader.push(value)
  }
  return reader.end()
}

export const loadTraceUrl = async (url: string): Promise<Array<TraceEvent>> => {
  const response = await fetch(url)
  if (!response.ok || response.body === null) throw new Error(`${url}: expected a trace file, got HTTP ${response.status}`)
  return readStream(url, response.body)
}

export const loadTraceFile = (file: File): Promise<Array<TraceEvent>> => readStream(file.name, file.stream())
