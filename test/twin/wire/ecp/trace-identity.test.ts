/**
 * The endpoint only writes to the trace what a participant did over the wire: a live world with the ECP
 * endpoint serving P1 and P2, and nobody connecting, writes the same trace, line for line, as one without it.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { expect, it } from "vitest"
import { startEcpSftp } from "../../../../twin/wire/ecp/endpoint.ts"
import { liveEcp, minutes, NINE } from "./support.ts"

it("with the endpoint and no client, the trace is the one without it", async () => {
  const bare = liveEcp(7)
  const served = liveEcp(7)
  const dir = mkdtempSync(join(tmpdir(), "ecp-identity-"))
  const endpoint = await startEcpSftp({ session: served, watched: ["P1", "P2"], host: "127.0.0.1", stateDir: dir, wallAt: () => undefined, log: () => undefined })
  try {
    // The same slices for both (the live trace does not depend on them, docs/trace.md; kept equal anyway).
    for (let m = 1; m <= 30; m++) {
      bare.advance(NINE + minutes(m))
      served.advance(NINE + minutes(m))
      await endpoint.settled()
    }
    expect(served.lines.length).toBe(bare.lines.length)
    expect(served.lines.join("\n")).toBe(bare.lines.join("\n"))
  } finally {
    await endpoint.close()
    rmSync(dir, { recursive: true, force: true })
  }
}, 60_000)
