/**
 * Broken estates: each file in `broken/` is `fixtures/tiny-estate.yaml` with one deliberate defect (a comment
 * at its top says which), and each must be rejected with exactly these lines — the ones a user reads.
 * Parse errors come from `parseEstate`; a file that parses is then given to `validateEstate`.
 */
import { readdirSync, readFileSync } from "node:fs"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { formatWarning, renderInputInvalid } from "../../topology/input-issue.ts"
import { parseEstate } from "../../topology/load.ts"
import { validateEstate } from "../../topology/validate.ts"

const brokenDir = new URL("./broken/", import.meta.url)

/** Every error line for a file, named in messages as `name` (relative to the repository root). */
const errorLines = (name: string, url: URL): ReadonlyArray<string> => {
  const parsed = parseEstate(name, readFileSync(url, "utf8"))
  if (Result.isFailure(parsed)) return renderInputInvalid(parsed.failure)
  const valid = validateEstate(name, parsed.success)
  return Result.isFailure(valid) ? renderInputInvalid(valid.failure) : []
}

const broken: ReadonlyArray<readonly [file: string, lines: ReadonlyArray<string>]> = [
  ["unknown-link-endpoint.yaml", [
    'test/topology/broken/unknown-link-endpoint.yaml:links[5].to: expected a node id, got "new-core-dc1"'
  ]],
  ["duplicate-node-id.yaml", [
    'test/topology/broken/duplicate-node-id.yaml:nodes[9].id: expected a unique node id, got "ocg-dc1", already used at nodes[7].id'
  ]],
  ["flow-without-path.yaml", [
    "test/topology/broken/flow-without-path.yaml:flows[2]: expected a path from the participant to ls-dc1 with nothing moved, got none for 2 participant(s): P1, P2",
    "test/topology/broken/flow-without-path.yaml:flows[2]: expected a path from the participant to ls-dc1 with every unit moved, got none for 2 participant(s): P1, P2"
  ]],
  ["line-a-and-b-share-a-router.yaml", [
    "test/topology/broken/line-a-and-b-share-a-router.yaml:flows[0]: expected lineA and lineB to share no element inside the data centres with nothing moved, got both through ar-dc1-a for 2 participant(s): P1, P2",
    "test/topology/broken/line-a-and-b-share-a-router.yaml:flows[0]: expected lineA and lineB to share no element inside the data centres with every unit moved, got both through ar-dc1-a for 2 participant(s): P1, P2"
  ]],
  ["dual-circuits-on-one-pop.yaml", [
    "test/topology/broken/dual-circuits-on-one-pop.yaml:participants[0].circuits[1].pop: expected a PoP other than circuits[0]'s for a second circuit (dual circuits on one PoP share its failure), got ca-pop"
  ]],
  // js-yaml notices the unclosed '{' of line 20 only at the next entry, line 22.
  ["malformed-yaml.yaml", [
    "test/topology/broken/malformed-yaml.yaml:22:3: expected valid YAML, got deficient indentation"
  ]],
  ["wrong-type.yaml", [
    'test/topology/broken/wrong-type.yaml:links[0].capacityMbps: expected number, got "10 Gbps"'
  ]],
  ["missing-field.yaml", [
    "test/topology/broken/missing-field.yaml:nodes[6].site: expected a value, got nothing"
  ]],
  ["unknown-field.yaml", [
    'test/topology/broken/unknown-field.yaml:nodes[4].palne: expected no such field, got "A"'
  ]],
  // an unknown field no longer hides the references the rest gets wrong (it stopped the check)
  ["unknown-field-and-reference.yaml", [
    'test/topology/broken/unknown-field-and-reference.yaml:nodes[4].palne: expected no such field, got "A"',
    'test/topology/broken/unknown-field-and-reference.yaml:links[5].to: expected a node id, got "new-core-dc1"'
  ]],
  ["unit-switches-wrong-generation.yaml", [
    "test/topology/broken/unit-switches-wrong-generation.yaml:cutoverUnits[0].old[0]: expected a link of generation old, got ar-dc1-a--new-core-dc1-a (new)",
    "test/topology/broken/unit-switches-wrong-generation.yaml:cutoverUnits[0].new[0]: expected a link of generation new, got ar-dc1-a--old-core-dc1-a (old)"
  ]],
  ["link-in-two-units.yaml", [
    "test/topology/broken/link-in-two-units.yaml:cutoverUnits[1].old[1]: expected a link switched by one unit only, got ar-dc1-a--old-core-dc1-a, also in access-dc1-a"
  ]],
  ["session-gateway-wrong-kind.yaml", [
    "test/topology/broken/session-gateway-wrong-kind.yaml:participants[0].ocgSessions[0].secondary: expected an ocg-gateway node, got ls-dc1 (lookup-service)"
  ]],
  ["primary-equals-secondary.yaml", [
    "test/topology/broken/primary-equals-secondary.yaml:participants[0].ocgSessions[0].secondary: expected a gateway other than the primary, got ocg-dc1"
  ]],
  ["circuit-carrier-mismatch.yaml", [
    'test/topology/broken/circuit-carrier-mismatch.yaml:participants[0].circuits[1].carrier: expected carrier-b (the carrier of cb-pop), got "carrier-a"'
  ]],
  ["mtu-out-of-range.yaml", [
    "test/topology/broken/mtu-out-of-range.yaml:links[18].mtu: expected an MTU between 576 and 9216 bytes, got 92160"
  ]],
  ["duplicate-yaml-key.yaml", [
    "test/topology/broken/duplicate-yaml-key.yaml:102:5: expected valid YAML, got duplicated mapping key"
  ]],
  ["unknown-site.yaml", [
    'test/topology/broken/unknown-site.yaml:nodes[6].site: expected a site listed under sites, got "dc3"'
  ]],
  ["missing-secondary-dc.yaml", [
    "test/topology/broken/missing-secondary-dc.yaml:sites: expected exactly one site of kind secondary-dc, got 0",
    'test/topology/broken/missing-secondary-dc.yaml:nodes[6].site: expected a site listed under sites, got "dc2"',
    'test/topology/broken/missing-secondary-dc.yaml:nodes[8].site: expected a site listed under sites, got "dc2"'
  ]],
  // V8 gives no position for an unexpected token; the loader finds the quoted context in the text.
  ["malformed-json.json", [
    "test/topology/broken/malformed-json.json:11:3: expected valid JSON, got Unexpected token ']'"
  ]],
  // Every other rule of the validator, one file each.
  ["channel-group-twice.yaml", [
    'test/topology/broken/channel-group-twice.yaml:participants[1].omdC: expected each channel group once, got ["SS","SS"]'
  ]],
  ["circuit-pop-not-a-pop.yaml", [
    "test/topology/broken/circuit-pop-not-a-pop.yaml:participants[1].circuits[0].pop: expected a carrier-pop node, got ar-dc1-b (access-router)"
  ]],
  ["circuit-unknown-pop.yaml", [
    'test/topology/broken/circuit-unknown-pop.yaml:participants[1].circuits[0].pop: expected a carrier-pop node id, got "cc-pop"'
  ]],
  ["duplicate-circuit-id.yaml", [
    'test/topology/broken/duplicate-circuit-id.yaml:participants[1].circuits[0].id: expected a unique circuit id, got "P1-c1", already used at participants[0].circuits[0].id'
  ]],
  ["duplicate-flow-id.yaml", [
    'test/topology/broken/duplicate-flow-id.yaml:flows[2].id: expected a unique flow id, got "ocg-trading" again'
  ]],
  ["duplicate-link-id.yaml", [
    'test/topology/broken/duplicate-link-id.yaml:links[1].id: expected a unique link id, got "ca-pop--ar-dc1-a", already used at links[0].id'
  ]],
  ["duplicate-participant-id.yaml", [
    'test/topology/broken/duplicate-participant-id.yaml:participants[1].id: expected a unique participant id, got "P1" again'
  ]],
  ["duplicate-session-id.yaml", [
    'test/topology/broken/duplicate-session-id.yaml:participants[1].ocgSessions[0].compId: expected a unique session id, got "P1T01", already used at participants[0].ocgSessions[0].compId'
  ]],
  ["duplicate-site-id.yaml", [
    'test/topology/broken/duplicate-site-id.yaml:sites[4].id: expected a unique site id, got "carrier-a" again'
  ]],
  ["duplicate-unit-id.yaml", [
    'test/topology/broken/duplicate-unit-id.yaml:cutoverUnits[1].id: expected a unique cutover unit id, got "access-dc1-a" again'
  ]],
  ["empty-unit.yaml", [
    "test/topology/broken/empty-unit.yaml:cutoverUnits[2]: expected at least one old or new link, got none"
  ]],
  ["flow-target-closed.yaml", [
    "test/topology/broken/flow-target-closed.yaml:flows[2]: expected a path from the participant to ls-dc1 with nothing moved, got none for 2 participant(s): P1, P2 (ls-dc1 is closed until failover)",
    "test/topology/broken/flow-target-closed.yaml:flows[2]: expected a path from the participant to ls-dc1 with every unit moved, got none for 2 participant(s): P1, P2 (ls-dc1 is closed until failover)"
  ]],
  ["flow-without-members.yaml", [
    "test/topology/broken/flow-without-members.yaml:flows[2].members: expected at least one member, got none"
  ]],
  ["flow-target-of-another-kind.yaml", [
    "test/topology/broken/flow-target-of-another-kind.yaml:flows[0].members[1].targets[0]: expected an omd-c-publisher node (omd-c multicast flow), got ls-dc1 (lookup-service)"
  ]],
  ["invalid-id.yaml", [
    "test/topology/broken/invalid-id.yaml:nodes[4].id: expected an id of letters, digits, '.', '_' or '-', got \"ar dc1 a\""
  ]],
  ["link-to-itself.yaml", [
    'test/topology/broken/link-to-itself.yaml:links[8].to: expected a node other than its from end, got "old-core-dc1-a"'
  ]],
  ["link-twice-in-one-unit.yaml", [
    "test/topology/broken/link-twice-in-one-unit.yaml:cutoverUnits[0].old[1]: expected a link listed once in its unit, got ar-dc1-a--old-core-dc1-a, already at cutoverUnits[0].old[0]"
  ]],
  ["member-without-targets.yaml", [
    "test/topology/broken/member-without-targets.yaml:flows[0].members[0].targets: expected at least one target node, got none"
  ]],
  ["multicast-not-on-omd.yaml", [
    "test/topology/broken/multicast-not-on-omd.yaml:flows[0].subscribedBy: expected an OMD subscription for a multicast flow, got ocgSessions"
  ]],
  ["node-at-carrier-site.yaml", [
    "test/topology/broken/node-at-carrier-site.yaml:nodes[9].site: expected a data-centre site for a lookup-service, got carrier-a (carrier)"
  ]],
  ["per-session-flow-not-on-sessions.yaml", [
    "test/topology/broken/per-session-flow-not-on-sessions.yaml:flows[1].subscribedBy: expected a session list for a per-session flow, got omdC"
  ]],
  ["per-session-flow-with-members.yaml", [
    "test/topology/broken/per-session-flow-with-members.yaml:flows[1].members: expected no members (they come from each session), got a list"
  ]],
  ["pop-at-data-centre.yaml", [
    "test/topology/broken/pop-at-data-centre.yaml:nodes[12].site: expected a site of kind carrier for a carrier-pop, got dc1 (primary-dc)"
  ]],
  ["router-without-generation.yaml", [
    "test/topology/broken/router-without-generation.yaml:nodes[6].generation: expected old or new for a core-router, got nothing"
  ]],
  ["session-unknown-gateway.yaml", [
    'test/topology/broken/session-unknown-gateway.yaml:participants[1].ocgSessions[0].primary: expected an ocg-gateway node id, got "ocg-dc3"'
  ]],
  ["unit-unknown-link.yaml", [
    'test/topology/broken/unit-unknown-link.yaml:cutoverUnits[0].new[0]: expected a link id, got "ar-dc1-a--new-core-dc1"'
  ]],
  ["self-dependency.yaml", [
    'test/topology/broken/self-dependency.yaml:nodes[7].dependsOn[0][0]: expected a node other than itself, got "ocg-dc1"'
  ]],
  ["unknown-dependency.yaml", [
    'test/topology/broken/unknown-dependency.yaml:nodes[7].dependsOn[0][0]: expected a node id, got "otp-c-dc1"'
  ]],
  ["unknown-flow-target.yaml", [
    'test/topology/broken/unknown-flow-target.yaml:flows[0].members[1].targets[0]: expected a node id, got "omdc-pub-c"'
  ]],
  ["unknown-node-kind.yaml", [
    'test/topology/broken/unknown-node-kind.yaml:nodes[4].kind: expected "core-router" | "distribution-router" | "access-router" | "firewall" | "ocg-gateway" | "lookup-service" | "otp-c-host" | "cccg-gateway" | "mainland-link" | "omd-c-publisher" | "omd-cc-publisher" | "rts-server" | "refresh-server" | "ecp-sftp-server" | "carrier-pop", got "router"'
  ]]
]

