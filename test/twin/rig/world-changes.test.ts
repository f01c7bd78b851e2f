/**
 * The rig's endpoints re-judge their gates only after a step that changes the world (twin/rig/
 * world-changes.ts: a `world.change` or `world.converged` among the step's events), and a change still
 * reaches them at the end of the step in which it happened: the same virtual instant as judging after
 * every step. Default estate (it has the four RTS servers and the ECP and OCG-C ones), watched participant
 * P0002 (one circuit, P0002-c1; ECP user; OMD-C SS), stepped by 100 ms as the live hub steps a 1× world.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { premises } from "../../../topology/model.ts"
import { formatClock, type Micros } from "../../../twin/engine/time.ts"
import { startRig, type Rig } from "../../../twin/rig/rig.ts"
import { changesTheWorld } from "../../../twin/rig/world-changes.ts"
import { LiveSession } from "../../../twin/serve/live-session.ts"
import type { PathNow } from "../../../twin/world/sim-network.ts"
import { type EcpSftpEndpoint, startEcpSftp } from "../../../twin/wire/ecp/endpoint.ts"
import { type OcgCore } from "../../../twin/wire/ocg/session/core.ts"
import { startOcgRig } from "../../../twin/wire/ocg/rig-endpoint.ts"
import { type OmdRigEndpoint, startOmdRig } from "../../../twin/wire/omd/rig/omd-endpoint.ts"
import { defaultEstate, NINE, seconds } from "../wire/omd/rig/support.ts"

const model = defaultEstate()
const P = "P0002"
const circuit = "P0002-c1"
const rts = model.roles.rts
const ecpServers = model.nodes.filter((n) => n.kind === "ecp-sftp-server").map((n) => n.id)
const STEP: Micros = 100_000

/** After every step: the instant, whether the step changed the world, the gates as the endpoints hold them, and pathNow calls. */
interface Seen {
  readonly at: string
  readonly changed: boolean
  readonly rtsOpen: ReadonlyArray<boolean | undefined>
  readonly ecp: ReadonlyArray<string | undefined>
  readonly gatewayDown: boolean
  readonly asked: number
}

let stateDir: string
let rig: Rig
const seen: Array<Seen> = []
/** The same gates judged after every step by the test itself (what the endpoints did before). */
const judged: Array<Omit<Seen, "changed" | "asked">> = []
let gateway: string

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), "rig-changes-"))
  const live = new LiveSession({ model, seed: 7, window: { from: NINE, to: NINE + seconds(20) }, moved: [] })
  // Every pathNow the endpoints ask, counted; the test's own judgement goes around the count.
  const judge = live.pathNow.bind(live)
  let asked = 0
  live.pathNow = (from: string, to: string): PathNow | undefined => {
    asked++
    return judge(from, to)
  }
  let omd: OmdRigEndpoint | undefined
  let ecp: EcpSftpEndpoint | undefined
  let core: OcgCore | undefined
  rig = await startRig(
    [
      { service: "omd-c", start: async (ctx) => (omd = await startOmdRig(ctx, { addresses: { octet: 203, port: 44_000 } })) },
      { service: "ecp-sftp", start: async (ctx) => (ecp = await startEcpSftp(ctx)) },
      { service: "ocg-c", start: async (ctx) => { const e = await startOcgRig(ctx); core = e.core; return e } }
    ],
    { session: live, watched: [P], host: "127.0.0.1", stateDir, wallAt: () => undefined, log: () => undefined }
  )
  // P0002's primary OCG-C gateway (its first session's).
  gateway = model.file.participants.find((p) => p.id === P)!.ocgSessions![0]!.primary
  const fresh: Array<boolean> = []
  live.onAdvanced((events) => void fresh.push(changesTheWorld(events)))
  const record = async () => {
    // Let the endpoints' chained work (RTS listeners, ECP ports, the OCG-C sync) finish.
    await omd!.rts.settled()
    await ecp!.settled()
    for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r))
    const at = formatClock(live.now)
    seen.push({
      at,
      changed: fresh.splice(0).some((c) => c),
      rtsOpen: rts.map((n) => omd!.rts.isOpen(P, n)),
      ecp: ecpServers.map((s) => ecp!.reach(P, s)?._tag),
      gatewayDown: core!.isDown(gateway),
      asked
    })
    asked = 0
    const siteOpen = (s: string) => !model.nodeById.get(s)!.closedUntilFailover || live.state.drFailover
    const reach = (s: string) => {
      if (!siteOpen(s)) return "closed"
      const path = judge(premises(P).bss, s)
      return live.state.nodesDown.has(s) || path === undefined || !path.open ? "unreachable" : path.mtu < 1500 ? "mtu" : "open"
    }
    judged.push({ at, rtsOpen: rts.map((n) => judge(premises(P).feedHandler, n)?.open ?? false), ecp: ecpServers.map(reach), gatewayDown: live.state.nodesDown.has(gateway) })
  }
  // What the endpoints asked while starting (their first judgement) is not a step's.
  asked = 0
  const stepTo = async (to: Micros) => {
    while (live.now < to) {
      live.advance(Math.min(to, live.now + STEP))
      await record()
    }
  }
  await stepTo(NINE + seconds(5))
  live.apply({ type: "inject", fault: { kind: "link-down", link: circuit }, for: "4s" })
  // As the hub does after a control: its effects run at the instant reached.
  live.advance(live.now)
  await record()
  await stepTo(NINE + seconds(12))
  live.apply({ type: "inject", fault: { kind: "node-crash", node: gateway }, for: "3s" })
  live.advance(live.now)
  await record()
  await stepTo(NINE + seconds(20))
}, 120_000)

