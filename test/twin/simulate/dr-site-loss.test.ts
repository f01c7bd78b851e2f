import { describe, expect, it } from "vitest"
import { executionLedger } from "../../../twin/simulate/instruments/execution-ledger.ts"
import { entries, logOf, type ClientState, type GatewayState, type OtpcState } from "../../../twin/models/ocg/index.ts"
import type { PublisherState } from "../../../twin/models/omd/index.ts"
import type { Runtime } from "../../../twin/engine/runtime.ts"
import { parseClock, seconds } from "../../../twin/engine/time.ts"
import { ocgWiring } from "../../../twin/simulate/wire-ocg.ts"
import { DR_COMPLETES_AFTER, omdWiring } from "../../../twin/simulate/wire-omd.ts"
import type { Wiring } from "../../../twin/simulate/wiring.ts"
import { defaultEstate, fault, run } from "../../scenarios/faults/support.ts"

const model = defaultEstate()
const at = (clock: string) => parseClock(clock)!
const loss = at("09:31")
const dr = at("09:33") // site-loss's default drAfter, 2 minutes [U]
const omdBack = dr + DR_COMPLETES_AFTER
const publishers = [...["SS", "SP", "SF"].flatMap((g) => [`omdc-pub-dc1-a/${g}`, `omdc-pub-dc1-b/${g}`]), "omdcc-pub-dc1-a/CC", "omdcc-pub-dc1-b/CC"]

