/**
 * `participantProfile` (`twin participant`): the cutover units on a participant's paths include those on
 * the way from the node serving a member to what that node depends on — an OCG-C gateway's route to its
 * OTP-C host crosses the OTP-C hosts' unit, so moving them is a step on every OTP-C participant's story
 * (the runbook lists each of them at risk at that step).
 */
import { readFileSync } from "node:fs"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { defaultEstatePath, parseEstate } from "../../topology/load.ts"
import { buildModel } from "../../topology/model.ts"
import { participantProfile } from "../../topology/participant-profile.ts"

const parsed = parseEstate("topology/default-estate.yaml", readFileSync(defaultEstatePath, "utf8"))
if (Result.isFailure(parsed)) throw new Error("default estate invalid")
const model = buildModel(parsed.success)

describe("participantProfile on the default estate", () => {
  it("lists the OTP-C hosts' unit for a participant's OCG-C sessions: their gateways' route to the OTP-C host crosses it", () => {
    const p = participantProfile(model, "P0001")!
    const hostUnit = model.file.cutoverUnits.find((u) => u.id === "otp-c-dc1")
    expect(hostUnit).toBeDefined()
    // P0001's own paths end at gateways, Lookup Services, publishers, RTS and SFTP servers: none crosses the
    // OTP-C hosts' links; its two trading sessions depend on them through their gateways.
    expect(p.units.find((u) => u.id === "otp-c-dc1")?.flows).toEqual(["P0001/P0001T01", "P0001/P0001T02"])
    // The gateways' own unit stays listed for the same flows, and a flow that depends on nothing gains nothing.
    expect(p.units.find((u) => u.id === "ocg-dc1")?.flows).toEqual(["P0001/P0001T01", "P0001/P0001T02"])
    expect(p.units.find((u) => u.id === "ecp-dc1")?.flows).toEqual(["P0001/ecp-sftp"])
  })
})
