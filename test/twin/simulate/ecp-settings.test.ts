import { readFileSync } from "node:fs"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { defaultEstatePath, parseEstate } from "../../../topology/load.ts"
import { buildModel } from "../../../topology/model.ts"
import { type Micros, parseClock } from "../../../twin/engine/time.ts"
import { MemoryTrace } from "../../../twin/engine/trace.ts"
import type { EcpSettings } from "../../../twin/settings/ecp.ts"
import { simulate } from "../../../twin/simulate/simulate.ts"
import { ecpWiring } from "../../../twin/simulate/wire-ecp.ts"
import type { Wiring } from "../../../twin/simulate/wiring.ts"
import { WorldChange } from "../../../twin/world/world-change.ts"

// A small estate: the default one with a single participant, P0001 (ECP; circuits P0001-c1 583 µs and
// P0001-c2 1,200 µs, both 50 Mbps). Its route to either primary-site ECP server is
//   P0001.lan-bss 10 + P0001-c1 583 + ca-pop-1--ar-dc1-a 180 + ar-dc1-a--fw-dc1-a 2 + fw-dc1-a--old-dist-dc1-a 3
//   + ecp-sftp-dc1-N--old-dist-dc1-a 5 = 783 µs one way,
// and a message also waits its serialisation on the slowest link, the 50 Mbps circuit: ⌈bytes × 8 / 50⌉ µs —
// 26 µs for a 160-byte control message, 160 µs for a 1,000-byte WRITE, 5,243 µs for a 32 KiB DATA.
// So a control round trip (OPEN → HANDLE, CLOSE → STATUS, READ → small reply) takes 2 × (26 + 783) = 1,618 µs.
const parsed = parseEstate("default", readFileSync(defaultEstatePath, "utf8"))
if (Result.isFailure(parsed)) throw new Error("default estate does not parse")
const p0001 = parsed.success.participants.find((p) => p.id === "P0001")!
const model = buildModel({ ...parsed.success, participants: [p0001] })

const at = (t: string): Micros => parseClock(t)!

/** Only the named files: the seeded day is set to none. */
const files = (small: number, large: number): EcpSettings => ({
  uploads: { count: 0 },
  downloads: { count: 0 },
  files: [
    { kind: "BCAN", direction: "upload", at: at("09:00"), bytes: small },
    { kind: "FULL-IMAGE", direction: "download", at: at("09:01"), bytes: large, deadlineAfter: 5 * 60_000_000 }
  ]
})

/** 08:59–09:20 with `settings`; `mtu` on both of P0001's circuits from the start. */
const day = (ecp: EcpSettings, mtu?: number) => {
  const trace = new MemoryTrace()
  const cut: Wiring = {
    system: "faults",
    wire: ({ world }) => {
      if (mtu !== undefined) for (const c of p0001.circuits) world.apply(WorldChange.linkMtu(c.id, mtu))
    }
  }
  simulate({ model, seed: 1, window: { from: at("08:59"), to: at("09:20") }, wirings: [cut, ecpWiring], trace, settings: { ecp } })
  return trace.ofKind("ecp.transfer").map((e) => [e.t, e.data["job"], e.data["event"], e.data["attempt"], e.data["done"]])
}