describe("the primary site lost at 09:31 with DR declared at 09:33, on the default estate", () => {
  let rt: Runtime | undefined
  const grab: Wiring = { system: "probe", wire: ({ runtime }) => void (rt = runtime) }
  // Clients' outbound sequence numbers when the site went, read the way the takeover reads the host.
  const nextOutAtLoss = new Map<string, number>()
  const channelAtLoss = new Map<string, number>()
  const sessions = model.file.participants.flatMap((p) => p.ocgSessions.map((s) => ({ participant: p.id, compId: s.compId, flow: `${p.id}/${s.compId}` })))
  const probeAtLoss: Wiring = {
    system: "probe-at-loss",
    wire: ({ runtime }) =>
      runtime.at(loss, () => {
        for (const s of sessions) nextOutAtLoss.set(s.compId, runtime.stateOf<ClientState>(s.flow).nextOut)
        for (const id of publishers) channelAtLoss.set(id, runtime.stateOf<PublisherState>(id).lastSeq)
      })
  }
  const r = run(model, { from: at("09:30"), to: at("09:42") }, [
    ocgWiring,
    omdWiring,
    executionLedger,
    grab,
    probeAtLoss,
    fault("site-loss", { site: "dc1" }, loss, undefined, model)
  ])
  const runtime = rt!
  const events = r.trace.events
  const byKey = (kind: string, key: string) => {
    const out = new Map<string, Array<(typeof events)[number]>>()
    for (const e of r.trace.events.filter((x) => x.kind === kind)) {
      const k = String(e.data[key])
      const list = out.get(k)
      if (list === undefined) out.set(k, [e])
      else list.push(e)
    }
    return out
  }

  it("the backup OTP-C host takes over at the DR declaration with the primary's state as of the loss; the OMD-C publishers 30 s later", () => {
    expect(r.trace.ofKind("otp.host").map((e) => [e.t, e.subject, e.data.event, e.data.primary ?? e.data.successor, e.data.asOf ?? null])).toEqual([
      [dr, "otp-c-dc2-1", "took-over", "otp-c-dc1-1", loss],
      [dr, "otp-c-dc1-1", "retired", "otp-c-dc2-1", null]
    ])
    const tookOver = r.trace.ofKind("omd.publisher").filter((e) => e.data.state === "took-over")
    expect(tookOver.filter((e) => e.t === dr).map((e) => e.subject)).toEqual(["omdc-pub-dc2-a/DR", "omdc-pub-dc2-b/DR"])
    expect(new Set(tookOver.filter((e) => e.t === omdBack).map((e) => e.subject))).toEqual(
      new Set(["SS", "SP", "SF"].flatMap((g) => [`omdc-pub-dc2-a/${g}`, `omdc-pub-dc2-b/${g}`]).concat(["omdcc-pub-dc2-a/CC", "omdcc-pub-dc2-b/CC"]))
    )
    // Each backup line continues after the last sequence number its primary had allocated when the site
    // went: no Sequence Reset. (The 09:31:00 slice the primary still cut at the loss reached no one.)
    for (const e of tookOver.filter((x) => x.t === omdBack)) {
      expect([e.subject, e.data.seq]).toEqual([e.subject, channelAtLoss.get(String(e.subject).replace("-dc2-", "-dc1-"))])
    }
    expect(channelAtLoss.get("omdc-pub-dc1-a/SS")).toBe(315_007)
    expect(r.trace.ofKind("omd.publisher").filter((e) => e.t >= dr && e.data.state === "start-of-day")).toEqual([])
  })

  it("every OCG-C session logs on again at a backup-site gateway within 7 minutes, with its sequence numbers continuing", () => {
    const host = runtime.stateOf<OtpcState>("otp-c-dc2-1")
    let continuing = 0
    const sessionEvents = byKey("ocg.session", "compId")
    const firstBack: Array<number> = []
    for (const s of sessions) {
      const logons = (sessionEvents.get(s.compId) ?? []).filter((e) => e.data.event === "logon" && e.t > loss)
      firstBack.push(logons[0]?.t ?? Infinity)
      expect([s.compId, logons.length, String(logons[0]?.data.gateway).startsWith("ocg-dc2-")]).toEqual([s.compId, 1, true])
      expect(logons[0]!.t).toBeLessThan(loss + seconds(7 * 60))
      // The backup gateway took the client's numbers: what it expects next is what the client sends next.
      const client = runtime.stateOf<ClientState>(s.flow)
      const gateway = runtime.stateOf<GatewayState>(String(logons[0]!.data.gateway))
      expect(gateway.sessions.get(s.compId)?.record?.nextIn).toBe(client.nextOut)
      if (client.nextOut > nextOutAtLoss.get(s.compId)!) continuing++
      expect(logOf(host, s.compId)?.owner?.startsWith("ocg-dc2-")).toBe(true)
    }
    expect(continuing).toBe(sessions.length)
    // DOMAIN §1 timings: ~2 min to notice (Test Request, no reply), 10 s, 60 s on the primary, 60 s wait,
    // 60 s on the secondary, 5 s + 5 s on each primary-site Lookup endpoint, then the backup site's.
    const back = (t: number) => Math.floor((t - loss) / seconds(1))
    expect([sessions.length, back(Math.min(...firstBack)), back(Math.max(...firstBack))]).toEqual([2103, 370, 390])
    expect(events.filter((e) => e.kind === "ocg.session" && e.data.reason === "dropped: start sequence above 1")).toEqual([])
  })

  it("no execution is lost or duplicated across the takeover, and ExecIDs stay unique", () => {
    const ledgers = r.trace.ofKind("ocg.executions")
    const last = ledgers.at(-1)!.data
    // At the loss the primary had numbered 2,460 executions and had 814 orders waiting for their fill
    // (30 s after the order): the backup fills those at once at the takeover, numbering from 2,461.
    expect(r.trace.ofKind("otp.host")[0]!.data).toEqual({ event: "took-over", primary: "otp-c-dc1-1", asOf: loss, sessions: 2103, nextExecId: 2461, openOrders: 814 })
    expect(last).toEqual({ sessions: 2103, sent: 30_258, applied: 30_258, undelivered: 0, discarded: 4_314, short: [] })
    const host = runtime.stateOf<OtpcState>("otp-c-dc2-1")
    const execIds: Array<number> = []
    for (const [, log] of host.logs) {
      for (const report of entries(log)) if (report.dropCopyFor === undefined) execIds.push(report.execId)
    }
    expect(new Set(execIds).size).toBe(execIds.length)
    // The backup numbered on from the primary's counter at the loss.
    expect(Math.min(...execIds)).toBe(1)
    expect(Math.max(...execIds)).toBe(host.nextExecId - 1)
    expect(runtime.stateOf<OtpcState>("otp-c-dc1-1").successor).toBe("otp-c-dc2-1")
  })

  it("OMD-C feed handlers see DR Signal 1 at the declaration and 2 when the backup publishes, rebuild from the backup's refresh and end in sync on both lines", () => {
    const flows = [...new Set(r.trace.ofKind("flow.status").filter((e) => e.data.service === "omd-c").map((e) => String(e.data.flow)))]
    expect(flows.length).toBe(model.file.participants.reduce((n, p) => n + p.omdC.length, 0))
    const syncs = byKey("omd.sync", "flow")
    const statuses = byKey("flow.status", "flow")
    for (const flow of flows) {
      const sync = (syncs.get(flow) ?? []).filter((e) => e.t > loss).map((e) => e.data.state)
      expect([flow, sync]).toEqual([flow, ["dr", "awaiting-refresh", "synced"]])
      const status = statuses.get(flow)!.at(-1)!
      expect([flow, status.data.up, status.data.degraded]).toEqual([flow, 2, false])
    }
    const drSeen = r.trace.ofKind("omd.sync").filter((e) => e.data.state === "dr" || e.data.state === "awaiting-refresh")
    // DR Signal 1 crosses the network from the backup site right after the declaration; 2 after the takeover.
    expect(Math.max(...drSeen.filter((e) => e.data.state === "dr").map((e) => e.t))).toBeLessThan(dr + seconds(1))
    expect(Math.min(...drSeen.filter((e) => e.data.state === "awaiting-refresh").map((e) => e.t))).toBeGreaterThan(omdBack)
    // Rebuilt from the first whole snapshot of the backup site's refresh servers (06:00 + k·30 s, complete 1 s later).
    const refreshes = r.trace.ofKind("omd.refresh").filter((e) => e.t > loss)
    expect(new Set(refreshes.map((e) => e.t - (e.t % seconds(1))))).toEqual(new Set([omdBack + seconds(31)]))
  })

  it("every sequence number lost ends recovered or recorded unrecovered", () => {
    const size = (kind: "omd.gap" | "omd.recovered" | "omd.loss.unrecovered") => r.trace.ofKind(kind).reduce((n, e) => n + Number(e.data.size), 0)
    expect(size("omd.gap")).toBe(size("omd.recovered") + size("omd.loss.unrecovered"))
  })
})
