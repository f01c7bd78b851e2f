/**
 * The viewer's affected list as CSV (viewer/src/panels/affected-csv.ts): one row per participant and
 * service worse than by design (or degraded or down), with the cause chain of the instant that status
 * began — the export the issue asks of the viewer's affected list, in the reports' CSV dialect.
 */
import { describe, expect, it } from "vitest"
import { CauseIndex } from "../../../twin/contract/cause-chain.ts"
import { parseClock } from "../../../twin/engine/time.ts"
import { affectedNowCsv, affectedNowFileName } from "../../../viewer/src/panels/affected-csv.ts"
import type { AffectedParticipant, AffectedService } from "../../../viewer/src/state/derive.ts"

const t = (clock: string) => parseClock(clock)!

describe("the affected list as CSV", () => {
  const causes = new CauseIndex()
  causes.observe({ t: t("06:10"), kind: "scenario.fault", subject: "core-a-down", data: { kind: "node-crash", status: "start", targets: ["new-core-dc1-a"] } })
  causes.observe({ t: t("06:30"), kind: "scenario.step", subject: "lines-together", data: { move: ["line-a", "line-b"], back: [] } })
  const omd: AffectedService = { service: "omd-c", status: "down", since: t("06:30:06"), cause: "P0001/omdc-ss: lines A and B silent" }
  const otp: AffectedService = { service: "otp-c", status: "served-without-redundancy", since: t("06:10:00"), cause: "" }
  const rows: ReadonlyArray<AffectedParticipant> = [{
    participant: { id: "P0001", name: "Broker, One", kind: "broker", group: "=cmd", circuits: [], services: ["omd-c", "otp-c"] },
    worst: "down",
    services: [omd, otp],
    worstService: omd
  }]

  it("writes a row per service, the chain of the instant its status began, quoted and guarded as the reports do", () => {
    // 06:30:06 is 6 s after the step: the step is the trigger and core-a-down (06:10) the enabler. 06:10:00
    // is the fault's own start. The name holds a comma (quoted); the group starts with "=" (guarded with ').
    expect(affectedNowCsv(rows, causes).split("\r\n")).toEqual([
      "participant,name,group,service,status,since,cause,detail",
      'P0001,"Broker, One",\'=cmd,omd-c,down,06:30:06,"06:30:00 step lines-together moved line-a, line-b, while core-a-down (node-crash on new-core-dc1-a since 06:10:00) was on",P0001/omdc-ss: lines A and B silent',
      "P0001,\"Broker, One\",'=cmd,otp-c,served-without-redundancy,06:10:00,06:10:00 fault core-a-down (node-crash on new-core-dc1-a) started,",
      ""
    ])
  })

  it("names the file after the instant shown, to the second", () => {
    expect(affectedNowFileName(t("06:30:04"))).toBe("affected-06-30-04.csv")
    expect(affectedNowFileName(t("09:29:59") + 900_000)).toBe("affected-09-29-59.csv")
  })
})
