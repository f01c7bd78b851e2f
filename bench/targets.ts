/**
 * `npm run bench -- targets [--before DIR] [--rows day,mr2,live,6000,monte-carlo,60000] [--repeat N]`: issue
 * 22's figures, this tree and another checkout (DIR: the tree when the issue was filed) side by side in one
 * run, each through the `twin` command a user types, in a child process (cli-child.ts, serve-lag.ts), the
 * two trees alternating row by row so that both meet the same machine. One table: the item, the command,
 * the target, the figures, and whether this tree meets it — judged on the worst of the repeats.
 *
 * Rows (default all but 60000, which takes minutes on this tree and most of an hour on one without parts):
 * - `day`: `twin simulate --seed 1` (the whole default day, both cores); whether the two traces are the same
 *   bytes; and this tree's with `--trading-parts 12` (not one world), its trace against the one world's.
 * - `mr2`: `twin run scenarios/library/market-rehearsal.yaml` in one world (`--threads 1` on this tree, the
 *   earlier tree as it runs); the same traces? Then this tree as run by default (two parts), its trace against
 *   the one world's.
 * - `live`: `twin serve --speed 1000` from 06:00, one viewer on the live channel, `lagMs` p95 and the speed
 *   held over 09:30–11:30 — as served by default, and with `--threads 2 --trading-parts 4` (with the rig and
 *   without it: `--rig none`).
 * - `6000`: the whole day of a generated 6,000-participant estate: wall s and peak RSS (bounds the heap),
 *   one world and `--trading-parts 12`.
 * - `monte-carlo`: `twin sweep DRILL --engine message --faults random:4 --seeds 2` in this process's
 *   machine, and on three `twin runner` processes through a throwaway PostgreSQL (`--cluster`): the same
 *   sweep.json? A checkout without the command says why.
 * - `60000`: one trading hour of a generated 60,000-participant estate, `--trading-parts 64`.
 * CI time (item 6) is not a benchmark: the CI's own logs say it.
 */
import { spawnSync } from "node:child_process"
import { createHash } from "node:crypto"
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { startPostgres } from "../test/support/postgres.ts"
import { spawnTwinRunner, stopTwinRunner, type TwinRunner } from "../test/support/twin-runner.ts"
import { type CliRun, runTwin } from "./cli-child.ts"
import { serveLag } from "./serve-lag.ts"
import { quantile } from "./quantile.ts"
import { flag } from "./flag.ts"

const here = fileURLToPath(new URL("..", import.meta.url))
const ROWS = ["day", "mr2", "live", "6000", "monte-carlo", "60000"] as const
type RowName = (typeof ROWS)[number]
const DEFAULT_ROWS: ReadonlyArray<RowName> = ["day", "mr2", "live", "6000", "monte-carlo"]
const DRILL = "scenarios/library/drills/flapping-link.yaml"

interface Tree {
  readonly label: string
  readonly root: string
}

/** One line of the table: the figures of each tree (a tree without the command: why not). */
interface Line {
  readonly item: string
  readonly what: string
  readonly target: string
  readonly before: string
  readonly now: string
  readonly met: string
}

const describeTree = (root: string): string => {
  const sha = spawnSync("git", ["-C", root, "rev-parse", "--short", "HEAD"], { encoding: "utf8" }).stdout.trim()
  const dirty = spawnSync("git", ["-C", root, "status", "--porcelain", "--untracked-files=no"], { encoding: "utf8" }).stdout.trim() !== ""
  return `${sha || "?"}${dirty ? "+changes" : ""}`
}

const fmt = (n: number, digits = 1): string => n.toLocaleString("en", { minimumFractionDigits: digits, maximumFractionDigits: digits })
const firstLine = (text: string): string => text.trim().split("\n")[0]?.slice(0, 120) ?? ""
/** A failed run's exit code and what it said: the line after effect/cli's `ERROR`, else its first line. */
const failed = (r: CliRun): string => {
  const said = `${r.stderr}\n${r.stdout}`.split("\n").map((l) => l.trim())
  const at = said.findIndex((l) => l === "ERROR" || l === "ERRORS")
  return `exit ${r.code}: ${(at >= 0 ? said.slice(at + 1).find((l) => l !== "") : said.find((l) => l !== "")) ?? ""}`.slice(0, 140)
}

