/**
 * The impact engine agrees with the message engine on the shipped cutover plan's seven phases and the
 * post-release test: every difference ends within the 5-minute settle tolerance of the move it follows
 * (a moved multicast line drops a few seconds of packets; sessions re-route).
 */
import { describe, expect, it } from "vitest"
import { agreementOf } from "./support.ts"

const phases = [
  "cutover/phase-1-dc2-plane-b.yaml",
  "cutover/phase-2-dc2-plane-a.yaml",
  "cutover/phase-3-dc2-hosts.yaml",
  "cutover/phase-4-inter-dc.yaml",
  "cutover/phase-5-dc1-plane-b.yaml",
  "cutover/phase-6-dc1-plane-a.yaml",
  "cutover/phase-7-dc1-hosts.yaml",
  "post-release-test.yaml"
]

describe("impact engine vs message engine, the cutover plan", () => {
  for (const name of phases) {
    it(name, async () => {
      const a = await agreementOf(name)
      expect(a.disagreements.filter((d) => !d.explained)).toEqual([])
    }, 300_000)
  }
})
