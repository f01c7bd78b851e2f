/**
 * A training drill's world is a world the real endpoints can follow (twin drill starts the rig beside it):
 * each step's events in order, the hidden fault's effect on a path, and the rig's listing of a real
 * endpoint started on it.
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { catalogues } from "../../../scenarios/catalogues.ts"
import { loadDrill } from "../../../scenarios/drill/load-drill.ts"
import { premises } from "../../../topology/model.ts"
import { DrillWorld } from "../../../twin/serve/drill/drill-world.ts"
import { startRig } from "../../../twin/rig/rig.ts"
import { omdRig } from "../../../twin/wire/omd/rig/omd-endpoint.ts"

const MIN = 60_000_000
const NINE = 9 * 60 * MIN
const fixture = new URL("../serve/drill/fixtures/pages-feed-drill.yaml", import.meta.url).pathname

describe("DrillWorld as the rig's live world", () => {
  it("hands each step's events over in order and closes the crashed publisher's path at 09:02", async () => {
    const drill = await Effect.runPromise(loadDrill(fixture, { catalogues }).pipe(Effect.provide(NodeServices.layer)))
    const world = new DrillWorld(drill)
    const header = world.log.length
    let handed = 0
    world.onAdvanced((fresh, now) => {
      handed += fresh.length
      expect(now).toBe(world.now)
    })
    // The fixture's hidden script: omdc-pub-a (line A's publisher) crashes at 09:02 and stays down.
    const publisher = drill.scenario.faults[0]!.kind.targets(drill.scenario.faults[0]!.params, drill.scenario.model)[0]!
    const fh = premises("P1").feedHandler
    world.advance(NINE + 2 * MIN - 1)
    expect(world.pathNow(publisher, fh)?.open).toBe(true)
    world.advance(NINE + 2 * MIN + 1)
    expect(world.pathNow(publisher, fh)?.open ?? false).toBe(false)
    expect(world.state.nodesDown.has(publisher)).toBe(true)
    expect(handed).toBe(world.log.length - header)
  })

  it("the OMD-C endpoint starts on it and lists the watched participant's lines", async () => {
    const drill = await Effect.runPromise(loadDrill(fixture, { catalogues }).pipe(Effect.provide(NodeServices.layer)))
    const world = new DrillWorld(drill)
    const rig = await startRig([omdRig()], { session: world, watched: ["P1"], host: "127.0.0.1", stateDir: "/tmp/unused", wallAt: () => undefined, log: () => undefined })
    try {
      const roles = rig.listing().filter((l) => l.participant === "P1").map((l) => l.role)
      expect(roles).toContain("line-A")
      expect(roles).toContain("line-B")
    } finally {
      await rig.close()
    }
  })
})
