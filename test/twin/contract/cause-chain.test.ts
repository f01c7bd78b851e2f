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