describe("ECP files set by the user (settings.ecp.files)", () => {
  it("with an MTU cut to 1,400 on the participant's circuits, a 1,000-byte upload completes and a 64 KiB download stalls and misses its deadline", () => {
    const t = at("09:00")
    const u = at("09:01")
    expect(day(files(1000, 64 * 1024), 1400)).toEqual([
      // OPEN/HANDLE 1,618; the one WRITE (1,000 B ≤ 1,400: it passes) 160 + 783 and its STATUS 26 + 783;
      // CLOSE/STATUS 1,618: 1,618 + 943 + 809 + 1,618 = 4,988 µs.
      [t, "P0001/up-01", "started", 1, 0],
      [t + 4_988, "P0001/up-01", "completed", 1, 1000],
      // OPEN/HANDLE at +1,618 is the last progress: the two 32 KiB DATA replies are 1,500-byte packets
      // above the cut and vanish. Stalled 10 s later, failed 60 s later (the transfer policy).
      [u, "P0001/down-01", "started", 1, 0],
      [u + 10_001_618, "P0001/down-01", "stalled", 1, 0],
      [u + 60_001_618, "P0001/down-01", "failed", 1, 0],
      // 30 s retry delay, on the second server (the session was dropped with the hung transfer); the same
      // 1,618 µs to its HANDLE, and the same stall.
      [u + 90_001_618, "P0001/down-01", "retried", 2, 0],
      [u + 100_003_236, "P0001/down-01", "stalled", 2, 0],
      [u + 150_003_236, "P0001/down-01", "failed", 2, 0],
      [u + 180_003_236, "P0001/down-01", "retried", 3, 0],
      [u + 190_004_854, "P0001/down-01", "stalled", 3, 0],
      [u + 240_004_854, "P0001/down-01", "failed", 3, 0],
      [u + 270_004_854, "P0001/down-01", "retried", 4, 0],
      [u + 280_006_472, "P0001/down-01", "stalled", 4, 0],
      // Its deadline, 5 min after 09:01: not a byte moved.
      [at("09:06"), "P0001/down-01", "missed-deadline", 4, 0],
      [u + 330_006_472, "P0001/down-01", "failed", 4, 0],
      [u + 360_006_472, "P0001/down-01", "retried", 5, 0],
      [u + 370_008_090, "P0001/down-01", "stalled", 5, 0],
      [u + 420_008_090, "P0001/down-01", "failed", 5, 0],
      // The upload's response (10 % of 1,000 B, at least 1,024 B: under the cut) is ready 600 s after the
      // server saw the CLOSE (09:00 + 4,988 − 809 = 09:10:00.004179). The client polls every 60 s from its
      // session's start: the session after attempt 5's failure was up at 09:08:00.010040 (a 1,200-byte
      // connect and its answer, 2 × (192 + 783) µs), so its poll at 09:10:00.010040 lists the response,
      // back 1,618 µs later.
      [t + 600_011_658, "P0001/up-01/response", "started", 1, 0],
      [t + 600_016_650, "P0001/up-01/response", "completed", 1, 1024]
    ])
  })

  it("without the cut the 64 KiB download completes at the pace of the 50 Mbps circuit", () => {
    const u = at("09:01")
    const seen = day(files(1000, 64 * 1024)).filter((e) => e[1] === "P0001/down-01")
    // HANDLE at +1,618; READ 0 and READ 1 leave back to back (26 µs each): at the server at +2,427 and
    // +2,453. DATA 0 takes 5,243 + 783: back at +8,453; DATA 1 waits for DATA 0 to leave the circuit
    // (+2,427 + 5,243 = +7,670), then 5,243 + 783: back at +13,696. CLOSE/STATUS 1,618: +15,314.
    expect(seen).toEqual([
      [u, "P0001/down-01", "started", 1, 0],
      [u + 15_314, "P0001/down-01", "completed", 1, 65_536]
    ])
  })

  it("a file named for other participants is not P0001's", () => {
    const elsewhere: EcpSettings = {
      uploads: { count: 0 },
      downloads: { count: 0 },
      files: [{ kind: "BCAN", direction: "upload", at: at("09:00"), bytes: 1000, participants: ["P0002"] }]
    }
    expect(day(elsewhere)).toEqual([])
    expect(day({ ...elsewhere, files: [{ ...elsewhere.files![0]!, participants: ["P0002", "P0001"] }] }).slice(0, 2)).toEqual([
      [at("09:00"), "P0001/up-01", "started", 1, 0],
      [at("09:00") + 4_988, "P0001/up-01", "completed", 1, 1000]
    ])
  })

  it("the seeded day takes its count, window and sizes from settings.ecp.uploads", () => {
    // A one-second window has one whole-second slot: the upload starts at 09:00:00 exactly; a size range of
    // [1000, 1000] draws 1,000 bytes. Same exchange as the named upload above: 4,988 µs.
    const seeded: EcpSettings = {
      uploads: { count: 1, from: at("09:00"), until: at("09:00:01"), bytes: [1000, 1000], deadlineAfter: 60_000_000 },
      downloads: { count: 0 }
    }
    expect(day(seeded).slice(0, 2)).toEqual([
      [at("09:00"), "P0001/up-01", "started", 1, 0],
      [at("09:00") + 4_988, "P0001/up-01", "completed", 1, 1000]
    ])
  })
})
