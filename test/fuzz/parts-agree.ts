/**
 * `npm run fuzz:parts [-- --cases N --seed S]`: scenarios run in parts must say what one world says. Each
 * case takes a scenario of the shipped library (its window, phases, checks) and adds one to three faults
 * drawn at random over the whole default estate — any kind of the catalogue, any element (a link as often
 * a participant's circuit as a backbone link), any time in the window — then runs it with `--threads 1` (one world) and by default (two parts on two threads), and
 * compares (parts-agree-compare.ts): the lines at every instant, the report, the two exports; and holds the
 * one-world run to one health status per participant-service and instant (health-instants.ts). A scenario the
 * loader refuses is drawn again. Prints a row per case and every finding; exits 1 if there is one.
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Effect } from "effect"
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { parseArgs } from "node:util"
import { parse, stringify } from "yaml"
import { catalogues } from "../../scenarios/catalogues.ts"
import { runScenarioFiles } from "../../scenarios/execute.ts"
import { loadScenario } from "../../scenarios/load.ts"
import type { Scenario } from "../../scenarios/scenario.ts"
import { defaultEstatePath, parseEstate } from "../../topology/load.ts"
import { statusesLastingNoTime } from "./health-instants.ts"
import { compareRuns } from "./parts-agree-compare.ts"
import { Random } from "./random.ts"

const { values } = parseArgs({ options: { cases: { type: "string", default: "12" }, seed: { type: "string", default: "22" } } })
const cases = Number(values.cases)
const random = new Random(Number(values.seed))

const root = join(import.meta.dirname, "../..")
const library = join(root, "scenarios/library")
// Windows of at most 90 minutes (the rehearsals' cost minutes a case, and their phases and checks are timed
// across the whole morning): the post-release test, the seven cutover phases, the drills.
const libraryFiles = [
  join(library, "post-release-test.yaml"),
  ...readdirSync(join(library, "cutover")).map((f) => join(library, "cutover", f)),
  ...readdirSync(join(library, "drills")).map((f) => join(library, "drills", f))
]

const estate = (() => {
  const parsed = parseEstate("default", readFileSync(defaultEstatePath, "utf8"))
  if (!("success" in parsed)) throw new Error("the default estate does not parse")
  return parsed.success
})()
// The backbone's links and the participants' circuits (both parts' traffic crosses a circuit: where parts meet).
const links = estate.links.map((l) => l.id)
const circuits = estate.participants.flatMap((p) => p.circuits.map((c) => c.id))
const nodes = estate.nodes.map((n) => n.id)
const sites = estate.sites.map((s) => s.id)
const units = estate.cutoverUnits.map((u) => u.id)
const compIds = estate.participants.flatMap((p) => p.ocgSessions.map((s) => s.compId))
const participants = estate.participants.map((p) => p.id)
const ports = ["ocg", "lookup", "rts", "sftp", "omd", "cccg"]

const clock = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

/** A fault of a random kind on random elements: its kind and parameters (no id, no times). */
const drawFault = (): Record<string, unknown> => {
  const link = random.pick(random.int(2) === 0 ? links : circuits)
  switch (random.int(15)) {
    case 0: return { kind: "link-down", link }
    case 1: return { kind: "link-flap", link, period: `${10 + random.int(110)}s`, duty: Number((0.1 + 0.8 * random.next()).toFixed(2)) }
    case 2: return { kind: "link-loss", link, percent: 1 + random.int(30) }
    case 3: return { kind: "link-latency", link, added: `${1 + random.int(40)}ms`, ...(random.int(2) === 0 ? { jitter: `${1 + random.int(5)}ms` } : {}) }
    case 4: return { kind: "link-blackhole", link, direction: random.pick(["forward", "reverse"]) }
    case 5: return { kind: "mtu-cut", link, mtu: 576 + random.int(900) }
    case 6: return { kind: "bandwidth-cap", link, mbps: random.pick([0.5, 1, 2, 10, 100]) }
    case 7: return random.int(2) === 0 ? { kind: "multicast-not-forwarded", link } : { kind: "multicast-not-forwarded", node: random.pick(nodes) }
    case 8: return { kind: "node-crash", node: random.pick(nodes) }
    case 9: return { kind: "site-loss", site: random.pick(sites), ...(random.int(2) === 0 ? { dr: random.int(2) === 0, drAfter: `${1 + random.int(5)}m` } : {}) }
    case 10: {
      const some = random.int(2) === 0
      return { kind: "carrier-circuit-loss", carrier: random.pick(sites), ...(some ? { participants: [random.pick(participants), random.pick(participants)] } : {}) }
    }
    case 11: return random.int(2) === 0 ? { kind: "firewall-port-blocked", node: random.pick(nodes), port: random.pick(ports) } : { kind: "firewall-port-blocked", link, port: random.pick(ports) }
    case 12: return { kind: "wrong-route", unit: random.pick(units) }
    case 13: return { kind: "publisher-clock-skew", node: random.pick(nodes), skew: `${1 + random.int(900)}ms`, direction: random.pick(["ahead", "behind"]) }
    default: return { kind: "duplicate-logon", compId: random.pick(compIds) }
  }
}

