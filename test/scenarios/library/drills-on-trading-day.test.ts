import { describe, expect, it } from "vitest"
import type { Report } from "../../../scenarios/report/report.ts"
import { parseClock } from "../../../twin/engine/time.ts"
import { explainedSummary, lastingServices, unexplained } from "../../twin/impact/support.ts"
import { atPop, withPrimaryGateway } from "./estate-facts.ts"
import { agreementOf, sharedRun, traceEvents, verdicts } from "./support.ts"

const affected = (report: Report, keep: (a: Report["affected"][number]) => boolean = () => true) =>
  [...new Set(report.affected.filter(keep).map((a) => a.participant))].sort()
const check = (report: Report, id: string) => report.checks.find((c) => c.id === id)!
/** µs → "HH:MM:SS" (the second a recovery landed in). */
const clockOf = (t: number) => new Date(Math.floor(t / 1_000_000) * 1000).toISOString().slice(11, 19)
const causes = (report: Report, id: string) => [...new Set(check(report, id).evidence.map((e) => e.cause))]

/**
 * Each drill's run also compares the impact engine with the message engine (test/twin/impact/support.ts).
 * For faults that change reachability (a gateway crash, a Lookup Service endpoint lost, a flapping link)
 * every difference in health intervals ends within the settle tolerance (5 minutes) of the physical change
 * it follows — protocol timing such as heartbeat timeouts and reconnects, which the impact engine does not
 * model. Impairments (a firewall dropping the RTS port, an MTU cut on the ECP servers' links) change what
 * the protocols experience but not what the network can reach: the impact engine reports none of them, so
 * those tests pin what the message engine sees beyond the settle tolerance and check it is all in the
 * services the impairment touches — the documented boundary of the impact engine (docs/planner.md).
 */
