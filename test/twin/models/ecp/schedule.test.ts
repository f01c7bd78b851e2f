import { describe, expect, it } from "vitest"
import { parseClock } from "../../../../twin/engine/time.ts"
import { ecpSchedule } from "../../../../twin/models/ecp/index.ts"

const at = (t: string) => parseClock(t)!

describe("ECP file-exchange schedule", () => {
  it("gives the same day for the same seed and participant, and another day for another participant", () => {
    const a = ecpSchedule({ participant: "P0001", seed: 20260226 })
    expect(ecpSchedule({ participant: "P0001", seed: 20260226 })).toEqual(a)
    expect(ecpSchedule({ participant: "P0002", seed: 20260226 }).map((j) => j.at)).not.toEqual(a.map((j) => j.at))
  })

  it("puts uploads in 07:00–15:00 and downloads in 18:00–20:00 (DOMAIN §4), on whole seconds, in time order", () => {
    const jobs = ecpSchedule({ participant: "P0042", seed: 7, uploads: 5, downloads: 3 })
    const ups = jobs.filter((j) => j.direction === "upload")
    const downs = jobs.filter((j) => j.direction === "download")
    expect(ups.map((j) => j.id)).toEqual(["P0042/up-01", "P0042/up-02", "P0042/up-03", "P0042/up-04", "P0042/up-05"])
    expect(downs.map((j) => j.id)).toEqual(["P0042/down-01", "P0042/down-02", "P0042/down-03"])
    for (const j of ups) {
      expect(j.at).toBeGreaterThanOrEqual(at("07:00"))
      expect(j.at).toBeLessThan(at("15:00"))
      expect(j.deadline - j.at).toBe(30 * 60 * 1_000_000)
    }
    for (const j of downs) {
      expect(j.at).toBeGreaterThanOrEqual(at("18:00"))
      expect(j.at).toBeLessThan(at("20:00"))
    }
    for (const j of jobs) expect(j.at % 1_000_000).toBe(0)
    expect(ups.map((j) => j.at)).toEqual(ups.map((j) => j.at).sort((x, y) => x - y))
    // Kinds alternate in draw order: BCAN, HKIDR-CID, BCAN, … (then sorted by time).
    expect(ups.filter((j) => j.file.startsWith("BCAN_")).length).toBe(3)
  })
})

describe("named files (settings.ecp.files)", () => {
  it("come after the seeded ones, numbered on per direction, with the direction's default deadline unless set; the seeded day is unchanged", () => {
    const seeded = ecpSchedule({ participant: "P0001", seed: 3 })
    const jobs = ecpSchedule({
      participant: "P0001",
      seed: 3,
      named: [
        { kind: "BCAN", direction: "upload", at: at("09:00"), bytes: 65_536 },
        { kind: "FULL-IMAGE", direction: "download", at: at("18:30"), bytes: 40 * 1_048_576, deadlineAfter: 15 * 60_000_000 }
      ]
    })
    expect(jobs.slice(0, 5)).toEqual(seeded)
    expect(jobs.slice(5)).toEqual([
      // 3 seeded uploads and 2 seeded downloads before them; upload deadline 30 min after 09:00.
      { id: "P0001/up-04", file: "BCAN_P0001_04.csv", direction: "upload", at: at("09:00"), bytes: 65_536, deadline: at("09:30") },
      { id: "P0001/down-03", file: "FULL-IMAGE_P0001_03.csv", direction: "download", at: at("18:30"), bytes: 41_943_040, deadline: at("18:45") }
    ])
  })
})
