/**
 * The estate's `roles` (topology/check-roles.ts): a role naming a node of the wrong kind, a DR pair inside
 * one site, line B missing, a role the participants need left out — each refused in one line
 * `FILE:PATH: expected …, got …` with exit 2 through the real `twin` entry point, never simulated as a
 * silent outage. Each estate is the tiny estate (fixtures/tiny-estate.yaml, whose roles are
 * `lookupService: [ls-dc1]` and `omdcPublishers: {A: omdc-pub-a, B: omdc-pub-b}`) with its roles changed.
 */
import { spawnSync } from "node:child_process"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { checkReferences } from "../../topology/check-references.ts"
import { formatIssue } from "../../topology/input-issue.ts"
import { parseEstate } from "../../topology/load.ts"
import type { Roles } from "../../topology/schema.ts"

const twin = (...args: ReadonlyArray<string>) => {
  const r = spawnSync(process.execPath, ["twin/bin/twin.ts", ...args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

const tinyText = readFileSync(new URL("./fixtures/tiny-estate.yaml", import.meta.url), "utf8")
const tinyRoles = "roles:\n  lookupService: [ls-dc1]\n  omdcPublishers: {A: omdc-pub-a, B: omdc-pub-b}\n"
const dir = mkdtempSync(join(tmpdir(), "twin-roles-"))

/** The tiny estate with `roles` (YAML lines under `roles:`) instead of its own, written to `name`. */
const withRoles = (name: string, roles: string): string => {
  expect(tinyText.endsWith(tinyRoles)).toBe(true)
  const file = join(dir, name)
  writeFileSync(file, `${tinyText.slice(0, -tinyRoles.length)}roles:\n${roles}`)
  return file
}

const simulate = (estate: string) => twin("simulate", "--estate", estate, "--from", "09:00", "--to", "09:01", "--out", join(dir, "t.ndjson"))

describe("roles the engine cannot run with: one line, exit 2", () => {
  it("a Lookup Service role naming a gateway (every command: a bad reference)", () => {
    const file = withRoles("wrong-kind.yaml", "  lookupService: [ocg-dc1]\n  omdcPublishers: {A: omdc-pub-a, B: omdc-pub-b}\n")
    // and the Lookup Service the role should have named is then a node the engine never runs
    const line = `${file}:roles.lookupService[0]: expected a lookup-service node, got ocg-dc1 (ocg-gateway)\n` +
      `${file}:nodes[9]: expected a lookup-service named by roles.lookupService (the engine runs no other), got ls-dc1, which no role names\n`
    expect(simulate(file)).toMatchObject({ code: 2, stdout: "", stderr: line })
    expect(twin("estate", "validate", file)).toMatchObject({ code: 2, stderr: line })
  })

  it("a DR pair inside the primary site", () => {
    const file = withRoles("same-site.yaml", `${tinyRoles.slice("roles:\n".length)}  drPairs:\n    - {primary: omdc-pub-a, backup: omdc-pub-b}\n`)
    expect(simulate(file)).toMatchObject({
      code: 2,
      stderr: `${file}:roles.drPairs[0].backup: expected a node of the secondary-dc site, got omdc-pub-b at dc1 (primary-dc)\n`
    })
  })

  it("line B's publisher missing", () => {
    const file = withRoles("no-line-b.yaml", "  lookupService: [ls-dc1]\n  omdcPublishers: {A: omdc-pub-a}\n")
    expect(simulate(file)).toMatchObject({ code: 2, stderr: `${file}:roles.omdcPublishers.B: expected a value, got nothing\n` })
  })

  it("no Lookup Service role for participants with OCG-C sessions: topology questions answered, simulate and run refused", () => {
    const file = withRoles("no-lookup.yaml", "  omdcPublishers: {A: omdc-pub-a, B: omdc-pub-b}\n")
    const line = `${file}:roles.lookupService: expected the Lookup Service endpoints in connection order (participants have OCG-C sessions), got nothing\n`
    expect(twin("estate", "validate", file).code).toBe(0)
    expect(simulate(file)).toMatchObject({ code: 2, stdout: "", stderr: line })
    const run = twin("run", "test/twin/serve/fixtures/tiny-drill.yaml", "--estate", file, "--out", join(dir, "run"))
    expect(run.code).toBe(2)
    expect(run.stderr.endsWith(line)).toBe(true)
  })

  it("no roles at all: one line per missing role", () => {
    const file = withRoles("no-roles.yaml", "  rts: []\n")
    expect(simulate(file)).toMatchObject({
      code: 2,
      stderr:
        `${file}:roles.lookupService: expected the Lookup Service endpoints in connection order (participants have OCG-C sessions), got nothing\n` +
        `${file}:roles.omdcPublishers: expected the OMD-C publisher of line A and of line B (participants take OMD-C), got nothing\n`
    })
  })
})

describe("a node of a kind a role owns that no role names: refused at validation (the engine never runs it)", () => {
  it("a second line-A refresh server, cabled, in line A's unit and the refresh flow's line A: every command refuses it", () => {
    // The audit's case: wire-omd.ts builds one refresh publisher per line, from roles.omdcRefresh, so
    // refresh-dc1-a2 never runs; health counted it as a working member of omdc-refresh's lineA, and a
    // fault on refresh-dc1-a then left 1 participant-service worse instead of 378.
    const text = readFileSync("topology/default-estate.yaml", "utf8")
    const edits: ReadonlyArray<readonly [string, string]> = [
      ["  - {id: refresh-dc1-a, kind: refresh-server, site: dc1, plane: A}\n", "  - {id: refresh-dc1-a2, kind: refresh-server, site: dc1, plane: A}\n"],
      [
        "  - {id: refresh-dc1-a--new-dist-dc1-a, from: refresh-dc1-a, to: new-dist-dc1-a, generation: new, capacityMbps: 100000, latencyUs: 5, mtu: 9216}\n",
        "  - {id: refresh-dc1-a2--old-dist-dc1-a, from: refresh-dc1-a2, to: old-dist-dc1-a, generation: old, capacityMbps: 40000, latencyUs: 5, mtu: 1500}\n" +
        "  - {id: refresh-dc1-a2--new-dist-dc1-a, from: refresh-dc1-a2, to: new-dist-dc1-a, generation: new, capacityMbps: 100000, latencyUs: 5, mtu: 9216}\n"
      ]
    ]
    let estate = text
    for (const [after, added] of edits) {
      expect(estate.split(after)).toHaveLength(2)
      estate = estate.replace(after, `${after}${added}`)
    }
    const unit = "old: [omdc-pub-dc1-a--old-dist-dc1-a, refresh-dc1-a--old-dist-dc1-a], new: [omdc-pub-dc1-a--new-dist-dc1-a, refresh-dc1-a--new-dist-dc1-a]}"
    const target = "- {name: lineA, plane: A, targets: [refresh-dc1-a, refresh-dc2-a]}"
    expect(estate.split(unit)).toHaveLength(2)
    expect(estate.split(target)).toHaveLength(2)
    estate = estate
      .replace(unit, "old: [omdc-pub-dc1-a--old-dist-dc1-a, refresh-dc1-a--old-dist-dc1-a, refresh-dc1-a2--old-dist-dc1-a], new: [omdc-pub-dc1-a--new-dist-dc1-a, refresh-dc1-a--new-dist-dc1-a, refresh-dc1-a2--new-dist-dc1-a]}")
      .replace(target, "- {name: lineA, plane: A, targets: [refresh-dc1-a, refresh-dc1-a2, refresh-dc2-a]}")
    const file = join(dir, "second-refresh.yaml")
    writeFileSync(file, estate)
    // nodes[41] is refresh-dc1-a; the second one follows it
    const line = `${file}:nodes[42]: expected a refresh-server named by roles.omdcRefresh (line A or B) or by roles.drPairs as the backup of one (the engine runs no other), got refresh-dc1-a2, which no role names`
    const validated = twin("estate", "validate", file)
    expect(validated.code).toBe(2)
    expect(validated.stderr.split("\n").filter((l) => !l.includes(": warning:"))).toEqual([line, ""])
  })
})

describe("role references (check-roles.ts) on the tiny estate", () => {
  const parsed = parseEstate("tiny", tinyText)
  if (Result.isFailure(parsed)) throw new Error("tiny estate does not parse")
  const lines = (roles: Roles) => checkReferences({ ...parsed.success, roles }).map((i) => formatIssue("tiny", i))

  it("accepts the tiny estate's own roles", () => {
    expect(lines(parsed.success.roles ?? {})).toEqual([])
  })

  it("refuses a publisher, Lookup Service or RTS server no role names", () => {
    const withExtra = {
      ...parsed.success,
      nodes: [
        ...parsed.success.nodes,
        { id: "omdc-pub-a2", kind: "omd-c-publisher" as const, site: "dc1", plane: "A" as const },
        { id: "ls-dc1-mirror", kind: "lookup-service" as const, site: "dc1" },
        { id: "rts-1", kind: "rts-server" as const, site: "dc1" },
        { id: "rts-2", kind: "rts-server" as const, site: "dc1" }
      ]
    }
    const n = parsed.success.nodes.length
    expect(checkReferences({ ...withExtra, roles: { ...parsed.success.roles, rts: ["rts-1"] } }).map((i) => formatIssue("tiny", i))).toEqual([
      `tiny:nodes[${n}]: expected an omd-c-publisher named by roles.omdcPublishers (line A or B) or by roles.drPairs as the backup of one (the engine runs no other), got omdc-pub-a2, which no role names`,
      `tiny:nodes[${n + 1}]: expected a lookup-service named by roles.lookupService (the engine runs no other), got ls-dc1-mirror, which no role names`,
      `tiny:nodes[${n + 3}]: expected an rts-server named by roles.rts (the engine runs no other), got rts-2, which no role names`
    ])
    // without an rts role the RTS servers are a part the estate leaves unwired (missingRoles' business), not a wrong role
    expect(checkReferences({ ...withExtra, roles: { lookupService: ["ls-dc1", "ls-dc1-mirror"], omdcPublishers: { A: "omdc-pub-a", B: "omdc-pub-b" }, drPairs: [{ primary: "omdc-pub-a", backup: "omdc-pub-a2" }] } })
      .map((i) => formatIssue("tiny", i))).toEqual([
        `tiny:roles.drPairs[0].backup: expected a node of the secondary-dc site, got omdc-pub-a2 at dc1 (primary-dc)`
      ])
  })

  it("lets an OTP-C hot standby (in a gateway's dependsOn group with the trading host) be, but not be a flow target", () => {
    const nodes = [
      ...parsed.success.nodes.map((n) => (n.id === "ocg-dc1" ? { ...n, dependsOn: [["otp-1", "otp-2"]] } : n)),
      { id: "otp-1", kind: "otp-c-host" as const, site: "dc1" },
      { id: "otp-2", kind: "otp-c-host" as const, site: "dc1" },
      { id: "otp-3", kind: "otp-c-host" as const, site: "dc1" }
    ]
    const flows = parsed.success.flows.map((f) => (f.id === "ocg-lookup" ? { ...f, members: [{ name: "ls-dc1", targets: ["ls-dc1"] }, { name: "host", targets: ["otp-2"] }] } : f))
    const n = parsed.success.nodes.length
    const lookup = parsed.success.flows.findIndex((f) => f.id === "ocg-lookup")
    expect(checkReferences({ ...parsed.success, nodes, flows, roles: { ...parsed.success.roles, otpcHosts: ["otp-1"] } }).map((i) => formatIssue("tiny", i))).toEqual([
      // A trading host is no Lookup Service endpoint: health would count the OCG-C connect flow as served by it.
      `tiny:flows[${lookup}].members[1].targets[0]: expected a lookup-service or an ocg-gateway node (otp-c session flow), got otp-2 (otp-c-host)`,
      `tiny:nodes[${n + 2}]: expected an otp-c-host named by roles.otpcHosts or by roles.drPairs as the backup of one (the engine runs no other), got otp-3, which no role names`
    ])
  })

  it("refuses a node twice in a list, one node for both lines, an unknown id, a pair of two kinds, a node in two pairs", () => {
    expect(lines({
      lookupService: ["ls-dc1", "ls-dc1"],
      omdcPublishers: { A: "omdc-pub-a", B: "omdc-pub-a" },
      rts: ["rts-9"],
      drPairs: [{ primary: "ocg-dc1", backup: "ocg-dc2" }, { primary: "omdc-pub-a", backup: "ocg-dc2" }]
    })).toEqual([
      "tiny:roles.lookupService[1]: expected each node once, got ls-dc1, already at [0]",
      "tiny:roles.omdcPublishers.B: expected a node other than line A's, got omdc-pub-a",
      'tiny:roles.rts[0]: expected an rts-server node id, got "rts-9"',
      "tiny:roles.drPairs[1].backup: expected a node in one DR pair only, got ocg-dc2, already in roles.drPairs[0]",
      "tiny:roles.drPairs[1].backup: expected an omd-c-publisher node like its primary, got ocg-dc2 (ocg-gateway)",
      // line B's publisher, named by no role once omdc-pub-a plays both lines
      "tiny:nodes[11]: expected an omd-c-publisher named by roles.omdcPublishers (line A or B) or by roles.drPairs as the backup of one (the engine runs no other), got omdc-pub-b, which no role names"
    ])
  })
})
