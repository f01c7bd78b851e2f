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
    const line = `${file}:roles.lookupService[0]: expected a lookup-service node, got ocg-dc1 (ocg-gateway)\n`
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

describe("role references (check-roles.ts) on the tiny estate", () => {
  const parsed = parseEstate("tiny", tinyText)
  if (Result.isFailure(parsed)) throw new Error("tiny estate does not parse")
  const lines = (roles: Roles) => checkReferences({ ...parsed.success, roles }).map((i) => formatIssue("tiny", i))

  it("accepts the tiny estate's own roles", () => {
    expect(lines(parsed.success.roles ?? {})).toEqual([])
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
      "tiny:roles.drPairs[1].backup: expected an omd-c-publisher node like its primary, got ocg-dc2 (ocg-gateway)"
    ])
  })
})
