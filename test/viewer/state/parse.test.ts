import { describe, expect, it } from "vitest"
import { NdjsonParser, parseTrace } from "../../../viewer/src/trace/parse.ts"

describe("trace parsing", () => {
  it("parses lines split across chunks anywhere, skipping blank lines", () => {
    const text = '{"t":1,"kind":"a","subject":"s","data":{}}\n\n{"t":2,"kind":"b","subject":"s","data":{"x":1}}\n'
    for (let cut = 0; cut <= text.length; cut++) {
      const p = new NdjsonParser("f.ndjson")
      p.push(text.slice(0, cut))
      p.push(text.slice(cut))
      expect(p.end().map((e) => e.kind)).toEqual(["a", "b"])
    }
  })

  it("names the file and line of a bad line", () => {
    const text = '{"t":1,"kind":"a","subject":"s","data":{}}\n{"t":1.5,"kind":"a","subject":"s","data":{}}\n'
    expect(() => parseTrace("day.ndjson", text)).toThrow("day.ndjson:2: expected t: an integer (µs), got number")
    expect(() => parseTrace("day.ndjson", "not json\n")).toThrow('day.ndjson:1: expected a JSON object, got "not json"')
    expect(() => parseTrace("d", '{"t":1,"kind":"a","subject":"s","data":[]}')).toThrow("d:1: expected data: an object, got an array")
  })
})
