/**
 * `npm run soak:rig [-- --minutes 20 --speed 30 --seed 7 --scenario FILE --fix 4 --sftp 3]`: the real
 * endpoints of a live drill (docs/rig.md) used for as long as a training session, the way support staff use
 * them, while an instructor cuts links — the reliability soak (soak.ts) for the rig's sockets.
 *
 * The real `twin serve SCENARIO --speed S` with its default rig; against it, on loopback:
 * - FIX brokers (rig-soak-fix.ts), one per Comp ID of the rig: Lookup, Logon, an order a second, heartbeats,
 *   then a Logout or a dropped connection, again and again, sequence numbers kept;
 * - ECP users (rig-soak-sftp.ts), one per participant: log in, list, fetch, upload, leave, again;
 * - the OMD-C feed handler support staff run, `twin omd listen --channel SS --for 30s`, again and again;
 * - an instructor injecting a fault for 2 simulated minutes every 40–90 s — a backbone link down, a server
 *   behind a rig socket crashed (gateway, Lookup, SFTP, RTS), or a soaked participant's circuits at one
 *   carrier lost — none in the last `QUIET_S` seconds, so that the end is judged on a healed world.
 * Every minute: the server's heap, RSS and open descriptors, the clock and lag, and what each client did.
 * At the end, faults healed: every FIX broker logs on once more (the gateway replays what it missed), each
 * ECP user lists `/download`, one more feed handler runs; then every client is gone.
 *
 * Exits 1 when the server stopped, an order went unanswered (not excused by a fault: rig-soak-fix.ts), a
 * number the gateway sent never arrived, an upload got no response, a fetched file was wrong, a feed handler
 * run failed, could not decode a packet or lost numbers (a gap or a refresh never taken) that neither a
 * fault in force nor the rig's own shedding (`rigShed`: it could not keep up) explains, the last round could not log on, or the server holds more
 * descriptors at the end than after a first visit of every client (the baseline).
 */
import { execFileSync, spawn } from "node:child_process"
import { createPublicKey } from "node:crypto"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { parseArgs } from "node:util"
import WebSocket from "ws"
import { TWIN_NODE_FLAGS } from "../../twin/parallel/heap-flags.ts"
import { Random } from "../fuzz/random.ts"
import { type Endpoint, newFixCounts, SoakFixBroker } from "./rig-soak-fix.ts"
import { newSftpCounts, SoakSftpUser } from "./rig-soak-sftp.ts"
import { startServed } from "./served.ts"

const { values } = parseArgs({
  options: {
    minutes: { type: "string", default: "20" },
    speed: { type: "string", default: "30" },
    scenario: { type: "string", default: "scenarios/library/market-rehearsal.yaml" },
    seed: { type: "string", default: "7" },
    fix: { type: "string", default: "4" },
    sftp: { type: "string", default: "3" }
  }
})
const MINUTES = Number(values.minutes)
const SPEED = Number(values.speed)
const QUIET_S = 60
/** A FIX engine gives a silent gateway 2.5 heartbeat intervals (50 virtual s; DOMAIN §1: 20 s heartbeats), at least 1.5 s of wall (the live world's lag). */
const SILENCE_MS = Math.max(1_500, 50_000 / SPEED)
const TOKEN = "soak-instructor-token-1"
const random = new Random(Number(values.seed))
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

const state = mkdtempSync(join(tmpdir(), "rig-soak-"))
const served = await startServed([values.scenario, "--port", "0", "--speed", values.speed, "--token", TOKEN, "--state", state])
const began = Date.now()
const quietFrom = began + MINUTES * 60_000 - QUIET_S * 1000
const busy = () => Date.now() < quietFrom

interface RigEndpoint {
  readonly service: string
  readonly role: string
  readonly participant?: string
  readonly element?: string
  readonly channel?: string
  readonly address: string
  readonly port: number
}
const rig = async (): Promise<ReadonlyArray<RigEndpoint>> => ((await (await fetch(`${served.origin}/rig`)).json()) as { endpoints: Array<RigEndpoint> }).endpoints

