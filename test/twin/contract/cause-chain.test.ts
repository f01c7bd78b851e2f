/**
 * Cause chains from a hand-made trace: what changed last before the evidence (a step, a rollback or a fault
 * start) and the faults on at that instant (docs/report-format.md "Cause chains").
 */
import { describe, expect, it } from "vitest"
import { CauseIndex } from "../../../twin/contract/cause-chain.ts"
import type { TraceEvent } from "../../../twin/contract/trace-event.ts"
import { parseClock } from "../../../twin/engine/time.ts"

const t = (clock: string) => parseClock(clock)!
const fault = (at: string, id: string, status: "start" | "end", kind = "node-crash", targets = ["new-core-dc1-a"]): TraceEvent =>
  ({ t: t(at), kind: "scenario.fault", subject: id, data: { kind, status, targets } })
const step = (at: string, phase: string, move: Array<string>, back: Array<string> = []): TraceEvent =>
  ({ t: t(at), kind: "scenario.step", subject: phase, data: { move, back } })

describe("cause chains", () => {
  const causes = new CauseIndex()
  for (const e of [
    fault("06:10", "core-a-down", "start"),
    step("06:30", "p1", ["line-a", "line-b"]),
    fault("06:37", "loss", "start", "link-loss", ["l1", "l2", "l3", "l4"]),
    fault("06:45", "loss", "end", "link-loss", ["l1", "l2", "l3", "l4"]),
    // The rollback is announced at 07:00 and done 5 min later (scenario.rollback `at`, then the phase event).
    { t: t("07:00"), kind: "scenario.rollback", subject: "p1", data: { reason: "post-check failed", units: ["line-b", "line-a"], at: t("07:05") } },
    { t: t("07:05"), kind: "scenario.phase", subject: "p1", data: { status: "rolled-back", reason: "post-check failed" } },
    fault("07:30", "core-a-down", "end")
  ]) causes.observe(e)

  it("a step names the units it moved and the fault already on", () => {
    // 06:30:04: the latest change is the 06:30 step (core-a-down started at 06:10, before it); core-a-down is on then.
    const chain = causes.chainAt(t("06:30:04"))!
    expect(chain.trigger).toEqual({ kind: "step", id: "p1", at: t("06:30"), what: "moved line-a, line-b" })
    expect(chain.enablers).toEqual([{ fault: "core-a-down", kind: "node-crash", since: t("06:10"), targets: ["new-core-dc1-a"] }])
    expect(chain.sentence).toBe("06:30:00 step p1 moved line-a, line-b, while core-a-down (node-crash on new-core-dc1-a since 06:10:00) was on")
  })

  it("evidence dated up to 10 s before a change (a line last heard before it went silent) is that change's", () => {
    // 06:29:52 is 8 s before the step (within LEAD = 10 s); 06:29:49 is 11 s before: only core-a-down (06:10) is within reach.
    expect(causes.chainAt(t("06:29:52"), true)!.trigger.kind).toBe("step")
    expect(causes.chainAt(t("06:29:49"), true)!.sentence).toBe("06:10:00 fault core-a-down (node-crash on new-core-dc1-a) started")
    // A status change at 06:29:52 happened then: the step 8 s later did not make it.
    expect(causes.chainAt(t("06:29:52"))!.trigger.id).toBe("core-a-down")
  })

  it("a fault that started later is the trigger; both faults on then enable it; more than three targets are counted", () => {
    // 06:40: loss (06:37) is the latest change; core-a-down (06:10) is on at 06:37; the step is no fault.
    expect(causes.chainAt(t("06:40"))!.sentence).toBe(
      "06:37:00 fault loss (link-loss on l1, l2, l3 and 1 more) started, while core-a-down (node-crash on new-core-dc1-a since 06:10:00) was on"
    )
  })

  it("a rollback names the units moved back; a fault that ended before it is no enabler", () => {
    // 07:05:02: the rollback done at 07:05 is the latest change; loss ended at 06:45, before it; core-a-down ends at 07:30.
    const chain = causes.chainAt(t("07:05:02"))!
    expect(chain.trigger).toEqual({ kind: "rollback", id: "p1", at: t("07:05"), what: "moved back line-b, line-a" })
    expect(chain.sentence).toBe("07:05:00 rollback of p1 moved back line-b, line-a, while core-a-down (node-crash on new-core-dc1-a since 06:10:00) was on")
  })

  it("a step reaches 10 minutes after it, a fault 10 minutes after its end; then nothing", () => {
    // 07:39: the rollback (07:05) is 34 min back; core-a-down ended 07:30, 9 min back: still its aftermath.
    expect(causes.chainAt(t("07:39"))!.trigger.id).toBe("core-a-down")
    // 07:40:01: 10 min 1 s after core-a-down ended: nothing within reach.
    expect(causes.chainAt(t("07:40:01"))).toBeUndefined()
    expect(causes.chainAt(t("06:09"))).toBeUndefined()
  })

  it("never names a change that came after the harm: a fault at 06:40:00 and a step at 06:40:05", () => {
    // The carrier-A drill with its line step 5 s after the carrier failed: statuses that changed at 06:40:00
    // and 06:40:04 (lines found silent) were the fault's, not the step's; a line last heard at 06:39:58 was
    // silenced by the first change after it, the fault.
    const later = new CauseIndex()
    for (const e of [
      step("06:20", "p6", ["access-dc1-a"]),
      fault("06:40", "carrier-a-outage", "start", "carrier-circuit-loss", ["P0001-c1"]),
      step("06:40:05", "p6", ["omdc-dc1-line-a"])
    ]) later.observe(e)
    const fromCarrier = "06:40:00 fault carrier-a-outage (carrier-circuit-loss on P0001-c1) started"
    expect(later.chainAt(t("06:40"))!.sentence).toBe(fromCarrier)
    expect(later.chainAt(t("06:40:04"))!.sentence).toBe(fromCarrier)
    expect(later.chainAt(t("06:39:58"), true)!.sentence).toBe(fromCarrier)
    // From 06:40:05 on the step is the latest change, the carrier's loss its enabler.
    expect(later.chainAt(t("06:40:06"))!.sentence).toBe(
      "06:40:05 step p6 moved omdc-dc1-line-a, while carrier-a-outage (carrier-circuit-loss on P0001-c1 since 06:40:00) was on"
    )
  })
})

