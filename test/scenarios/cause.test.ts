import { describe, expect, it } from "vitest"
import { CauseIndex } from "../../scenarios/cause.ts"
import { parseClock } from "../../twin/engine/time.ts"

const t = (clock: string) => parseClock(clock)!

describe("who is to blame for a piece of evidence", () => {
  const causes = new CauseIndex()
  causes.add({ label: "p1 06:30:00 move a", from: t("06:30"), to: undefined, fault: false })
  causes.add({ label: "core-down", from: t("06:37"), to: t("06:45"), fault: true })
  causes.add({ label: "loss", from: t("06:40"), to: undefined, fault: true })
  causes.add({ label: "p1 07:30:00 move b", from: t("07:30"), to: undefined, fault: false })

  it("the most recently started fault active then, or ended within 10 minutes", () => {
    expect(causes.causeOf(t("06:38"))).toBe("core-down")
    expect(causes.causeOf(t("06:41"))).toBe("loss")
  })

  it("evidence dated up to 10 s before a fault (a line last heard before it went silent) is the fault's", () => {
    expect(causes.causeOf(t("06:36:58"))).toBe("core-down")
    expect(causes.causeOf(t("06:36:40"))).toBe("p1 06:30:00 move a")
  })

  it("without a fault, the latest step within 10 minutes; otherwise nobody", () => {
    expect(causes.causeOf(t("06:31"))).toBe("p1 06:30:00 move a")
    expect(causes.causeOf(t("06:29"))).toBeUndefined()
    const quiet = new CauseIndex()
    quiet.add({ label: "p1 06:30:00 move a", from: t("06:30"), to: undefined, fault: false })
    expect(quiet.causeOf(t("06:41"))).toBeUndefined()
  })
})