const sha256 = (path: string): Promise<string> =>
  new Promise((done, fail) => {
    const hash = createHash("sha256")
    createReadStream(path).on("data", (d) => hash.update(d)).once("end", () => done(hash.digest("hex"))).once("error", fail)
  })

/** The leaves of a JSON value by path (`data.events`), for saying where two trace lines differ. */
const leaves = (v: unknown, path = "", out = new Map<string, string>()): Map<string, string> => {
  if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) leaves(x, path === "" ? k : `${path}.${k}`, out)
  else out.set(path, JSON.stringify(v))
  return out
}

/** A trace's lines grouped by their instant (`{"t":…`), in order. */
const byInstant = (lines: ReadonlyArray<string>): Map<string, Array<string>> => {
  const out = new Map<string, Array<string>>()
  for (const l of lines) {
    if (l === "") continue
    const t = /^\{"t":(-?\d+)/.exec(l)?.[1] ?? "?"
    const group = out.get(t)
    if (group === undefined) out.set(t, [l])
    else group.push(l)
  }
  return out
}

/** What `a` holds more of than `b`, in `a`'s order (multiset difference). */
const surplus = (a: ReadonlyArray<string>, b: ReadonlyArray<string>): Array<string> => {
  const left = new Map<string, number>()
  for (const l of b) left.set(l, (left.get(l) ?? 0) + 1)
  return a.filter((l) => {
    const n = left.get(l) ?? 0
    if (n > 0) left.set(l, n - 1)
    return n === 0
  })
}

/**
 * Whether two traces hold the same bytes; if not, what a difference must be explained by: the lines at the
 * same instant in another order, and the lines only one trace has — paired in order by kind and subject,
 * the fields (`kind:path`) in which they differ, most frequent first (`t`: a line moved in time).
 */
const compareTraces = async (a: string, b: string): Promise<string> => {
  if (!existsSync(a) || !existsSync(b)) return "no trace"
  if ((await sha256(a)) === (await sha256(b))) return "same bytes"
  const [ga, gb] = [a, b].map((f) => byInstant(readFileSync(f, "utf8").split("\n")))
  let reordered = 0
  const onlyA: Array<string> = []
  const onlyB: Array<string> = []
  for (const t of new Set([...ga!.keys(), ...gb!.keys()])) {
    const [x, y] = [ga!.get(t) ?? [], gb!.get(t) ?? []]
    const [sx, sy] = [surplus(x, y), surplus(y, x)]
    onlyA.push(...sx)
    onlyB.push(...sy)
    if (sx.length === 0 && sy.length === 0) reordered += x.filter((l, i) => l !== y[i]).length
  }
  const fields = new Map<string, number>()
  const pending = new Map<string, Array<Record<string, unknown>>>()
  const keyOf = (e: Record<string, unknown>) => `${String(e["kind"])}|${String(e["subject"])}`
  for (const l of onlyA) {
    const e = JSON.parse(l) as Record<string, unknown>
    pending.set(keyOf(e), [...(pending.get(keyOf(e)) ?? []), e])
  }
  for (const l of onlyB) {
    const e = JSON.parse(l) as Record<string, unknown>
    const x = pending.get(keyOf(e))?.shift() ?? {}
    const [fx, fy] = [leaves(x), leaves(e)]
    for (const k of new Set([...fx.keys(), ...fy.keys()])) if (fx.get(k) !== fy.get(k)) fields.set(`${String(e["kind"])}:${k}`, (fields.get(`${String(e["kind"])}:${k}`) ?? 0) + 1)
  }
  const total = [...gb!.values()].reduce((n, g) => n + g.length, 0)
  const top = [...fields].sort((p, q) => q[1] - p[1]).slice(0, 4).map(([f, n]) => `${f} ×${n.toLocaleString("en")}`)
  const only = onlyA.length + onlyB.length === 0 ? "none only in one" : `${onlyA.length.toLocaleString("en")} and ${onlyB.length.toLocaleString("en")} lines only in one, in ${top.join(", ")}${fields.size > 4 ? ", …" : ""}`
  return `${total.toLocaleString("en")} lines: ${only}; ${reordered.toLocaleString("en")} in another order at their instant`
}

/** Runs `measure` for each tree in turn, `repeat` times, the trees alternating. */
const sideBySide = async <A>(trees: ReadonlyArray<Tree>, repeat: number, measure: (tree: Tree, round: number) => Promise<A>): Promise<Map<Tree, Array<A>>> => {
  const out = new Map<Tree, Array<A>>(trees.map((t) => [t, []]))
  for (let round = 0; round < repeat; round++) for (const tree of trees) out.get(tree)!.push(await measure(tree, round))
  return out
}

/** Wall seconds of each repeat, "–" for a failed run. */
const walls = (runs: ReadonlyArray<CliRun> | undefined): string =>
  runs === undefined ? "—" : runs.map((r) => (r.code === 0 ? fmt(r.seconds) : failed(r))).join(", ")

const metBelow = (runs: ReadonlyArray<CliRun>, limit: number, value: (r: CliRun) => number = (r) => r.seconds): string =>
  runs.every((r) => r.code === 0) ? (Math.max(...runs.map(value)) < limit ? "yes" : "no") : "no (failed)"

const dayRows = async (trees: ReadonlyArray<Tree>, now: Tree, repeat: number, tmp: string): Promise<Array<Line>> => {
  const out = (t: Tree, round: number) => join(tmp, `day-${trees.indexOf(t)}-${round}.ndjson`)
  const runs = await sideBySide(trees, repeat, (t, round) => runTwin(t.root, ["simulate", "--seed", "1", "--out", out(t, round)]))
  const before = trees.find((t) => t !== now)
  return [
    {
      item: "1",
      what: "`twin simulate --seed 1`, whole default day, wall s",
      target: "< 20",
      before: walls(before === undefined ? undefined : runs.get(before)),
      now: walls(runs.get(now)),
      met: metBelow(runs.get(now)!, 20)
    },
    ...(before === undefined ? [] : [{ item: "1", what: "its trace against the earlier tree's", target: "same, or each difference explained", before: "", now: await compareTraces(out(before, 0), out(now, 0)), met: "—" }]),
    // The trading path in parts by participants: faster, not one world (docs/scaling.md).
    ...(await partedDay(now, repeat, tmp, out(now, 0)))
  ]
}

const DAY_PARTS = 12

const partedDay = async (now: Tree, repeat: number, tmp: string, oneWorld: string): Promise<Array<Line>> => {
  const out = join(tmp, "day-parts.ndjson")
  const runs = (await sideBySide([now], repeat, () => runTwin(now.root, ["simulate", "--seed", "1", "--trading-parts", String(DAY_PARTS), "--out", out]))).get(now)!
  return [
    { item: "1", what: `the same with \`--trading-parts ${DAY_PARTS}\` (not one world), wall s`, target: "< 20", before: "—", now: walls(runs), met: metBelow(runs, 20) },
    { item: "1", what: "its trace against this tree's one world", target: "each difference explained", before: "", now: await compareTraces(oneWorld, out), met: "—" }
  ]
}

const MR2 = "scenarios/library/market-rehearsal.yaml"

/** Whether checkout `root`'s `twin run` takes `--threads` (and so runs a scenario in parts unless told 1). */
const runHasThreads = (root: string): boolean =>
  spawnSync(process.execPath, [join(root, "twin/bin/twin.ts"), "run", "--help"], { cwd: root, encoding: "utf8" }).stdout.includes("--threads")

const mr2Rows = async (trees: ReadonlyArray<Tree>, now: Tree, repeat: number, tmp: string): Promise<Array<Line>> => {
  const out = (t: Tree, round: number, how: string) => join(tmp, `mr2-${trees.indexOf(t)}-${how}-${round}`)
  // Each tree in one world — `--threads 1` where `twin run` has the flag (since 2026-12-06 it runs in parts
  // by default; 26f56c3 runs one world, the only way it can) — then this tree as run by default
  // (`--threads 2`: MR2 has no phases, so in two parts).
  const oneWorldFlag = new Map(trees.map((t) => [t, runHasThreads(t.root) ? ["--threads", "1"] : []]))
  const oneWorld = await sideBySide(trees, repeat, (t, round) => runTwin(t.root, ["run", MR2, "--out", out(t, round, "one"), ...oneWorldFlag.get(t)!]))
  const parted = (await sideBySide([now], repeat, (t, round) => runTwin(t.root, ["run", MR2, "--out", out(t, round, "parts")]))).get(now)!
  const before = trees.find((t) => t !== now)
  // `twin run` exits 1 for a scenario that fails its checks: a finished run either way.
  const finished = (rs: ReadonlyArray<CliRun> | undefined) => rs?.map((r) => ({ ...r, code: r.code === 1 ? 0 : r.code }))
  const trace = (t: Tree, how: string) => join(out(t, 0, how), "trace.ndjson")
  return [
    {
      item: "1",
      what: `\`twin run ${MR2} --threads 1\` (MR2, one world in one thread), wall s`,
      target: "< 40",
      before: walls(finished(before === undefined ? undefined : oneWorld.get(before))),
      now: walls(finished(oneWorld.get(now))),
      met: metBelow(finished(oneWorld.get(now))!, 40)
    },
    ...(before === undefined ? [] : [{ item: "1", what: "its trace against the earlier tree's", target: "same, or each difference explained", before: "", now: await compareTraces(trace(before, "one"), trace(now, "one")), met: "—" }]),
    {
      item: "1",
      what: `\`twin run ${MR2}\` as run by default (\`--threads 2\`: in two parts, it has no phases), wall s`,
      target: "< 40",
      before: "—",
      now: walls(finished(parted)),
      met: metBelow(finished(parted)!, 40)
    },
    { item: "1", what: "its trace against this tree's one world", target: "each difference explained", before: "", now: await compareTraces(trace(now, "one"), trace(now, "parts")), met: "—" }
  ]
}

const LIVE_WINDOW = { from: "06:00", judgeFrom: "09:30", to: "11:30" } as const

const liveRows = async (trees: ReadonlyArray<Tree>, now: Tree, repeat: number): Promise<Array<Line>> => {
  const before = trees.find((t) => t !== now)
  const configs: ReadonlyArray<{ readonly name: string; readonly args: ReadonlyArray<string>; readonly both: boolean }> = [
    { name: "as served by default", args: [], both: true },
    { name: "`--threads 2 --trading-parts 4`", args: ["--threads", "2", "--trading-parts", "4"], both: false },
    { name: "`--threads 2 --trading-parts 4 --rig none`", args: ["--threads", "2", "--trading-parts", "4", "--rig", "none"], both: false }
  ]
  const lines: Array<Line> = []
  for (const c of configs) {
    const which = c.both ? trees : [now]
    const runs = await sideBySide(which, repeat, (t) => serveLag(t.root, LIVE_WINDOW, 1000, c.args).catch((e: Error) => e))
    const cell = (t: Tree | undefined): string => {
      const rs = t === undefined ? undefined : runs.get(t)
      if (rs === undefined) return "—"
      return rs.map((r) => (r instanceof Error ? firstLine(r.message) : `${fmt(quantile(r.lags, 0.95), 0)} (×${fmt(r.held ?? Number.NaN, 0)})`)).join(", ")
    }
    const mine = runs.get(now)!
    lines.push({
      item: "2",
      what: `\`twin serve --speed 1000\` ${c.name}: lagMs p95 over 09:30–11:30 (speed held)`,
      target: "< 200 ms",
      before: cell(before),
      now: cell(now),
      met: mine.every((r) => !(r instanceof Error) && quantile(r.lags, 0.95) < 200) ? "yes" : "no"
    })
  }
  return lines
}

/** A generated estate of `participants` (this tree's generator: both trees read it). */
const generated = (participants: number, tmp: string): string => {
  const path = join(tmp, `estate-${participants}.yaml`)
  const made = spawnSync(process.execPath, [join(here, "topology/generate/write-default-estate.ts"), String(participants), path], { encoding: "utf8" })
  if (made.status !== 0) throw new Error(`generating a ${participants}-participant estate: ${made.stderr}`)
  return path
}

const runsCell = (runs: ReadonlyArray<CliRun> | undefined): string =>
  runs === undefined ? "—" : runs.map((r) => (r.code === 0 ? `${fmt(r.seconds)} s, ${fmt(r.rssGb, 2)} GB` : failed(r))).join("; ")

const scaleRows = async (trees: ReadonlyArray<Tree>, now: Tree, repeat: number, tmp: string): Promise<Array<Line>> => {
  const estate = generated(6_000, tmp)
  const before = trees.find((t) => t !== now)
  const lines: Array<Line> = []
  for (const parts of [1, 12]) {
    const which = parts === 1 ? trees : [now]
    const args = ["simulate", "--estate", estate, "--seed", "1", ...(parts === 1 ? [] : ["--trading-parts", String(parts)])]
    const runs = await sideBySide(which, repeat, async (t) => {
      const out = join(tmp, "scale.ndjson")
      const r = await runTwin(t.root, [...args, "--out", out])
      rmSync(out, { force: true })
      return r
    })
    const mine = runs.get(now)!
    lines.push({
      item: "3",
      what: `6,000 participants, whole day, ${parts === 1 ? "one world" : `\`--trading-parts ${parts}\``}: wall s, peak RSS (bounds the heap)`,
      target: "< 180 s, < 8 GB",
      before: runsCell(before === undefined ? undefined : runs.get(before)),
      now: runsCell(mine),
      met: metBelow(mine, 180) === "yes" && metBelow(mine, 8, (r) => r.rssGb) === "yes" ? "yes" : "no"
    })
  }
  return lines
}

const hourRows = async (now: Tree, tmp: string): Promise<Array<Line>> => {
  const estate = generated(60_000, tmp)
  const out = join(tmp, "hour.ndjson")
  const r = await runTwin(now.root, ["simulate", "--estate", estate, "--from", "09:30", "--to", "10:30", "--trading-parts", "64", "--out", out], ["--max-old-space-size=16384"])
  rmSync(out, { force: true })
  return [{ item: "3", what: "60,000 participants, 09:30–10:30, `--trading-parts 64`: wall s, peak RSS", target: "measured", before: "not run (most of an hour)", now: runsCell([r]), met: r.code === 0 ? "yes" : "no" }]
}

const monteCarloRows = async (trees: ReadonlyArray<Tree>, now: Tree, repeat: number, tmp: string): Promise<Array<Line>> => {
  const args = (out: string) => ["sweep", DRILL, "--engine", "message", "--faults", "random:4", "--seeds", "2", "--out", out]
  const local = await sideBySide(trees, repeat, (t, round) => runTwin(t.root, args(join(tmp, `mc-${trees.indexOf(t)}-${round}`))))
  const before = trees.find((t) => t !== now)
  const pg = await startPostgres()
  const runners: Array<TwinRunner> = []
  const cluster: Array<CliRun> = []
  try {
    for (let i = 0; i < 3; i++) runners.push(await spawnTwinRunner(pg.url))
    await Promise.all(runners.map((r) => r.joined))
    for (let round = 0; round < repeat; round++) cluster.push(await runTwin(now.root, [...args(join(tmp, `mc-cluster-${round}`)), "--cluster", pg.url]))
  } finally {
    await Promise.all(runners.map((r) => stopTwinRunner(r)))
    await pg.stop()
  }
  const inProcess = join(tmp, `mc-${trees.indexOf(now)}-0`, "sweep.json")
  const cluster0 = join(tmp, "mc-cluster-0", "sweep.json")
  const same = existsSync(inProcess) && existsSync(cluster0) && (await sha256(inProcess)) === (await sha256(cluster0)) ? "same bytes" : "different"
  const mine = local.get(now)!
  return [
    { item: "4", what: `\`twin sweep ${DRILL} --engine message --faults random:4 --seeds 2\` (8 full runs), wall s`, target: "runs", before: walls(before === undefined ? undefined : local.get(before)), now: walls(mine), met: mine.every((r) => r.code === 0) ? "yes" : "no" },
    { item: "5", what: "the same on three `twin runner`s through PostgreSQL (`--cluster`), wall s; its sweep.json against the in-process one", target: "the same result", before: "—", now: `${walls(cluster)}; ${same}`, met: cluster.every((r) => r.code === 0) && same === "same bytes" ? "yes" : "no" }
  ]
}

export const renderTargetsBench = async (args: ReadonlyArray<string>): Promise<string> => {
  const value = (name: string): string | undefined => flag(args, name)
  const beforeDir = value("--before")
  const rows = (value("--rows") ?? DEFAULT_ROWS.join(",")).split(",")
  const unknown = rows.filter((r) => !(ROWS as ReadonlyArray<string>).includes(r))
  if (unknown.length > 0) return `targets: --rows: expected some of ${ROWS.join(", ")}, got ${unknown.join(", ")}`
  const repeat = Number(value("--repeat") ?? 1)
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > 10) return `targets: --repeat: expected 1 to 10, got ${value("--repeat")}`
  if (beforeDir !== undefined && !existsSync(join(beforeDir, "twin/bin/twin.ts"))) return `targets: --before: expected a checkout of this project (with twin/bin/twin.ts), got ${beforeDir}`
  const now: Tree = { label: `this tree (${describeTree(here)})`, root: here }
  const trees: ReadonlyArray<Tree> = beforeDir === undefined ? [now] : [{ label: `before (${describeTree(beforeDir)})`, root: resolve(beforeDir) }, now]
  const tmp = mkdtempSync(join(tmpdir(), "twin-targets-"))
  const lines: Array<Line> = []
  const t0 = performance.now()
  try {
    for (const row of rows as ReadonlyArray<RowName>) {
      process.stderr.write(`targets: ${row}…\n`)
      if (row === "day") lines.push(...(await dayRows(trees, now, repeat, tmp)))
      if (row === "mr2") lines.push(...(await mr2Rows(trees, now, repeat, tmp)))
      if (row === "live") lines.push(...(await liveRows(trees, now, repeat)))
      if (row === "6000") lines.push(...(await scaleRows(trees, now, repeat, tmp)))
      if (row === "monte-carlo") lines.push(...(await monteCarloRows(trees, now, repeat, tmp)))
      if (row === "60000") lines.push(...(await hourRows(now, tmp)))
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
  const before = trees.length > 1 ? trees[0]!.label : "before (none given: --before DIR)"
  return [
    `targets (issue 22): each through the twin command, in a child process, the trees alternating; ${repeat} run(s) each; ${fmt((performance.now() - t0) / 1000, 0)} s in all`,
    `| item | run | target | ${before} | ${now.label} | met |`,
    "|---|---|---|---|---|---|",
    ...lines.map((l) => `| ${l.item} | ${l.what} | ${l.target} | ${l.before} | ${l.now} | ${l.met} |`),
    "(live: lagMs p95 of the clock frames a viewer gets, ms, and the speed held over the window; 6000/60000: RSS read every 100 ms, all threads; item 6, CI time, is in the CI's logs)"
  ].join("\n")
}