// ---- the instructor: faults, and the clock
const faults = { injected: 0, acked: 0, refused: 0 }
/** Wall-clock windows in which a fault is in force (from its sending to its end, plus 3 s of slack), and the fault. */
const windows: Array<{ from: number; to: number; fault: string }> = []
const faultNow = (): string | undefined => windows.find((w) => Date.now() >= w.from && Date.now() <= w.to)?.fault
const live = { clock: 0, lagMs: 0, worstLagMs: 0, ended: false }
/** What the instructor can hit, from the estate's layout (the trace's second event): no id is known here. */
const targets = { links: [] as Array<string>, servers: [] as Array<string>, circuits: new Map<string, Array<string>>() }
const instructor = new WebSocket(served.liveUrl)
await new Promise((resolve) => instructor.once("open", resolve))
interface Layout {
  readonly links?: ReadonlyArray<{ id: string; generation: string }>
  readonly nodes?: ReadonlyArray<{ id: string; kind: string }>
  readonly participants?: ReadonlyArray<{ id: string; circuits: ReadonlyArray<{ carrier: string }> }>
}
instructor.on("message", (data) => {
  const m = JSON.parse(data.toString()) as { type: string; events?: Array<{ kind: string; data: Layout }>; t?: number; lagMs?: number; ref?: number }
  if (m.type === "events") {
    for (const e of m.events!) {
      if (e.kind !== "estate.layout") continue
      targets.links = (e.data.links ?? []).filter((l) => l.generation === "old" || l.generation === "new").map((l) => l.id)
      // The machines the rig's sockets front: a crash of one is what a client of that socket feels.
      targets.servers = (e.data.nodes ?? []).filter((n) => SERVER_KINDS.has(n.kind)).map((n) => n.id)
      for (const p of e.data.participants ?? []) targets.circuits.set(p.id, [...new Set(p.circuits.map((c) => c.carrier))])
    }
  } else if (m.type === "clock") {
    live.clock = m.t!
    live.lagMs = m.lagMs!
    live.worstLagMs = Math.max(live.worstLagMs, m.lagMs!)
  } else if (m.type === "end") live.ended = true
  else if (m.type === "ack") faults.acked++
  else if (m.type === "error" && m.ref !== undefined) faults.refused++
})
instructor.send(JSON.stringify({ type: "hello", have: 0, token: TOKEN }))
const SERVER_KINDS = new Set(["ocg-gateway", "lookup-service", "ecp-sftp-server", "rts-server"])
/** A fault for 2 simulated minutes: a backbone link down, a server crashed, or a soaked participant's circuits at one carrier lost. */
const drawFault = (soaked: ReadonlyArray<string>): { kind: string; [k: string]: unknown } | undefined => {
  const which = random.int(3)
  if (which === 0 && targets.links.length > 0) return { kind: "link-down", link: random.pick(targets.links) }
  if (which === 1 && targets.servers.length > 0) return { kind: "node-crash", node: random.pick(targets.servers) }
  const p = random.pick(soaked)
  const carriers = targets.circuits.get(p) ?? []
  return carriers.length === 0 ? undefined : { kind: "carrier-circuit-loss", carrier: random.pick(carriers), participants: [p] }
}
const drawn = new Map<string, number>()
const inject = async (soaked: ReadonlyArray<string>) => {
  let ref = 0
  while (busy()) {
    await sleep(40_000 + random.int(50_000))
    const fault = busy() && !live.ended ? drawFault(soaked) : undefined
    if (fault === undefined) continue
    const said = Object.entries(fault).map(([k, v]) => (k === "kind" ? v : `${k} ${v}`)).join(" ")
    windows.push({ from: Date.now(), to: Date.now() + (120 / SPEED) * 1000 + 3_000, fault: `${said} at ${new Date(live.clock / 1000).toISOString().slice(11, 19)}` })
    faults.injected++
    drawn.set(fault.kind, (drawn.get(fault.kind) ?? 0) + 1)
    instructor.send(JSON.stringify({ type: "inject", fault, for: "2m", token: TOKEN, ref: ++ref }))
  }
}

await sleep(2_000)
const endpoints = await rig()