describe("the tiny estate", () => {
  const name = "test/topology/fixtures/tiny-estate.yaml"
  const parsed = parseEstate(name, readFileSync(new URL("./fixtures/tiny-estate.yaml", import.meta.url), "utf8"))

  it("validates, warning only about P2's single circuit and its PoP", () => {
    // The single Lookup Service ls-dc1 is no single point of failure of otp-c: it is needed only to
    // (re)connect, so losing it leaves P1 and P2 trading without redundancy (issue 13, defect 3; before,
    // "ls-dc1 alone cuts off 2 participant(s): P1, P2").
    if (Result.isFailure(parsed)) throw new Error(renderInputInvalid(parsed.failure).join("\n"))
    const valid = validateEstate(name, parsed.success)
    if (Result.isFailure(valid)) throw new Error(renderInputInvalid(valid.failure).join("\n"))
    expect(valid.success.warnings.map((w) => formatWarning(name, w))).toEqual([
      "test/topology/fixtures/tiny-estate.yaml:nodes[13]: warning: expected no single point of failure for omd-c, got cb-pop alone cuts off 1 participant(s): P2",
      "test/topology/fixtures/tiny-estate.yaml:nodes[13]: warning: expected no single point of failure for otp-c, got cb-pop alone cuts off 1 participant(s): P2",
      "test/topology/fixtures/tiny-estate.yaml:participants: warning: expected two circuits per participant (a single circuit is a single point of failure), got 1 participant(s) with one: P2"
    ])
  })
})

