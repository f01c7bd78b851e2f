/**
 * During `twin serve` of a drill (a scenario's own fault, ecp-drill.yaml: P2's only circuit P2-c1 down
 * 09:03–09:05), P2's OpenSSH `sftp` works exactly while the twin says P2 reaches ECP.
 */
import * as NodeServices from "@effect/platform-node/NodeServices"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { expect, it } from "vitest"
import { catalogues } from "../../../../scenarios/catalogues.ts"
import { loadScenario } from "../../../../scenarios/load.ts"
import { premises } from "../../../../topology/model.ts"
import { ofKind } from "../../../../twin/contract/trace-event.ts"
import { startRig } from "../../../../twin/rig/rig.ts"
import { LiveSession } from "../../../../twin/serve/live-session.ts"
import { type EcpSftpEndpoint, startEcpSftp } from "../../../../twin/wire/ecp/endpoint.ts"
import { participantKeyPath } from "../../../../twin/wire/ecp/keys.ts"
import { sftpBatch } from "./sftp-client.ts"
import { minutes, NINE, seconds } from "./support.ts"

const scenario = await Effect.runPromise(loadScenario(new URL("./ecp-drill.yaml", import.meta.url).pathname, { catalogues }).pipe(Effect.provide(NodeServices.layer)))

it("P2's sftp works before the scenario's fault, times out while it lasts, works again after it", async () => {
  const live = new LiveSession({ scenario })
  const stateDir = mkdtempSync(join(tmpdir(), "ecp-drill-"))
  let endpoint: EcpSftpEndpoint | undefined
  const rig = await startRig([{ service: "ecp-sftp", start: async (ctx) => (endpoint = await startEcpSftp(ctx)) }], {
    session: live, watched: ["P2"], host: "127.0.0.1", stateDir, wallAt: () => undefined, log: () => undefined
  })
  try {
    const port = rig.listing().find((l) => l.element === "ecp-dc1-1")!.port
    const ls = () => sftpBatch({ user: "P2", port, key: participantKeyPath(stateDir, "P2"), commands: ["ls"] })
    const at = async (t: number) => {
      live.advance(t)
      await endpoint!.settled()
      return live.pathNow(premises("P2").bss, "ecp-dc1-1")?.open ?? false
    }
    // The twin's judgement and the wire's, side by side, just before, during and after the fault.
    expect(await at(NINE + minutes(3) - 1)).toBe(true)
    expect((await ls()).code).toBe(0)
    expect(await at(NINE + minutes(3))).toBe(false)
    const cut = await ls()
    expect(cut.code).toBe(255)
    expect(cut.stderr).toMatch(/Connection timed out/)
    expect(await at(NINE + minutes(5) + seconds(1))).toBe(true)
    expect((await ls()).code).toBe(0)
    expect(ofKind(live.log, "scenario.fault").map((e) => `${e.t - NINE} ${e.subject} ${e.data.status}`)).toEqual([`${minutes(3)} p2-cut start`, `${minutes(5)} p2-cut end`])
  } finally {
    await rig.close()
    rmSync(stateDir, { recursive: true, force: true })
  }
}, 60_000)
