/** As agreement-drills.test.ts, for the other reachability drills (a second file so both run side by side). */
import { describe, expect, it } from "vitest"
import { agreementOf } from "./support.ts"

const unexplained = (a: Awaited<ReturnType<typeof agreementOf>>) => a.disagreements.filter((d) => !d.explained)

describe("impact engine vs message engine, drills (2)", () => {
  it("the primary data centre lost in a cutover window, DR declared", async () => {
    const a = await agreementOf("drills/primary-site-lost-in-cutover-window.yaml")
    expect(unexplained(a)).toEqual([])
  }, 300_000)

  it("a flapping carrier link", async () => {
    const a = await agreementOf("drills/flapping-link.yaml")
    expect(unexplained(a)).toEqual([])
  }, 300_000)

  it("the broken plan: line A and line B moved in one step while a core router is down", async () => {
    const a = await agreementOf("drills/broken-plan-lines-together.yaml")
    expect(unexplained(a)).toEqual([])
  }, 300_000)
})
