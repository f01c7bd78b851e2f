/**
 * Issue 16 defect 3 (found again by the fuzz corpus, test/fuzz/): bytes that are not UTF-8 were decoded to
 * U+FFFD and accepted — a name with a stray byte became another name, exit 0. They are refused with the
 * line and column (bytes) of the first bad sequence.
 */
import { spawnSync } from "node:child_process"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { decodeUtf8, firstInvalidUtf8 } from "../../topology/input-text.ts"
import { renderInputInvalid } from "../../topology/input-issue.ts"

const bytes = (...b: Array<number>) => Uint8Array.from(b)

describe("UTF-8 input text", () => {
  it("finds the first byte that is not UTF-8: stray continuation, lead without continuation, overlong, surrogate, past U+10FFFF", () => {
    expect(firstInvalidUtf8(new TextEncoder().encode("héllo 漢 🚀"))).toBe(-1)
    expect(firstInvalidUtf8(bytes(0x61, 0x80))).toBe(1) // a continuation byte alone
    expect(firstInvalidUtf8(bytes(0x61, 0x62, 0xc3, 0x28))).toBe(2) // é's lead byte then '('
    expect(firstInvalidUtf8(bytes(0xc0, 0xaf))).toBe(0) // overlong '/'
    expect(firstInvalidUtf8(bytes(0xed, 0xa0, 0x80))).toBe(0) // U+D800, a surrogate
    expect(firstInvalidUtf8(bytes(0xf4, 0x90, 0x80, 0x80))).toBe(0) // U+110000
    expect(firstInvalidUtf8(bytes(0xe6, 0xbc))).toBe(0) // 漢 cut short at the end
    expect(firstInvalidUtf8(bytes(0xff))).toBe(0)
  })

  it("names the line and the column in bytes", () => {
    // line 2 is "x: é" then 0xFF: 'x', ':', ' ' and é's two bytes are columns 1–5, the bad byte column 6
    const r = decodeUtf8("e.yaml", bytes(0x61, 0x0a, 0x78, 0x3a, 0x20, 0xc3, 0xa9, 0xff))
    expect(Result.isFailure(r) ? renderInputInvalid(r.failure) : []).toEqual(["e.yaml:2:6: expected UTF-8 text, got the byte 0xFF, which is not UTF-8 there"])
    expect(decodeUtf8("e.yaml", new TextEncoder().encode("name: é"))).toEqual(Result.succeed("name: é"))
  })

  it("twin estate validate refuses an estate with a stray byte in its name: exit 2, one line", () => {
    const dir = mkdtempSync(join(tmpdir(), "twin-utf8-"))
    const tiny = readFileSync("test/topology/fixtures/tiny-estate.yaml")
    const at = tiny.indexOf("\nname: ") + 7 // the first byte of the estate's name
    const line = tiny.subarray(0, at).toString("utf8").split("\n").length
    const path = join(dir, "stray.yaml")
    writeFileSync(path, Buffer.concat([tiny.subarray(0, at), bytes(0xff), tiny.subarray(at)]))
    const r = spawnSync(process.execPath, ["twin/bin/twin.ts", "estate", "validate", path], { encoding: "utf8", timeout: 60_000 })
    // "name: " is 6 bytes: the stray byte is column 7
    expect({ code: r.status, stderr: r.stderr.trimEnd() }).toEqual({ code: 2, stderr: `${path}:${line}:7: expected UTF-8 text, got the byte 0xFF, which is not UTF-8 there` })
  })
})

describe("a folder where a file is expected: `got a folder`, never a platform tag like BadResource", () => {
  const twin = (...args: ReadonlyArray<string>) => {
    const r = spawnSync(process.execPath, ["twin/bin/twin.ts", ...args], { encoding: "utf8", timeout: 60_000 })
    return { code: r.status, stderr: r.stderr.trimEnd() }
  }
  const dir = mkdtempSync(join(tmpdir(), "twin-folder-"))
  const scenario = join(dir, "estate-dir.yaml")
  // `estate: .` names the scenario's own folder
  writeFileSync(scenario, 'name: x\npurpose: x\nestate: .\ncalendar: {date: "2027-03-08", from: "09:28", to: "09:36"}\n')

  it("a scenario's estate: and --estate of run and simulate", () => {
    expect(twin("run", scenario)).toEqual({ code: 2, stderr: `${scenario}:estate: expected the path of an estate file, got a folder` })
    expect(twin("run", "test/scenarios/fixtures/short-fail.yaml", "--estate", dir)).toEqual({ code: 2, stderr: "--estate: expected the path of an estate file, got a folder" })
    expect(twin("simulate", "--estate", dir, "--from", "09:00", "--to", "09:01", "--out", join(dir, "t.ndjson"))).toEqual({ code: 2, stderr: "--estate: expected the path of an estate file, got a folder" })
  })

  it("an estate or plan input file argument (`twin run DIR` runs the scenarios in it, by design)", () => {
    expect(twin("estate", "validate", dir)).toEqual({ code: 2, stderr: `${dir}: expected the path of an estate file, got a folder` })
    expect(twin("plan", "--units", dir)).toEqual({ code: 2, stderr: `${dir}: expected a readable YAML or JSON file, got a folder` })
  })
})
