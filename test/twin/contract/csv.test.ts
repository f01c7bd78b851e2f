/**
 * CSV cells and files (twin/contract/csv.ts): RFC 4180 quoting, CRLF line ends, and the guard against
 * formula injection — a text cell starting with = + - @ (or tab / CR) gets a leading apostrophe.
 */
import { describe, expect, it } from "vitest"
import { csvCell, csvSeconds, renderCsv } from "../../../twin/contract/csv.ts"

describe("csvCell", () => {
  it("leaves plain text and numbers as they are, writes undefined as an empty field", () => {
    expect([csvCell("P0002"), csvCell("served-without-redundancy"), csvCell(600), csvCell(0.25), csvCell(undefined), csvCell("")])
      .toEqual(["P0002", "served-without-redundancy", "600", "0.25", "", ""])
  })

  it("quotes a field with a comma, a double quote, CR or LF, doubling the quotes (RFC 4180 §2.6–2.7)", () => {
    expect(csvCell("a, b")).toBe('"a, b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell("line 1\nline 2")).toBe('"line 1\nline 2"')
    expect(csvCell("cr\rhere")).toBe('"cr\rhere"')
  })

  it("guards every formula start with an apostrophe, then quotes if it must", () => {
    expect(["=1+1", "+41 22", "-2", "@SUM(A1)", "\tx", "\rx"].map(csvCell)).toEqual(["'=1+1", "'+41 22", "'-2", "'@SUM(A1)", "'\tx", "\"'\rx\""])
    // The classic payload: guarded and, because of its comma and quotes, quoted.
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`)
    // Only the first character counts; a number is never guarded (it is not text a spreadsheet evaluates).
    expect([csvCell("a=b"), csvCell("P-1"), csvCell(-3)]).toEqual(["a=b", "P-1", "-3"])
  })
})

describe("renderCsv", () => {
  it("writes the header then the rows, every line ended by CRLF", () => {
    expect(renderCsv(["a", "b"], [["x", 1], [undefined, "y,z"]])).toBe('a,b\r\nx,1\r\n,"y,z"\r\n')
  })

  it("an empty table is the header line alone", () => {
    expect(renderCsv(["a", "b"], [])).toBe("a,b\r\n")
  })
})

describe("csvSeconds", () => {
  it("µs to seconds, exactly", () => {
    expect([csvSeconds(600_000_000), csvSeconds(1_500), csvSeconds(0)]).toEqual([600, 0.0015, 0])
  })
})
