/**
 * Limits per user of the ECP endpoint (sftp-port.ts, sftp-user.ts), set small here: 1 SFTP session at once,
 * 2 connections not logged in per port, 2 open handles, uploads of at most 50 000 bytes, 1.5 s to log in, 3 s of silence. The world stays at
 * 09:00 (nothing here depends on the twin's time).
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs"
import { connect } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ofKind } from "../../../../twin/contract/trace-event.ts"
import type { LiveSession } from "../../../../twin/serve/live-session.ts"
import { SftpStatus } from "../../../../twin/wire/ecp/confine.ts"
import { type EcpSftpEndpoint, startEcpSftp } from "../../../../twin/wire/ecp/endpoint.ts"
import { participantKeyPath } from "../../../../twin/wire/ecp/keys.ts"
import { sftpBatch } from "./sftp-client.ts"
import { openCode, openSession } from "./ssh2-client.ts"
import { liveEcp } from "./support.ts"

let live: LiveSession
let endpoint: EcpSftpEndpoint
let stateDir: string
let work: string
const port = () => endpoint.listing().find((l) => l.participant === "P1" && l.element === "ecp-dc1-1")!.port
const key = () => participantKeyPath(stateDir, "P1")

beforeAll(async () => {
  live = liveEcp(7)
  stateDir = mkdtempSync(join(tmpdir(), "ecp-limits-state-"))
  work = mkdtempSync(join(tmpdir(), "ecp-limits-work-"))
  endpoint = await startEcpSftp(
    { session: live, watched: ["P1"], host: "127.0.0.1", stateDir, wallAt: () => undefined, log: () => undefined },
    { limits: { maxSessions: 1, maxStartups: 2, maxHandles: 2, maxUploadBytes: 50_000, loginGraceMs: 1500, idleMs: 3000 } }
  )
}, 60_000)

afterAll(async () => {
  await endpoint?.close()
  rmSync(stateDir, { recursive: true, force: true })
  rmSync(work, { recursive: true, force: true })
})

describe("limits per user", () => {
  it("a second SFTP session while one is open is refused (subsystem request failed)", async () => {
    const held = await openSession(port(), "P1", key())
    try {
      const second = await sftpBatch({ user: "P1", port: port(), key: key(), commands: ["ls"], cwd: work })
      expect(second.code).toBe(255)
      expect(second.stderr).toContain("subsystem request failed on channel 0")
    } finally {
      held.client.end()
      await held.ended
    }
    // The slot is free again once the first session ended.
    const third = await sftpBatch({ user: "P1", port: port(), key: key(), commands: ["ls"], cwd: work })
    expect(third.code).toBe(0)
  }, 30_000)

  it("a third open handle fails with FAILURE (4)", async () => {
    const s = await openSession(port(), "P1", key())
    try {
      const handle = (path: string) => new Promise<number>((resolve) => s.sftp.open(path, "w", (e) => resolve(e === undefined || e === null ? 0 : Number((e as { code?: number }).code))))
      expect(await handle("upload/a.csv")).toBe(SftpStatus.OK)
      expect(await handle("upload/b.csv")).toBe(SftpStatus.OK)
      expect(await openCode(s.sftp, "upload/c.csv", "w")).toBe(SftpStatus.FAILURE)
    } finally {
      s.client.end()
      await s.ended
    }
  }, 30_000)

  it("an upload over the size limit fails, is removed and never reaches the trace", async () => {
    writeFileSync(join(work, "big.csv"), Buffer.alloc(60_000, 0x42))
    const r = await sftpBatch({ user: "P1", port: port(), key: key(), commands: ["put big.csv upload/BIG.csv"], cwd: work })
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('write remote "/upload/BIG.csv": Failure')
    const ls = await sftpBatch({ user: "P1", port: port(), key: key(), commands: ["ls upload"], cwd: work })
    expect(ls.stdout).not.toContain("BIG.csv")
    live.advance(live.now)
    expect(ofKind(live.log, "ecp.wire").filter((e) => e.data.event === "upload" && e.data.file === "BIG.csv")).toEqual([])
  }, 30_000)

  it("a client that never logs in is closed after the login grace time; one silent after login after the idle time", async () => {
    const silent = connect({ host: "127.0.0.1", port: port() })
    silent.on("error", () => undefined)
    silent.resume() // read (and drop) the server's banner, or the close is never seen
    const closedAfter = await new Promise<number>((resolve) => {
      const t0 = Date.now()
      silent.on("close", () => resolve(Date.now() - t0))
    })
    // Not a speed check: the close came from the server (1.5 s grace), not from the 30 s test timeout.
    expect(closedAfter).toBeGreaterThanOrEqual(1400)
    const idle = await openSession(port(), "P1", key())
    expect(await idle.ended).toBe("closed")
    live.advance(live.now)
    expect(ofKind(live.log, "ecp.wire").filter((e) => e.data.event === "dropped").map((e) => e.data.reason)).toEqual(["idle"])
  }, 30_000)

  it("idle means no SFTP request: SSH keepalives every 0.5 s do not hold a session open", async () => {
    // The client's keepalives (as OpenSSH's ServerAliveInterval sends them, and the server's own every 15 s
    // answered) kept the socket busy, so an idle limit on the socket never fired (found with OpenSSH's sftp).
    const held = await openSession(port(), "P1", key(), 500)
    const t0 = Date.now()
    expect(await held.ended).toBe("closed")
    // 3 s from the connection's start, the login taking the rest (without the fix: never, the 30 s timeout).
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1500)
    live.advance(live.now)
    expect(ofKind(live.log, "ecp.wire").filter((e) => e.data.event === "dropped").map((e) => e.data.reason)).toEqual(["idle", "idle"])
  }, 30_000)
})

describe("connections not logged in", () => {
  it("past maxStartups (2) a new connection is closed without the server's banner", async () => {
    // What each raw connection reads before it closes (ssh2 sends `SSH-2.0-ECP-SFTP` on accept).
    const raw = () => {
      const s = connect({ host: "127.0.0.1", port: port() })
      s.on("error", () => undefined)
      let got = ""
      s.on("data", (b: Buffer) => (got += b.toString()))
      const closed = new Promise<string>((resolve) => s.on("close", () => resolve(got.trim())))
      return { s, closed, banner: new Promise<void>((resolve) => s.once("data", () => resolve())) }
    }
    const a = raw()
    const b = raw()
    await Promise.all([a.banner, b.banner])
    const c = raw()
    expect(await c.closed).toBe("")
    a.s.destroy()
    b.s.destroy()
    expect(await a.closed).toBe("SSH-2.0-ECP-SFTP")
    expect(await b.closed).toBe("SSH-2.0-ECP-SFTP")
  }, 30_000)
})

describe("nobody to serve", () => {
  it("without a watched ECP participant the endpoint opens nothing and writes nothing to the state folder", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ecp-none-"))
    try {
      const none = await startEcpSftp({ session: live, watched: [], host: "127.0.0.1", stateDir: dir, wallAt: () => undefined, log: () => undefined })
      expect(none.listing()).toEqual([])
      expect(readdirSync(dir)).toEqual([])
      await none.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
