/**
 * Getting a trace into the viewer: from a URL (`?trace=`) or a dropped/opened file, parsed as it streams
 * and checked as a whole trace file (trace-file.ts) — a hostile file gets one line, never a hung tab.
 */
import { NdjsonParser } from "./parse.ts"
import { traceFileRules } from "./trace-file.ts"
import type { TraceEvent } from "./types.ts"

const readStream = async (source: string, stream: ReadableStream<Uint8Array>): Promise<Array<TraceEvent>> => {
  // a whole file: trace.start first, in order, within its window, not cut short (trace-file.ts)
  const parser = new NdjsonParser(source, traceFileRules(source))
  const decoder = new TextDecoder()
  const reader = stream.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    parser.push(decoder.decode(value, { stream: true }))
  }
  parser.push(decoder.decode())
  return parser.end()
}

export const loadTraceUrl = async (url: string): Promise<Array<TraceEvent>> => {
  const response = await fetch(url)
  if (!response.ok || response.body === null) throw new Error(`${url}: expected a trace file, got HTTP ${response.status}`)
  return readStream(url, response.body)
}

export const loadTraceFile = (file: File): Promise<Array<TraceEvent>> => readStream(file.name, file.stream())