// ---- FIX brokers, one per Comp ID of the rig
const credentials = JSON.parse(readFileSync(join(state, "ocg-c", "credentials.json"), "utf8")) as Record<string, string>
const publicKey = createPublicKey(readFileSync(join(state, "ocg-c", "public.pem")))
const fixCounts = newFixCounts()
/** The watched participants' trading Comp IDs, as `twin participant P --json` lists them (drop copies take no orders). */
const watched = [...new Set(endpoints.flatMap((e) => (e.participant === undefined ? [] : [e.participant])))]
const participantOf = new Map<string, string>()
for (const p of watched) {
  const shown = JSON.parse(execFileSync(process.execPath, ["twin/bin/twin.ts", "participant", p, "--scenario", values.scenario, "--json"], { encoding: "utf8" })) as {
    participant: { ocgSessions: ReadonlyArray<{ compId: string; type: string }> }
  }
  for (const s of shown.participant.ocgSessions) if (s.type === "trading" && credentials[s.compId] !== undefined) participantOf.set(s.compId, p)
}
const tradingIds = [...participantOf.keys()].slice(0, Number(values.fix))
const brokers = tradingIds.map((id, i) => new SoakFixBroker(id, credentials[id]!, publicKey, fixCounts, random, 10_000_000 * (i + 1), faultNow, SILENCE_MS))
const lookups = async (): Promise<ReadonlyArray<Endpoint>> =>
  (await rig()).filter((e) => e.service === "ocg-c" && e.role === "fix-lookup").map((e) => ({ host: e.address, port: e.port }))
/** One Lookup and one session; false when either failed. */
const fixVisit = async (b: SoakFixBroker, holdMs: number, logout: boolean): Promise<boolean> => {
  const at = await lookups()
  if (at.length === 0) return false
  const gateways = await b.lookup(random.pick(at))
  return gateways !== undefined && (await b.session(gateways, holdMs, 1_000, logout))
}
const fixLoop = async (b: SoakFixBroker) => {
  while (busy()) {
    await fixVisit(b, 5_000 + random.int(40_000), random.int(2) === 0)
    await sleep(1_000 + random.int(4_000))
  }
}

// ---- ECP users, one per participant of the rig with ECP
const sftpCounts = newSftpCounts()
const sftpParticipants = [...new Set(endpoints.filter((e) => e.service === "ecp-sftp").map((e) => e.participant!))].slice(0, Number(values.sftp))
const users = sftpParticipants.map((p) =>
  new SoakSftpUser(p, endpoints.filter((e) => e.service === "ecp-sftp" && e.participant === p).map((e) => e.port), join(state, "ecp", "keys", p, "id_ed25519"), sftpCounts, random)
)
const sftpLoop = async (u: SoakSftpUser) => {
  while (busy()) {
    await u.visit()
    await sleep(2_000 + random.int(6_000))
  }
}

// ---- the feed handler, run after run
const omd = { runs: 0, failed: 0, processed: 0, gaps: 0, unrecovered: 0, decodeErrors: 0, lastError: "", unexplained: 0 }
/** Each run that met a gap: when (simulated), what the faults were, what it counted, and what it said of the gap. */
const omdGaps: Array<string> = []
const omdParticipant = endpoints.find((e) => e.service === "omd-c" && e.role === "line-A" && e.channel === "SS")?.participant ??
  endpoints.find((e) => e.service === "omd-c")?.participant
