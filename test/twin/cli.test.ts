import { spawnSync } from "node:child_process"
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { load } from "js-yaml"
import { describe, expect, it } from "vitest"
import type { EstateFile } from "../../topology/schema.ts"

/** Runs the real `twin` entry point as a user would, with this process's Node 22. */
const twin = (...args: ReadonlyArray<string>) => {
  const r = spawnSync(process.execPath, ["twin/bin/twin.ts", ...args], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

const estate = load(readFileSync("topology/default-estate.yaml", "utf8")) as EstateFile

describe("twin estate", () => {
  it("validate: the shipped estate is valid, exit 0", () => {
    const r = twin("estate", "validate")
    expect(r.code).toBe(0)
    expect(r.stdout.trim()).toBe(
      "topology/default-estate.yaml: valid — 1964 nodes, 2541 links, 640 participants, 6114 flows; 23 warning(s)"
    )
    expect(r.stderr.split("\n").filter((l) => l.includes("warning:")).length).toBe(23)
  })

  it("spof --json: single points of OTP-C are exactly the PoPs of single-circuit OCG-C users and their circuits", () => {
    const r = twin("estate", "spof", "--json")
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout)
    const singleTraders = estate.participants.filter((p) => p.circuits.length === 1 && p.ocgSessions.length > 0)
    const points = out.services["otp-c"].singlePoints as Array<{ element: string; elementKind: string; participants: Array<string> }>
    // Worked out from the file alone: each single-circuit trader hangs on one circuit and one PoP.
    const expectedPops = new Map<string, Array<string>>()
    for (const p of singleTraders) {
      const pop = p.circuits[0]!.pop
      expectedPops.set(pop, [...(expectedPops.get(pop) ?? []), p.id])
    }
    const pops = points.filter((x) => x.elementKind === "carrier-pop")
    expect(new Map(pops.map((x) => [x.element, x.participants]))).toEqual(expectedPops)
    expect(points.filter((x) => x.elementKind === "circuit").map((x) => x.element).sort())
      .toEqual(singleTraders.map((p) => p.circuits[0]!.id).sort())
    expect(points.length).toBe(pops.length + singleTraders.length)
    expect(out.services["otp-c"].servedWithoutRedundancy).toBe(singleTraders.length)
    expect(out.services["otp-c"].down).toBe(0)
  })

  it("spof --moved all: the new backbone alone gives the same single points", () => {
    const before = JSON.parse(twin("estate", "spof", "--json").stdout)
    const after = JSON.parse(twin("estate", "spof", "--json", "--moved", "all").stdout)
    expect(after.moved.length).toBe(26)
    expect(after.services).toEqual(before.services)
  })

  it("show --json counts by kind", () => {
    const out = JSON.parse(twin("estate", "show", "--json").stdout)
    expect(out.participants.total).toBe(640)
    expect(out.nodes["lookup-service"]).toBe(4)
    expect(out.nodes["rts-server"]).toBe(4)
    expect(out.cutoverUnits).toBe(26)
  })

  it("a missing file: one clear line, exit 2, no stack trace", () => {
    const r = twin("estate", "validate", "no/such/estate.yaml")
    expect(r.code).toBe(2)
    expect(r.stderr.trim()).toBe("no/such/estate.yaml: expected a readable estate file, got no such file")
  })

  it("a malformed file: every issue as FILE:PATH: expected …, got …, exit 2", () => {
    const dir = mkdtempSync(join(tmpdir(), "twin-"))
    const file = join(dir, "bad.yaml")
    writeFileSync(file, "version: 2\nname: x\nassumptions: {}\nsites: []\nnodes: []\nlinks: [{id: l1, from: a}]\ncutoverUnits: []\nflows: []\nparticipants: []\n")
    const r = twin("estate", "validate", file)
    expect(r.code).toBe(2)
    expect(r.stderr.trim().split("\n")).toEqual([
      `${file}:version: expected 1, got 2`,
      `${file}:links[0].to: expected a value, got nothing`,
      `${file}:links[0].generation: expected a value, got nothing`,
      `${file}:links[0].capacityMbps: expected a value, got nothing`,
      `${file}:links[0].latencyUs: expected a value, got nothing`,
      `${file}:links[0].mtu: expected a value, got nothing`
    ])
  })

  it("an unknown cutover unit in --moved: exit 2 naming it", () => {
    const r = twin("estate", "spof", "--moved", "access-dc1-a,no-such-unit")
    expect(r.code).toBe(2)
    expect(r.stderr.trim()).toBe(
      `--moved: expected a cutover unit of hkex-securities-backbone (access-dc1-a, access-dc1-b, access-dc2-a, access-dc2-b, … or all), got "no-such-unit"`
    )
  })

  it("an unknown flag: help and exit 2; --help: exit 0", () => {
    const bad = twin("estate", "show", "--bogus")
    expect(bad.code).toBe(2)
    expect(bad.stderr + bad.stdout).toContain("Unrecognized flag: --bogus")
    const help = twin("estate", "spof", "--help")
    expect(help.code).toBe(0)
    expect(help.stdout).toContain("--moved string")
  })
})

describe("twin simulate", () => {
  it("writes the trace and prints a summary of events and participants by health", () => {
    const dir = mkdtempSync(join(tmpdir(), "twin-sim-"))
    const out = join(dir, "trace.ndjson")
    const r = twin("simulate", "--from", "09:00", "--to", "09:02", "--seed", "3", "--out", out)
    expect(r.code).toBe(0)
    const lines = readFileSync(out, "utf8").trim().split("\n")
    expect(JSON.parse(lines[0]!)).toMatchObject({ t: 32_400_000_000, kind: "trace.start", data: { version: 1, seed: 3 } })
    expect(r.stdout).toContain(`${lines.length} trace lines`)
    expect(r.stdout).toContain("otp-c     served 396, served-without-redundancy 214, degraded 0, down 0")
    expect(r.stdout).toContain("in 2 parts (otp-c | otp-csc omd-c omd-cc ecp-sftp), 2 thread(s)")
    // Progress on stderr (a line a report when not a terminal), the last with both parts at the end.
    expect(r.stderr.trim().split("\n").at(-1)).toMatch(/^simulated otp-c to 09:02 \(\d+ events\) \| otp-csc… to 09:02 \(\d+ events\)$/)
    // One thread runs the same two parts one after the other: the same bytes.
    const one = join(dir, "one-thread.ndjson")
    expect(twin("simulate", "--from", "09:00", "--to", "09:02", "--seed", "3", "--workers", "1", "--out", one).code).toBe(0)
    expect(readFileSync(one, "utf8")).toBe(readFileSync(out, "utf8"))
  })

  it("bad flags: one line naming the flag, exit 2", () => {
    const bad = twin("simulate", "--from", "9h", "--out", join(tmpdir(), "never.ndjson"))
    expect(bad.code).toBe(2)
    expect(bad.stderr.trim()).toBe('--from: expected a time of day HH:MM or HH:MM:SS, got "9h"')
    const backwards = twin("simulate", "--from", "10:00", "--to", "09:00")
    expect(backwards.code).toBe(2)
    expect(backwards.stderr.trim()).toBe('--to: expected a time after --from 10:00, got "09:00"')
    const threads = twin("simulate", "--workers", "0", "--out", join(tmpdir(), "never.ndjson"))
    expect(threads.code).toBe(2)
    expect(threads.stderr.trim()).toBe("--workers: expected a number of threads, 1 or more, got 0")
  })

  it("an estate whose settings are bad: one line naming the estate file, exit 2, nothing runs", () => {
    const file = "test/scenarios/fixtures/settings/bad-estate-values.yaml"
    const r = twin("simulate", "--estate", file, "--out", join(tmpdir(), "never.ndjson"))
    expect([r.code, r.stderr.trim()]).toEqual([2, `${file}:settings.ocg.throttle: expected a whole number of messages per second from 1 to 1,000,000, got -1`])
  })
})