describe("broken estates", () => {
  it.each(broken)("%s is rejected with exactly its lines", (file, lines) => {
    expect(errorLines(`test/topology/broken/${file}`, new URL(file, brokenDir))).toEqual(lines)
  })

  it("covers every file in test/topology/broken, once", () => {
    const listed = broken.map(([file]) => file)
    expect(new Set(listed).size).toBe(listed.length)
    expect([...listed].sort()).toEqual(readdirSync(brokenDir).sort())
  })

  // Keeps each YAML file "the tiny estate plus one defect": at most two lines added, removed or changed.
  const body = (text: string) => {
    const lines = text.split("\n")
    return lines.slice(lines.findIndex((l) => !l.startsWith("#")))
  }
  const tiny = body(readFileSync(new URL("./fixtures/tiny-estate.yaml", import.meta.url), "utf8"))
  it.each(broken.filter(([file]) => file.endsWith(".yaml")))("%s differs from the tiny estate by its defect only", (file) => {
    const lines = body(readFileSync(new URL(file, brokenDir), "utf8"))
    const missing = [...tiny]
    const added = lines.filter((line) => {
      const i = missing.indexOf(line)
      if (i < 0) return true
      missing.splice(i, 1)
      return false
    })
    expect(Math.max(added.length, missing.length)).toBeLessThanOrEqual(2)
  })
})