const listen = (forS: number): Promise<boolean> =>
  new Promise((resolve) => {
    if (omdParticipant === undefined) return resolve(true)
    const args = [...TWIN_NODE_FLAGS, "twin/bin/twin.ts", "omd", "listen", "--participant", omdParticipant, "--channel", "SS", "--for", `${forS}s`, "--json", "--rig-url", `${served.origin}/rig`]
    const startedAt = new Date(live.clock / 1000).toISOString().slice(11, 19)
    const faultsMet = new Set<string>()
    const watchFaults = setInterval(() => {
      const f = faultNow()
      if (f !== undefined) faultsMet.add(f)
    }, 250)
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] })
    let out = ""
    let err = ""
    child.stdout.on("data", (b: Buffer) => (out += b.toString()))
    child.stderr.on("data", (b: Buffer) => (err += b.toString()))
    child.on("exit", (code) => {
      clearInterval(watchFaults)
      omd.runs++
      try {
        const report = JSON.parse(out) as {
          channels: Array<{ channel: string; processed: number; gaps: number; gapMessages: number; recovered: number; unrecovered: number; refreshes: number }>
          decodeErrors: Array<string>
          rigShed: number | null
        }
        for (const c of report.channels) {
          omd.processed += c.processed
          omd.gaps += c.gaps
          omd.unrecovered += c.unrecovered
          // A late start's refresh that never completes loses numbers without a gap: said as a gap is.
          if (c.gaps === 0 && c.unrecovered === 0) continue
          const said = err.split("\n").filter((l) => /gap|refresh|RTS|reset|silent/i.test(l)).slice(0, 6).map((l) => `      ${l}`)
          // Kept after the run (the state directory is not) for whoever explains it.
          const kept = join(tmpdir(), `rig-soak-${process.pid}-omd-${omd.runs}.err`)
          writeFileSync(kept, err)
          // Explained: the rig said it shed packets (it cannot keep up at this speed: the wire lacks what the
          // trace has, docs/omd-wire.md "Pacing"), or a fault was in force; else a loss nothing accounts for.
          const why = (report.rigShed ?? 0) > 0 ? `the rig shed ${report.rigShed} packets` : faultsMet.size > 0 ? `faults in force: ${[...faultsMet].join("; ")}` : undefined
          if (why === undefined) omd.unexplained++
          omdGaps.push(
            `  from ${startedAt}, ${c.channel} (${why ?? "UNEXPLAINED"}): ${c.processed} processed, ${c.gaps} gaps (${c.gapMessages} messages), ${c.recovered} recovered, ${c.unrecovered} unrecovered, ` +
              `${c.refreshes} refreshes; the rig shed ${report.rigShed ?? "?"}; faults in force: ${[...faultsMet].join("; ") || "none"}; its stderr: ${kept}\n${said.join("\n")}`
          )
        }
        omd.decodeErrors += report.decodeErrors.length
        if (code !== 0 || report.decodeErrors.length > 0) {
          omd.failed++
          omd.lastError = `exit ${code}: ${report.decodeErrors[0] ?? err.trim().split("\n").pop()}`
        }
        resolve(code === 0 && report.decodeErrors.length === 0)
      } catch {
        omd.failed++
        omd.lastError = `exit ${code}: ${err.trim().split("\n").slice(-3).join(" / ")}`
        resolve(false)
      }
    })
  })
const omdLoop = async () => {
  while (busy()) {
    await listen(30)
    await sleep(10_000 + random.int(30_000))
  }
}

// ---- the baseline: what the server holds once each kind of client has come and gone — sockets it opens
// on first use and keeps (an OMD-C line's sender, made when someone first joins it) are not a leak; what
// grows with every client after that is
await Promise.all([...brokers.map((b) => fixVisit(b, 1_000, true)), ...users.map((u) => u.visit(undefined, false)), listen(5)])
await sleep(2_000)
const baseline = served.descriptors()
const baselineSockets = served.sockets()

// ---- every minute
const header =
  "| minute | simulated | lag ms (worst) | heap MiB | RSS MiB | fds (sockets) | FIX logons (timed out) | orders (answered) | SFTP sessions (silent) | uploads, downloads | feed runs (gaps, unrecovered) | faults |\n" +
  "|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