describe("cause chains of a live drill: a person's action is a change like a step or a fault", () => {
  const action = (at: string, action: string, target: string, by = "trainee"): TraceEvent =>
    ({ t: t(at), kind: "live.control", subject: by, data: { control: "action", action, target } })
  const change = (at: string, subject: string, data: TraceEvent["data"]): TraceEvent => ({ t: t(at), kind: "world.change", subject, data })

  it("the harm after a failover comes into force is the failover's, not the fault's on before it", () => {
    // The gateway drill run with plan E: ocg-dc1-03 crashes at 09:31:00 (OTP-C only); the trainee declares a
    // failover to dc2 at 09:32:07, in force 5 min later (drill-protocol.ts DRILL_ACTION_DELAY) at 09:37:07,
    // when the trace writes `world.change` dr-failover; OMD-C degrades at 09:37:07.001 (DR: caches cleared).
    const causes = new CauseIndex()
    for (const e of [
      fault("09:31", "gateway-crash", "start", "node-crash", ["ocg-dc1-03"]),
      change("09:31", "ocg-dc1-03", { what: "node", down: true }),
      action("09:32:07", "fail-over-site", "dc2"),
      change("09:37:07", "hkex", { what: "dr-failover", on: true })
    ]) causes.observe(e)
    const chain = causes.chainAt(t("09:37:07.001"))!
    expect(chain.trigger).toEqual({ kind: "action", id: "trainee", at: t("09:37:07"), what: "fail-over-site dc2", taken: t("09:32:07") })
    expect(chain.sentence).toBe(
      "09:32:07 trainee's action fail-over-site dc2 (in force 09:37:07), while gateway-crash (node-crash on ocg-dc1-03 since 09:31:00) was on"
    )
    // Before it is in force, the failover has changed nothing: OTP-C down at 09:31:00.2 and a worsening at 09:35 are the crash's.
    expect(causes.chainAt(t("09:35"))!.sentence).toBe("09:31:00 fault gateway-crash (node-crash on ocg-dc1-03) started")
    expect(causes.actions()).toEqual([chain.trigger])
  })

  it("an outage a trainee's restart caused, with no fault on yet, is the restart's", () => {
    // Plan A: the trainee restarts the healthy ocg-dc1-03 at 09:27:03.125 — down at once, up 2 min later;
    // its sessions drop at 09:27:03.2. The scripted crash comes at 09:31 only.
    const causes = new CauseIndex()
    for (const e of [
      action("09:27:03.125", "restart-service", "ocg-dc1-03"),
      change("09:27:03.125", "ocg-dc1-03", { what: "node", down: true }),
      change("09:29:03.125", "ocg-dc1-03", { what: "node", down: false }),
      fault("09:31", "gateway-crash", "start", "node-crash", ["ocg-dc1-03"])
    ]) causes.observe(e)
    expect(causes.chainAt(t("09:27:03.2"))!.sentence).toBe("09:27:03.125 trainee's action restart-service ocg-dc1-03")
    // Its node back up at 09:29:03 is the same action, not a new change: the crash at 09:31 is the latest one then.
    expect(causes.chainAt(t("09:31:00.2"))!.sentence).toBe("09:31:00 fault gateway-crash (node-crash on ocg-dc1-03) started")
  })

  it("an action that changed nothing at its instant is no candidate; an instructor's move is one", () => {
    // A unit rolled back at 10:00 is due 10:03; it was already back (no world.change at 10:03): the 10:01 fault stays the trigger.
    // The instructor moves u2 back at 10:05 (`live.control` move, its world.change at once).
    const causes = new CauseIndex()
    for (const e of [
      action("10:00", "roll-back-unit", "u1"),
      fault("10:01", "loss", "start", "link-loss", ["l1"]),
      change("10:01", "l1", { what: "link", lossPct: 5 }),
      change("10:04", "l1", { what: "link", lossPct: 6 }),
      { t: t("10:05"), kind: "live.control", subject: "instructor", data: { control: "move", units: ["u2"], back: true } },
      change("10:05", "u2", { what: "unit", moved: false })
    ]) causes.observe(e)
    expect(causes.chainAt(t("10:04:30"))!.trigger.id).toBe("loss")
    expect(causes.chainAt(t("10:05:01"))!.sentence).toBe("10:05:00 instructor's action moved back u2, while loss (link-loss on l1 since 10:01:00) was on")
  })
})