/** `base` with one to three random faults in its window, as scenario text. */
const drawScenario = (base: Record<string, unknown>, n: number): string => {
  const calendar = base.calendar as { from: string; to: string }
  const from = minutesOf(calendar.from)
  const to = minutesOf(calendar.to)
  const faults = Array.from({ length: 1 + random.int(3) }, (_, i) => {
    const at = from + random.int(Math.max(1, to - from - 1))
    const lasting = 1 + random.int(Math.max(1, to - at))
    return { id: `drawn-${i + 1}`, ...drawFault(), at: clock(at), for: `${lasting}m` }
  })
  const kept = ((base.faults as Array<unknown> | undefined) ?? []).slice(0, random.int(2))
  return stringify({ ...base, name: `parts-agree ${n}`, seed: 1 + random.int(1_000_000), faults: [...kept, ...faults] })
}

const dir = mkdtempSync(join(tmpdir(), "parts-agree-"))
const load = (file: string): Effect.Effect<Scenario | undefined> =>
  loadScenario(file, { catalogues }).pipe(Effect.map((s): Scenario | undefined => s), Effect.catch(() => Effect.succeed(undefined)), Effect.provide(NodeServices.layer))

const program = Effect.gen(function*() {
  const findings: Array<string> = []
  const rows: Array<string> = []
  let refused = 0
  for (let n = 1; n <= cases; n++) {
    const baseFile = random.pick(libraryFiles)
    const base = parse(readFileSync(baseFile, "utf8")) as Record<string, unknown>
    let scenario: Scenario | undefined
    let file = ""
    for (let tries = 0; scenario === undefined; tries++) {
      if (tries === 50) throw new Error(`case ${n}: 50 drawn scenarios on ${baseFile} refused`)
      file = join(dir, `case-${n}.yaml`)
      writeFileSync(file, drawScenario(base, n))
      scenario = yield* load(file)
      if (scenario === undefined) refused++
    }
    const out = (threads: number) => join(dir, `case-${n}-${threads}`)
    const began = performance.now()
    const one = yield* runScenarioFiles(scenario, out(1), { threads: 1 })
    const mid = performance.now()
    const parts = yield* runScenarioFiles(scenario, out(2), { threads: 2 })
    const end = performance.now()
    const differences = [...compareRuns(out(1), out(2)), ...statusesLastingNoTime(out(1))]
    const how = "parts" in parts.ran ? "parts" : `one world: ${parts.ran.oneWorld}`
    const faults = scenario.faults.map((f) => f.kind.kind).join(", ")
    rows.push(`| ${n} | ${baseFile.slice(library.length + 1)} | ${faults} | ${one.report.verdict} | ${how} | ${((mid - began) / 1000).toFixed(1)} / ${((end - mid) / 1000).toFixed(1)} | ${differences.length === 0 ? "yes" : "NO"} |`)
    console.error(rows.at(-1))
    if (differences.length > 0) findings.push(`case ${n} (${file}):\n  ${differences.slice(0, 8).join("\n  ")}`)
    else {
      rmSync(out(1), { recursive: true })
      rmSync(out(2), { recursive: true })
    }
  }
  return { findings, rows, refused }
})

const { findings, rows, refused } = await Effect.runPromise(program.pipe(Effect.provide(NodeServices.layer)))
console.log(`| case | base | faults drawn (and kept) | verdict | as run by default | one world / default s | agree |`)
console.log(`|---:|---|---|---|---|---|---|`)
for (const row of rows) console.log(row)
console.log(`\n${cases} cases (${refused} drawn scenarios refused by the loader and drawn again), seed ${values.seed}: ${findings.length} disagreeing`)
for (const f of findings) console.log(f)
if (findings.length === 0) rmSync(dir, { recursive: true })
process.exit(findings.length === 0 ? 0 : 1)