const rows: Array<string> = []
const answered = () => brokers.reduce((n, b) => n + [...b.orders.values()].filter((o) => o.answered).length, 0)
const report = async (minute: number) => {
  const heap = served.running() ? await heapMiB() : 0
  const d = served.descriptors()
  const hh = new Date(live.clock / 1000).toISOString().slice(11, 19)
  const row = `| ${minute} | ${hh}${live.ended ? " (end)" : ""} | ${live.lagMs} (${live.worstLagMs}) | ${heap} | ${served.rssMiB()} | ${d.fds} (${d.sockets}) | ` +
    `${fixCounts.logons} (${fixCounts.logonTimeouts}) | ${fixCounts.orders} (${answered()}) | ${sftpCounts.sessions} (${sftpCounts.silent}) | ` +
    `${sftpCounts.uploads}, ${sftpCounts.downloads} | ${omd.runs} (${omd.gaps}, ${omd.unrecovered}) | ${faults.acked} |`
  live.worstLagMs = 0
  rows.push(row)
  console.error(row)
}
const heapMiB = () => Promise.race([served.heapMiB(), sleep(5_000).then(() => -1)])
console.error(`rig soak: ${MINUTES} min at x${SPEED}; FIX ${tradingIds.join(", ")}; ECP ${sftpParticipants.join(", ")}; OMD-C ${omdParticipant} SS; state ${state}`)
console.error(header)
await report(0)
const minutes = (async () => {
  for (let m = 1; m <= MINUTES; m++) {
    await sleep(Math.max(0, began + m * 60_000 - Date.now()))
    await report(m)
  }
})()
await Promise.all([inject([...new Set([...sftpParticipants, ...tradingIds.map((id) => participantOf.get(id)!)])]), ...brokers.map(fixLoop), ...users.map(sftpLoop), omdLoop()])

// ---- the last round, on a healed world
await sleep(Math.max(0, quietFrom + 20_000 - Date.now()))
const lastLogons = await Promise.all(brokers.map((b) => fixVisit(b, 5_000, true)))
const lastListen = await listen(10)
const responseMs = (600 / SPEED) * 1000
const unansweredUploads: Array<string> = []
const listingsFailed: Array<string> = []
for (const u of users) {
  const names = await u.downloads()
  if (names === undefined) listingsFailed.push(u.participant)
  else for (const up of u.uploaded) if (up.atMs < Date.now() - responseMs - 5_000 && !names.has(`${up.name}.resp`)) unansweredUploads.push(`${u.participant} ${up.name}`)
}
await minutes

// ---- nothing left behind: the server's descriptors back to the baseline once every client is gone
instructor.close()
for (const b of brokers) b.close()
let after = served.descriptors()
for (let i = 0; i < 30 && after.fds > baseline.fds; i++) {
  await sleep(1_000)
  after = served.descriptors()
}
const unanswered = brokers.flatMap((b) => b.unanswered().map((id) => `${b.compId} ${id}`))
const unreceived = brokers.reduce((n, b) => n + b.unreceived, 0)
/** Unanswered orders a fault excuses, by the fault. */
const excusedBy = new Map<string, number>()
for (const b of brokers) for (const o of b.orders.values()) if (!o.answered && o.excused !== undefined) excusedBy.set(`${b.compId}: ${o.excused}`, (excusedBy.get(`${b.compId}: ${o.excused}`) ?? 0) + 1)
const excused = [...excusedBy.values()].reduce((a, n) => a + n, 0)
const stopped = !served.running()
const failures = [
  stopped ? "the server stopped" : "",
  unanswered.length > 0 ? `${unanswered.length} orders never answered (${unanswered.slice(0, 5).join(", ")})` : "",
  unreceived > 0 ? `${unreceived} numbers the gateway sent never arrived` : "",
  fixCounts.unmarkedDuplicates > 0 ? `${fixCounts.unmarkedDuplicates} numbers sent twice without PossDup` : "",
  unansweredUploads.length > 0 ? `${unansweredUploads.length} uploads without a response (${unansweredUploads.slice(0, 5).join(", ")})` : "",
  sftpCounts.badDownloads > 0 ? `${sftpCounts.badDownloads} downloads not as listed` : "",
  omd.failed > 0 ? `${omd.failed} feed handler runs failed (${omd.lastError})` : "",
  omd.unexplained > 0 ? `${omd.unexplained} feed handler runs lost numbers with no fault in force and nothing shed by the rig` : "",
  lastLogons.some((ok) => !ok) ? `the last round: ${lastLogons.filter((ok) => !ok).length} brokers could not log on` : "",
  !lastListen ? "the last feed handler run failed" : "",
  listingsFailed.length > 0 ? `the last round: ${listingsFailed.join(", ")} could not list /download` : "",
  after.fds > baseline.fds ? `the server holds ${after.fds} descriptors (${after.sockets} sockets), ${baseline.fds} (${baseline.sockets}) after the first visits` : ""
].filter((f) => f !== "")