afterAll(async () => {
  await rig?.close()
  rmSync(stateDir, { recursive: true, force: true })
})

describe("the rig's gates follow the world's changes", () => {
  it("hold, after every step, what judging after every step gives", () => {
    expect(seen.length).toBe(judged.length)
    for (let i = 0; i < seen.length; i++) {
      const { at, rtsOpen, ecp, gatewayDown } = seen[i]!
      expect({ at, rtsOpen, ecp, gatewayDown }).toEqual(judged[i])
    }
  })

  it("the link-down closes RTS and ECP at 09:00:05, the instant it happens, until routing converges on its end; the gateway crash at 09:00:12", () => {
    const transitions = seen.filter((s, i) => i > 0 && JSON.stringify([s.rtsOpen, s.ecp, s.gatewayDown]) !== JSON.stringify([seen[i - 1]!.rtsOpen, seen[i - 1]!.ecp, seen[i - 1]!.gatewayDown]))
    const open = [true, true, true, true]
    // ECP: the dc1 servers are reached over P0002-c1; dc2's stay closed (closedUntilFailover, no DR here).
    const ecpOpen = ["open", "open", "closed", "closed"]
    // 09:00:05 link down: every path over P0002-c1 closes at once (the physical state). It comes back up at
    // 09:00:09, but routing converged at 09:00:06 (1 s later: world.converged) on no route through it, so
    // the paths open when it converges again, at 09:00:10. The crash of the gateway (node-crash, 3 s) is
    // the node's state: 09:00:12 to 09:00:15.
    expect(transitions.map((s) => [s.at, s.rtsOpen, s.ecp, s.gatewayDown])).toEqual([
      ["09:00:05.000", [false, false, false, false], ["unreachable", "unreachable", "closed", "closed"], false],
      ["09:00:10.000", open, ecpOpen, false],
      ["09:00:12.000", open, ecpOpen, true],
      ["09:00:15.000", open, ecpOpen, false]
    ])
  })

  it("ask pathNow only after the steps that change the world: 4 RTS paths and the 2 open ECP sites' each time", () => {
    expect(seen.filter((s) => !s.changed).map((s) => s.asked).filter((n) => n > 0)).toEqual([])
    // world.change at 09:00:05, 09:00:09, 09:00:12 and 09:00:15; world.converged 1 s after each. 200 steps
    // of 100 ms and two for the controls: 8 judged, the other 194 asked nothing.
    expect(seen.filter((s) => s.changed).map((s) => [s.at, s.asked])).toEqual(
      ["05", "06", "09", "10", "12", "13", "15", "16"].map((sec) => [`09:00:${sec}.000`, 6])
    )
    expect(seen.length).toBe(202)
  })
})