describe("what-if drills on a trading day", () => {
  it("a gateway failing at the open: every session on it is back within 5 minutes, no execution lost or duplicated", async () => {
    const { report } = await sharedRun("drills/gateway-fails-at-open.yaml")
    expect([report.verdict, verdicts(report)]).toEqual([
      "pass", { "sessions-back-within-5m": "pass", "no-execution-lost-or-duplicated": "pass", "others-untouched": "pass" }
    ])
    expect(affected(report, (a) => a.service === "otp-c" && a.worst === "down")).toEqual(withPrimaryGateway("ocg-dc1-03"))
    // Issue 13, defect 4: a session that cannot trade is down from the instant its gateway dies (09:02:00,
    // 32 520 000 000 µs) until it has logged on at its secondary: its BSS hears the gateway last at most
    // 20 s before the crash (heartbeats from its logon at 09:00:00.00x), sends a Test Request 3 intervals
    // after that and disconnects 3 intervals later (100.00x s after the crash), waits 10 s, gives the dead
    // primary's Logon 60 s, waits 60 s and logs on at the secondary one round trip later: 230 s plus the
    // session's logon offset after 09:00 and a round trip — 230.003164 s to 230.010569 s here (the
    // participant's last session back). Before the fix health said "without redundancy" for the first
    // 100 s and "down" only for the last 130 s; the recovery check already counted from the crash, so the
    // two now measure the same interval: its longest outage is the longest "down" span.
    const down = report.affected.filter((a) => a.service === "otp-c" && a.worst === "down")
    expect(new Set(down.map((a) => a.firstAt))).toEqual(new Set([32_520_000_000]))
    expect([Math.min(...down.map((a) => a.time.down)), Math.max(...down.map((a) => a.time.down))]).toEqual([230_003_164, 230_010_569])
    expect(check(report, "sessions-back-within-5m").summary).toBe("longest OCG-C session outage 3m50.011s (within 5m)")
  }, 240_000)

  it("a gateway failing in continuous trading: back within 5 minutes; the fills made while away re-sent with PossResend, none lost or applied twice", async () => {
    const { report } = await sharedRun("drills/gateway-fails-in-trading.yaml")
    expect([report.verdict, verdicts(report)]).toEqual([
      "pass", { "sessions-back-within-5m": "pass", "no-execution-lost-or-duplicated": "pass", "others-untouched": "pass" }
    ])
    expect(affected(report, (a) => a.service === "otp-c" && a.worst === "down")).toEqual(withPrimaryGateway("ocg-dc1-03"))
    // Down from the crash (10:15:00) until each session has logged on at its secondary. As at the open
    // (above) a BSS disconnects 120 s after it last heard its gateway, then waits 10 s, gives the dead primary
    // 60 s and waits 60 s: 250 s after it last heard the gateway, which in trading as at the open was at most
    // 20 s before the crash (its heartbeats, or an acknowledgement or fill sooner): 230–250 s.
    const down = report.affected.filter((a) => a.service === "otp-c" && a.worst === "down")
    expect(new Set(down.map((a) => a.firstAt))).toEqual(new Set([parseClock("10:15")!]))
    const times = down.map((a) => a.time.down)
    expect(Math.min(...times)).toBeGreaterThanOrEqual(230_000_000)
    expect(Math.max(...times)).toBeLessThanOrEqual(250_100_000)
    // Every fill OTP-C made while its session was away is delivered on the session's next Logon, none lost;
    // what the secondary cannot prove the BSS had (it holds no store of the primary's [U], session-registry.ts)
    // is re-sent with PossResend=1 too, and the BSSs discard those copies by ExecID.
    const summary = check(report, "no-execution-lost-or-duplicated").summary
    expect(summary).toMatch(/^0 lost, 0 duplicated of \d+ executions logged \(max 0\); 0 not yet delivered and [1-9]\d* redelivered copies discarded/)
  }, 240_000)

  it("impact engine vs message engine: the gateway's sessions are down while they reconnect, nothing else differs", async () => {
    const a = await agreementOf("drills/gateway-fails-at-open.yaml")
    expect(unexplained(a)).toEqual([])
    expect(explainedSummary(a.disagreements)).toEqual({ "otp-c served-without-redundancy→down": withPrimaryGateway("ocg-dc1-03").length })
    // The impact engine does not model the reconnect: for it a gateway down leaves its sessions' secondary,
    // without redundancy. Every difference starts at the crash itself (the physical change) and lasts the
    // 230.003164–230.010569 s the sessions take to log on at their secondary (above): within the 5-minute
    // settle tolerance, which stays (the reconnect time depends on when each BSS last heard its gateway).
    expect(new Set(a.disagreements.map((d) => `${d.from} ${d.afterChange}`))).toEqual(new Set(["32520000000 32520000000"]))
    expect(Math.max(...a.disagreements.map((d) => d.to - d.from))).toBe(230_010_569)
    expect(a.impact.timeline.states.length).toBe(3)
  }, 300_000)

  it("the primary Lookup Service unreachable at start of day: every BSS logs on through the next endpoint", async () => {
    const { report, dir } = await sharedRun("drills/lookup-service-unreachable.yaml")
    expect([report.verdict, verdicts(report)]).toEqual(["pass", { "everyone-trading": "pass" }])
    // Issue 13, defect 3: the Lookup Service matters only to sessions that must (re)connect. Every BSS
    // times out on ls-dc1-primary (5 s), waits 5 s and logs on through ls-dc1-mirror well within the
    // startup grace, so no session is ever down; and with the mirror up (the backup site's endpoints
    // closed) no single failure stops anyone trading, so losing ls-dc1-primary costs no redundancy either.
    // otp-c from 06:00: 396 served, 214 without redundancy — exactly the 214 participants with one circuit
    // (twin estate spof) — and no change all window. Before the fix every one of the 610 was "without
    // redundancy" while ls-dc1-primary was down (the mirror counted as the Lookup's single point), so the
    // report named 610 participants affected; now none.
    expect(report.affected).toEqual([])
    const otpc = (await traceEvents(dir, ["health"])).filter((e) => e.data.service === "otp-c")
    expect(new Set(otpc.map((e) => e.t))).toEqual(new Set([report.window.from]))
    expect([otpc.filter((e) => e.data.status === "served").length, otpc.filter((e) => e.data.status === "served-without-redundancy").length]).toEqual([396, 214])
  }, 240_000)

  it("impact engine vs message engine: the Lookup Service drill agrees within the settle tolerance", async () => {
    // Both engines judge the Lookup Service as a connect flow (issue 13, defect 3): the same at every instant.
    expect((await agreementOf("drills/lookup-service-unreachable.yaml")).disagreements).toEqual([])
  }, 300_000)

  it("a firewall blocking the RTS port: losses on both lines are recovered 10 s late through the secondary site's RTS servers — caught; market data never stops", async () => {
    // Issue 13: 1 % loss on each line is per packet and per link (no whole slices lost per receiver), so
    // what both lines lose are single packets (36–52 messages, stream.ts) here and there — one in 10,000:
    // the messages after them keep arriving, and omd-dual-line-loss (time without market data) measures
    // nothing. Recovery is slow but complete: rts-dc1-1 and rts-dc1-2 do not answer (5 s response timeout
    // each, spec §4.3: try another server), rts-dc2-1 does — so each feed handler's first gaps on a channel
    // come back 10 s and a round trip later, over the drill's 5 s (recoverWithin); from then on rts-dc2-1
    // serves it at once. The loss starts at 09:35:00; the first packets lost on both lines are found at
    // 09:35:08, 09:35:15 and (on SS, the quietest group) 09:36:16: the late recoveries land at 09:35:18,
    // 09:35:25 and 09:36:26 — 908 gaps of 823 participants' channels, 36,260 numbers (whole packets).
    // Before the loss was per packet, each lost number was its own gap: 5,844 late gaps of 5,844 numbers.
    const { report, dir } = await sharedRun("drills/firewall-blocks-rts.yaml")
    expect([report.verdict, verdicts(report)]).toEqual(["fail", { "gaps-recovered-within-5s": "fail", "no-dual-line-loss-over-1m": "pass" }])
    expect(check(report, "no-dual-line-loss-over-1m").summary).toBe("longest omd-c dual-line loss 0s (max 1m)")
    const recovered = (await traceEvents(dir, ["omd.recovered"])).filter((e) => e.data.channel !== "omdcc/CC")
    expect(new Set(recovered.map((e) => e.data.via))).toEqual(new Set(["rts"]))
    const slowest = Math.max(...recovered.map((e) => e.data.after as number))
    expect(slowest).toBeGreaterThan(10_000_000)
    expect(slowest).toBeLessThan(10_100_000)
    const late = recovered.filter((e) => (e.data.after as number) > 5_000_000)
    expect(new Set(late.map((e) => clockOf(e.t)))).toEqual(new Set(["09:35:18", "09:35:25", "09:36:26"]))
    expect(new Set(late.map((e) => `${e.subject}|${e.data.channel}`)).size).toBe(823)
    expect(check(report, "gaps-recovered-within-5s").summary).toBe("0 unrecovered gaps and 908 recovered later than 5s (36260 seqs, 572 participants; max 0)")
    expect(check(report, "gaps-recovered-within-5s").summary).toBe(
      `0 unrecovered gaps and ${late.length} recovered later than 5s (${late.reduce((n, e) => n + (e.data.size as number), 0)} seqs, ${new Set(late.map((e) => e.subject)).size} participants; max 0)`
    )
    // Cause chain (issue 15): the loss is what changed last, the RTS port block — on since 09:25 — what made
    // it harmful (the loss alone is recovered at once). Before, the cause named the loss alone.
    expect(causes(report, "gaps-recovered-within-5s")).toEqual([
      "09:35:00 fault loss-on-both-lines (compound on omdc-pub-dc1-a--new-dist-dc1-a, omdc-pub-dc1-b--new-dist-dc1-b) started, " +
        "while rts-port-blocked (compound on fw-dc1-a, fw-dc1-b since 09:25:00) was on"
    ])
    expect(check(report, "gaps-recovered-within-5s").evidence[0]?.causeChain?.enablers).toEqual([
      { fault: "rts-port-blocked", kind: "compound", since: parseClock("09:25")!, targets: ["fw-dc1-a", "fw-dc1-b"] }
    ])
    expect(new Set(report.affected.map((a) => a.causeChain?.enablers.map((e) => e.fault).join(",")))).toEqual(new Set(["rts-port-blocked"]))
  }, 240_000)

  it("impact engine vs message engine: the RTS firewall differs only in omd-c, degraded by gaps the impact engine does not model", async () => {
    // The impact engine sees the port rule (the RTS members lost); loss on both OMD-C lines with the RTS
    // unreachable leaves gaps the feed handlers cannot recover — degraded, a protocol effect it does not model.
    expect(lastingServices(await agreementOf("drills/firewall-blocks-rts.yaml"))).toEqual(["omd-c served-without-redundancy→degraded", "omd-c served→degraded"])
  }, 300_000)

  it("an MTU mismatch on the new backbone: every ECP file due in the window misses its deadline", async () => {
    const { report } = await sharedRun("drills/mtu-mismatch-stalls-ecp.yaml")
    expect([report.verdict, verdicts(report)]).toEqual(["fail", { "ecp-files-on-time": "fail" }])
    expect(check(report, "ecp-files-on-time").summary).toMatch(/^232 ECP transfers missed the deadline \(200 participants;/)
    expect(causes(report, "ecp-files-on-time")).toEqual([
      "07:00:00 fault ecp-servers-mtu-1400 (compound on ecp-sftp-dc1-1--new-dist-dc1-a, ecp-sftp-dc1-1--new-dist-dc1-b, ecp-sftp-dc1-2--new-dist-dc1-a and 1 more) started"
    ])
  }, 240_000)

  it("impact engine vs message engine: the MTU mismatch differs only where an ECP session its model sees logged on cannot move files", async () => {
    // Every open SFTP server's route crosses a 1,400-byte hop, below the 1,500-byte packets of a transfer,
    // and the backup site's are closed: the impact engine has ECP SFTP down for every ECP user from 07:00
    // (before, it did not model the cut: served or without redundancy). The message engine agrees where a
    // session is lost; a session logged on (its 1,200-byte set-up passes) is its model's to judge —
    // without redundancy while no transfer is stalled, degraded while one is — nothing else differs.
    expect(lastingServices(await agreementOf("drills/mtu-mismatch-stalls-ecp.yaml"))).toEqual([
      "ecp-sftp down→degraded",
      "ecp-sftp down→served-without-redundancy"
    ])
  }, 300_000)

  it("a flapping carrier link: line B and second circuits keep everyone served, and SFTP sessions behind the PoP ride it out on TCP", async () => {
    const { report } = await sharedRun("drills/flapping-link.yaml")
    expect([report.verdict, verdicts(report)]).toEqual([
      "pass",
      { "no-dual-line-loss": "pass", "no-unrecovered-gaps": "pass", "sessions-ride-it-out": "pass", "ecp-files-on-time": "pass", "orders-answered-in-time": "pass" }
    ])
    // The SSH keepalives (every 30 s, the flap's period) written into a down spell wait for the kernel's
    // retransmission after convergence and are answered; as datagrams three in a row were lost and 140
    // sessions behind the PoP dropped for 20 s each.
    expect(report.affected).toEqual([])
  }, 240_000)

  it("a flapping carrier link: orders behind the PoP wait out routing's convergence, and only they", async () => {
    const { report, dir } = await sharedRun("drills/flapping-link.yaml")
    const late = (await traceEvents(dir, ["ocg.session"])).filter((e) => e.data.event === "late-ack")
    expect(late.length).toBeGreaterThan(0)
    for (const e of late) expect(atPop("ca-pop-1")).toContain(e.subject)
    // A path down for 1 s of convergence holds an order until TCP's retransmission after it: 1.4 s at most
    // (retransmissions at 0.2, 0.6 and 1.4 s after the first sending).
    const longest = Math.max(...late.map((e) => Number(e.data.latencyUs)))
    expect(longest).toBeGreaterThan(1_000_000)
    expect(longest).toBeLessThan(1_410_000)
    expect(check(report, "orders-answered-in-time").summary).toMatch(/^every answered New Order within 2s \(the longest 1\.4\d*s\); 0 New Orders never answered \(max 0\)$/)
  }, 240_000)

  it("a flapping carrier link: OCG-C sessions ride it out on TCP — their messages wait for retransmission, no FIX sequence gap, no resend", async () => {
    const { dir } = await sharedRun("drills/flapping-link.yaml")
    const gateway = await traceEvents(dir, ["ocg.gateway"])
    const events = new Set(gateway.map((e) => e.data.event))
    expect(events.has("logon")).toBe(true)
    // Within one TCP connection a FIX session cannot see a gap: only a reconnection can make one.
    expect(gateway.filter((e) => e.data.event === "inbound-gap" || e.data.event === "resend")).toEqual([])
  }, 240_000)

  it("impact engine vs message engine: the flapping link agrees within the settle tolerance", async () => {
    expect(unexplained(await agreementOf("drills/flapping-link.yaml"))).toEqual([])
  }, 300_000)
})