console.log(`rig soak: ${MINUTES} min, x${SPEED}, ${values.scenario}, seed ${values.seed}`)
console.log(header)
console.log(rows.join("\n"))
const logoutTexts = new Map<string, number>()
for (const b of brokers) for (const [t, n] of b.logoutTexts) logoutTexts.set(t, (logoutTexts.get(t) ?? 0) + n)
console.log(
  `\nFIX: ${fixCounts.lookups} lookups (${fixCounts.lookupFailures} failed), ${fixCounts.logons} logons (${fixCounts.logonTimeouts} unanswered, ${fixCounts.logonRefusals} refused), ` +
    `${fixCounts.orders} orders (${fixCounts.massCancels} of them mass cancels), ${answered()} answered, ${excused} unanswered but excused by a fault, ${fixCounts.reports} reports, ` +
    `${fixCounts.silences} connections gone silent, ${fixCounts.testRequests} Test Requests, ${fixCounts.resendRequests} Resend Requests, ${fixCounts.rejects} rejects, ` +
    `${fixCounts.massCancels} mass cancels (${fixCounts.massCancelReports} reports, ${fixCounts.massCancelled} orders cancelled)`
)
for (const [t, n] of logoutTexts) console.log(`  Logout ×${n}: ${t}`)
const rejectTexts = new Map<string, number>()
for (const b of brokers) for (const [t, n] of b.rejectTexts) rejectTexts.set(t, (rejectTexts.get(t) ?? 0) + n)
for (const [t, n] of rejectTexts) console.log(`  ${t} ×${n}`)
for (const [f, n] of excusedBy) console.log(`  ${n} unanswered, excused by ${f}`)
console.log(
  `ECP: ${sftpCounts.sessions} sessions, ${sftpCounts.silent} silent, ${sftpCounts.refused} refused (a server closed until failover), ${sftpCounts.errors} ended in error; ${sftpCounts.downloads} downloads; ` +
    `${sftpCounts.uploads} uploads (${sftpCounts.uploadsRefused} refused outside the window), ${unansweredUploads.length} without a response`
)
console.log(`OMD-C: ${omd.runs} feed handler runs, ${omd.processed} messages processed, ${omd.gaps} gaps, ${omd.unrecovered} unrecovered, ${omd.decodeErrors} decode errors`)
for (const g of omdGaps) console.log(g)
console.log(`faults: ${faults.injected} injected (${[...drawn].map(([k, n]) => `${k} ${n}`).join(", ")}), ${faults.acked} acknowledged, ${faults.refused} refused`)
console.log(`descriptors: ${baseline.fds} (${baseline.sockets} sockets) after the first visits, ${after.fds} (${after.sockets}) after them`)
// What is held that was not before, by the server's own account of its sockets (listeners' ports are stable).
const left = served.sockets().filter((s) => !baselineSockets.includes(s))
/** Whose port a socket's local end is: the live channel's, or one the rig listed. */
const portOf = (s: string): string => {
  const port = Number(/:(\d+) /.exec(s)?.[1])
  if (port === Number(new URL(served.origin).port)) return " (the live channel's port)"
  const e = endpoints.find((x) => x.port === port)
  return e === undefined ? "" : ` (${e.service} ${e.role ?? ""} ${e.participant ?? e.element ?? ""})`
}
if (left.length > 0) console.log(`sockets the server holds that it did not after the first visits:\n${left.map((s) => `  ${s}${portOf(s)}`).join("\n")}`)
for (const line of users.flatMap((u) => u.bad).slice(0, 10)) console.log(`  ${line}`)
for (const u of users) for (const [t, n] of u.errorTexts) console.log(`  ${u.participant}: ${n} ended in error: ${t}`)
const warnings = served.log.filter((l) => /internal error|stopped at|Error/.test(l))
if (warnings.length > 0) console.log(`server said:\n${warnings.join("\n")}`)
console.log(failures.length === 0 ? "rig soak: passed" : `rig soak: FAILED\n${failures.map((f) => `- ${f}`).join("\n")}`)

served.stop()
rmSync(state, { recursive: true, force: true })
process.exitCode = failures.length === 0 && warnings.length === 0 ? 0 : 1
