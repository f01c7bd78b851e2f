/** Getting a trace into the viewer: from a URL (`?trace=`) or a dropped/opened file, parsed as it streams. */
import { NdjsonParser } from "./parse.ts"
import type { TraceEvent } from "./types.ts"

const readStream = async (source: string, stream: ReadableStream<Uint8Array>): Promise<Array<TraceEvent>> => {
  const parser = new NdjsonParser(source)
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
