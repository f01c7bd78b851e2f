import * as NodeServices from "@effect/platform-node/NodeServices"
import { Effect, Result } from "effect"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { catalogues } from "../../../scenarios/catalogues.ts"
import { loadDrill } from "../../../scenarios/drill/load-drill.ts"
import { renderInputInvalid } from "../../../topology/input-issue.ts"

const dir = mkdtempSync(join(tmpdir(), "drill-core-load-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const estate = new URL("../../../topology/default-estate.yaml", import.meta.url).pathname
const scenarioPart = `name: A drill
purpose: testing the loader
estate: ${estate}
calendar: {from: "09:00", to: "09:30"}
moved: all
`

/** Loads `text` as a drill file; the issue lines, or the loaded drill's expectations. */
const load = async (text: string) => {
  const path = join(dir, `d${Math.random().toString(36).slice(2)}.yaml`)
  writeFileSync(path, text)
  const result = await Effect.runPromise(Effect.result(loadDrill(path, { catalogues })).pipe(Effect.provide(NodeServices.layer)))
  return Result.isFailure(result)
    ? { lines: renderInputInvalid(result.failure).map((l) => l.replace(path, "FILE")) }
    : { drill: { incident: result.success.incident, diagnosis: result.success.diagnosis, actions: result.success.actions } }
}

describe("drill files", () => {
  it("take the incident's element and kind when the diagnosis leaves them out", async () => {
    const got = await load(`${scenarioPart}faults:
  - {id: early, kind: link-down, link: ca-pop-1--ar-dc1-a, at: "09:05", for: 1m}
  - {id: gw, kind: node-crash, node: ocg-dc1-03, at: "09:10"}
drill:
  briefing: "  Watch.  "
  incident: gw
  diagnosis: {services: [otp-c], participants: [P0001], within: 5m}
  actions: [{action: restart-service, target: ocg-dc1-03, within: 90s}]
`)
    expect(got).toEqual({
      drill: {
        incident: { fault: "gw", at: 9 * 3600e6 + 10 * 60e6 },
        diagnosis: { element: "ocg-dc1-03", elements: ["ocg-dc1-03"], fault: "node-crash", services: ["otp-c"], participants: ["P0001"], within: 5 * 60e6 },
        actions: [{ action: "restart-service", target: "ocg-dc1-03", within: 90e6 }]
      }
    })
  })

  it("report every problem of the drill section as FILE:PATH: expected …, got …", async () => {
    const got = await load(`${scenarioPart}faults:
  - {id: both, kind: compound, at: "09:10", faults: [{kind: node-crash, node: ocg-dc1-03}, {kind: node-crash, node: ocg-dc1-04}]}
drill:
  briefing: Watch.
  incident: nope
  diagnosis: {elements: [not-an-element], fault: reboot, services: [otp-c], participants: [P9999], within: 5m}
  actions:
    - {action: roll-back-unit, target: ocg-dc1-03, within: 5m}
    - {action: escalate-carrier, target: carrier-z, within: 5m}
`)
    expect(got).toEqual({
      lines: [
        'FILE:drill.incident: expected a fault id of the script (both), got "nope"',
        "FILE:drill.diagnosis.elements[0]: expected a node, link, site or unit id of the estate, got \"not-an-element\"",
        `FILE:drill.diagnosis.fault: expected a fault kind of the catalogue (${[...catalogues.faults.keys()].join(", ")}), got "reboot"`,
        'FILE:drill.diagnosis.participants[0]: expected a participant id of the estate, got "P9999"',
        'FILE:drill.actions[0].target: expected a unit the action roll-back-unit can name, got "ocg-dc1-03"',
        'FILE:drill.actions[1].target: expected a carrier the action escalate-carrier can name, got "carrier-z"'
      ]
    })
  })

  it("an unknown field does not hide the problems resolving the rest finds (it stopped the check)", async () => {
    const got = await load(`${scenarioPart}durationn: 5m
faults:
  - {id: gw, kind: node-crash, node: ocg-dc1-03, at: "09:10", forr: 2m}
drill:
  briefing: Watch.
  incident: nope
  diagnosis: {services: [otp-c], within: 5m}
  actions:
    - {action: escalate-carrier, target: carrier-a, within: 5m}
`)
    expect(got).toEqual({
      lines: [
        'FILE:durationn: expected no such field, got "5m"',
        'FILE:faults[0].forr: expected no such field, got "2m"'
      ]
    })
  })

  it("decode the drill section with Schema: a wrong action, a missing briefing, no expected action", async () => {
    const got = await load(`${scenarioPart}faults:
  - {kind: node-crash, node: ocg-dc1-03, at: "09:10"}
drill:
  diagnosis: {services: [otp-x], within: soon}
  actions: []
`)
    expect(got).toEqual({
      lines: [
        "FILE:drill.briefing: expected a value, got nothing",
        'FILE:drill.diagnosis.services[0]: expected "otp-c" | "otp-csc" | "omd-c" | "omd-cc" | "ecp-sftp", got "otp-x"',
        `FILE:drill.diagnosis.within: expected a duration such as "250ms", "90s", "5m" or "1h30m", at most 24h, got "soon"`,
        "FILE:drill.actions: expected at least one expected action, got []"
      ]
    })
  })

  it("a compound incident must say which element and kind are the answer", async () => {
    const got = await load(`${scenarioPart}faults:
  - {id: both, kind: compound, at: "09:10", faults: [{kind: node-crash, node: ocg-dc1-03}, {kind: node-crash, node: ocg-dc1-04}]}
drill:
  briefing: Watch.
  diagnosis: {services: [otp-c], within: 5m}
  actions: [{action: restart-service, target: ocg-dc1-03, within: 5m}]
`)
    expect(got).toEqual({ lines: ["FILE:drill.diagnosis: expected element: and fault: for a compound incident (which of its members is the answer?), got none"] })
  })
})

describe("docs/drills.md", () => {
  it("its example drill file loads", async () => {
    const doc = readFileSync("docs/drills.md", "utf8")
    const example = /```yaml\n([\s\S]*?)```/.exec(doc)![1]!
    expect(await load(example)).toEqual({
      drill: {
        incident: { fault: "gateway-crash", at: 9 * 3600e6 + 31 * 60e6 },
        diagnosis: { element: "ocg-dc1-03", elements: ["ocg-dc1-03"], fault: "node-crash", services: ["otp-c"], participants: "affected", within: 5 * 60e6 },
        actions: [{ action: "restart-service", target: "ocg-dc1-03", within: 8 * 60e6 }]
      }
    })
  })
})
