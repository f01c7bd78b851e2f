import { describe, expect, it } from "vitest"
import { HEALTH_STATUSES, healthRank, isHealthStatus, statusByRank, TROUBLE_STATUSES, worseStatus } from "../../../twin/contract/health.ts"
import { isService, SERVICES } from "../../../twin/contract/services.ts"
import { isKind, ofKind, traceEvent, type TraceEvent } from "../../../twin/contract/trace-event.ts"
import { isTraceKind, TRACE_KINDS } from "../../../twin/contract/trace-kinds.ts"
import { emit } from "../../../twin/engine/machine.ts"

describe("the health vocabulary", () => {
  it("ranks the four statuses best first, 0 to 3, and back", () => {
    expect(HEALTH_STATUSES).toEqual(["served", "served-without-redundancy", "degraded", "down"])
    expect(healthRank).toEqual({ served: 0, "served-without-redundancy": 1, degraded: 2, down: 3 })
    expect(HEALTH_STATUSES.map((s) => statusByRank[healthRank[s]])).toEqual(HEALTH_STATUSES)
    expect(TROUBLE_STATUSES).toEqual(["down", "degraded", "served-without-redundancy"])
  })

  it("takes the worse of two, the first when they rank the same", () => {
    expect(worseStatus("served", "down")).toBe("down")
    expect(worseStatus("degraded", "served-without-redundancy")).toBe("degraded")
    expect(worseStatus("served", "served")).toBe("served")
  })

  it("tells a status and a service from other values", () => {
    expect(["down", "Down", "", null, 3].map(isHealthStatus)).toEqual([true, false, false, false, false])
    expect(SERVICES).toEqual(["otp-c", "otp-csc", "omd-c", "omd-cc", "ecp-sftp"])
    expect(["omd-cc", "omd", undefined].map(isService)).toEqual([true, false, false])
  })
})

describe("typed trace events", () => {
  const events: ReadonlyArray<TraceEvent> = [
    traceEvent(10, "omd.gap", "P1", { flow: "P1/omdc-ss", channel: "SS", first: 5, last: 7, size: 3, reason: "lost on both lines" }),
    { t: 11, kind: "later.kind", subject: "twin", data: { x: 1 } },
    traceEvent(12, "health", "P1", { service: "omd-c", status: "down", previous: "served", cause: "P1/omdc-ss: 0 of 2" })
  ]

  it("reads one kind with its data typed, and skips kinds it does not know", () => {
    const gaps = ofKind(events, "omd.gap")
    // Typed: `size` is a number and `reason` a string without a cast.
    expect(gaps.map((e) => [e.t, e.data.size, e.data.reason])).toEqual([[10, 3, "lost on both lines"]])
    const statuses = events.flatMap((e) => (isKind(e, "health") ? [healthRank[e.data.status]] : []))
    expect(statuses).toEqual([3])
    expect(events.map((e) => isTraceKind(e.kind))).toEqual([true, false, true])
  })

  it("knows every kind once", () => {
    expect(TRACE_KINDS.every(isTraceKind)).toBe(true)
    expect(isTraceKind("toString")).toBe(false)
  })

  it("refuses data of the wrong shape at compile time", () => {
    // Each line below must not compile (tsc --noEmit fails on an unused @ts-expect-error): the writers
    // check the data against the kind's type.
    // @ts-expect-error `size` missing
    traceEvent(0, "omd.gap", "P1", { flow: "f", channel: "SS", first: 1, last: 1, reason: "r" })
    // @ts-expect-error a status the vocabulary does not have
    emit("health", { service: "omd-c", status: "fine", previous: null, cause: "" })
    // @ts-expect-error a kind the contract does not declare
    emit("omd.gapp", {})
    expect(emit("ocg.lookup", { event: "opened" }, "lookup-1")).toEqual({ _tag: "emit", kind: "ocg.lookup", data: { event: "opened" }, subject: "lookup-1" })
  })
})

describe("the contract's place at the ground floor", () => {
  it("imports nothing but its own files, so every layer and the viewer can import it", async () => {
    const { readdirSync, readFileSync } = await import("node:fs")
    const dir = new URL("../../../twin/contract/", import.meta.url)
    const imports = readdirSync(dir)
      .filter((f) => f.endsWith(".ts"))
      .flatMap((f) => [...readFileSync(new URL(f, dir), "utf8").matchAll(/^(?:import|export)[^\n]*? from "([^"]+)"/gm)].map((m) => m[1]!))
    expect(imports.filter((from) => !/^\.\/[a-z-]+\.ts$/.test(from))).toEqual([])
    expect(imports.length).toBeGreaterThan(0)
  })
})
