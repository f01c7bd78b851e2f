import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { statusesLastingNoTime } from "./health-instants.ts"

const traceIn = (lines: ReadonlyArray<object>): string => {
  const dir = mkdtempSync(join(tmpdir(), "health-instants-"))
  writeFileSync(join(dir, "trace.ndjson"), lines.map((l) => JSON.stringify(l)).join("\n") + "\n")
  return dir
}
const health = (t: number, subject: string, service: string, status: string) => ({ t, kind: "health", subject, data: { service, status } })

describe("statusesLastingNoTime", () => {
  it("names a participant-service told two statuses at one instant, and nothing else", () => {
    const dir = traceIn([
      health(1, "P1", "omd-c", "served"),
      health(5, "P1", "omd-c", "served-without-redundancy"),
      health(5, "P2", "omd-c", "down"), // another participant at the same instant
      health(5, "P1", "otp-c", "down"), // another service
      { t: 5, kind: "health.cause", subject: "P1", data: { service: "omd-c", status: "served" } },
      health(5, "P1", "omd-c", "served"),
      health(6, "P1", "omd-c", "down")
    ])
    expect(statusesLastingNoTime(dir)).toEqual(["trace.ndjson: health at one instant 5 P1 omd-c: served-without-redundancy → served (1 such)"])
  })

  it("finds nothing in a trace whose statuses change at most once an instant", () => {
    expect(statusesLastingNoTime(traceIn([health(1, "P1", "omd-c", "served"), health(2, "P1", "omd-c", "down")]))).toEqual([])
  })
})
