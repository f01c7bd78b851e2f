/**
 * The ECP SFTP endpoint checked with OpenSSH's `sftp -b` on loopback, beside a live world on the ECP test
 * estate (support.ts: P1 dual-homed, P2 on one circuit P2-c1; servers ecp-dc1-1, ecp-dc1-2 and ecp-dc2-1,
 * the last closed until failover) started through the rig. The test moves the world's time itself
 * (`live.advance`), so nothing depends on the wall clock but the clients' own timeouts.
 *
 * One rig for the whole file, the tests in order along the world's morning (09:00 → 09:30).
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Result } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ofKind } from "../../../../twin/contract/trace-event.ts"
import { type Rig, startRig } from "../../../../twin/rig/rig.ts"
import type { LiveSession } from "../../../../twin/serve/live-session.ts"
import { fileBytes } from "../../../../twin/wire/ecp/content.ts"
import { type EcpSftpEndpoint, startEcpSftp } from "../../../../twin/wire/ecp/endpoint.ts"
import { newKeyPair, participantKeyPath } from "../../../../twin/wire/ecp/keys.ts"
import { SftpStatus } from "../../../../twin/wire/ecp/confine.ts"
import { sftpBatch } from "./sftp-client.ts"
import { openCode, openSession, statCode, symlinkCode } from "./ssh2-client.ts"
import { liveEcp, minutes, NINE, seconds } from "./support.ts"

let live: LiveSession
let rig: Rig
let endpoint: EcpSftpEndpoint
let stateDir: string
let work: string

const portOf = (p: string, server: string): number => rig.listing().find((l) => l.participant === p && l.element === server)!.port
const key = (p: string) => participantKeyPath(stateDir, p)
const sftp = (p: string, server: string, commands: ReadonlyArray<string>, as = p) => sftpBatch({ user: as, port: portOf(p, server), key: key(p), commands, cwd: work })
const wire = () => ofKind(live.log, "ecp.wire").map((e) => ({ t: e.t, subject: e.subject, ...e.data }))
/** Moves the world to `t` and waits until every port took the new reach. */
const advance = async (t: number) => {
  live.advance(t)
  await endpoint.settled()
}
const inject = (fault: Record<string, unknown>, forText: string) => {
  const r = live.apply({ type: "inject", fault, for: forText } as Parameters<LiveSession["apply"]>[0])
  expect(Result.isSuccess(r)).toBe(true)
}

beforeAll(async () => {
  live = liveEcp(7)
  stateDir = mkdtempSync(join(tmpdir(), "ecp-wire-state-"))
  work = mkdtempSync(join(tmpdir(), "ecp-wire-work-"))
  rig = await startRig([{ service: "ecp-sftp", start: async (ctx) => (endpoint = await startEcpSftp(ctx)) }], {
    session: live,
    watched: ["P1", "P2"],
    host: "127.0.0.1",
    stateDir,
    wallAt: () => undefined,
    log: () => undefined
  })
}, 60_000)

afterAll(async () => {
  await rig?.close()
  rmSync(stateDir, { recursive: true, force: true })
  rmSync(work, { recursive: true, force: true })
})

describe("the ports and keys", () => {
  it("lists one port per watched participant and ECP server, keys 0600 in the state folder", () => {
    // 2 participants × 3 servers (nodes of kind ecp-sftp-server, in the estate's order).
    expect(rig.listing().map((l) => `${l.name}|${l.participant}|${l.element}|${l.role}|${l.transport}`)).toEqual([
      "P1 sftp ecp-dc1-1|P1|ecp-dc1-1|sftp|tcp",
      "P1 sftp ecp-dc1-2|P1|ecp-dc1-2|sftp|tcp",
      "P1 sftp ecp-dc2-1|P1|ecp-dc2-1|sftp|tcp",
      "P2 sftp ecp-dc1-1|P2|ecp-dc1-1|sftp|tcp",
      "P2 sftp ecp-dc1-2|P2|ecp-dc1-2|sftp|tcp",
      "P2 sftp ecp-dc2-1|P2|ecp-dc2-1|sftp|tcp"
    ])
    expect(readFileSync(key("P1"), "utf8")).toContain("BEGIN OPENSSH PRIVATE KEY")
    expect(statSync(key("P1")).mode & 0o777).toBe(0o600)
    expect(statSync(join(stateDir, "ecp", "host_ed25519")).mode & 0o777).toBe(0o600)
  })
})

describe("files on the twin's schedule", () => {
  it("the day's file is absent before its time, then listed and downloaded byte for byte", async () => {
    const before = await sftp("P1", "ecp-dc1-1", ["ls download"])
    expect(before.code).toBe(0)
    expect(before.stdout).toBe("sftp> ls download\n")
    // support.ts: DAILY download of 100 000 bytes at 09:01 (named files are numbered 01 after 0 seeded ones).
    await advance(NINE + minutes(1))
    const r = await sftp("P1", "ecp-dc1-1", ["ls download", "get download/DAILY_P1_01.csv got.csv"])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain("download/DAILY_P1_01.csv")
    expect(readFileSync(join(work, "got.csv")).equals(fileBytes(7, "P1", "DAILY_P1_01.csv", 100_000))).toBe(true)
    live.advance(live.now) // the endpoint's events are written at the instant reached, on the next step
    // Two sessions (the ls before 09:01, then this one): login, logout, and the download of 100 000 bytes at 09:01.
    expect(wire().filter((e) => e.subject === "P1").map((e) => `${e.t - NINE}:${e.event}:${"bytes" in e ? e.bytes : ""}`)).toEqual([
      "0:login:",
      "0:logout:",
      `${minutes(1)}:login:`,
      `${minutes(1)}:download:100000`,
      `${minutes(1)}:logout:`
    ])
  })

  it("an upload is acknowledged in the trace and its response appears 600 s later (the model's delay and size rule)", async () => {
    writeFileSync(join(work, "bcan.csv"), Buffer.alloc(20_000, 0x41))
    const r = await sftp("P1", "ecp-dc1-1", ["put bcan.csv upload/BCAN_P1_99.csv"])
    expect(r.code).toBe(0)
    live.advance(live.now)
    const up = wire().find((e) => e.event === "upload")!
    expect(up).toEqual({ t: NINE + minutes(1), subject: "P1", event: "upload", server: "ecp-dc1-1", file: "BCAN_P1_99.csv", bytes: 20_000 })
    // Response: max(1024, round(20 000 × 0.1)) = 2000 bytes, ready at 09:01 + 600 s = 09:11.
    await advance(NINE + minutes(11) - 1)
    expect(existsSync(join(stateDir, "ecp/home/P1/download/BCAN_P1_99.csv.resp"))).toBe(false)
    await advance(NINE + minutes(11))
    expect(wire().find((e) => e.event === "response-ready")).toEqual({
      t: NINE + minutes(11),
      subject: "P1",
      event: "response-ready",
      server: "ecp-dc1-1",
      file: "BCAN_P1_99.csv.resp",
      bytes: 2000,
      answers: "BCAN_P1_99.csv"
    })
    const got = await sftp("P1", "ecp-dc1-2", ["get download/BCAN_P1_99.csv.resp resp.csv"])
    expect(got.code).toBe(0)
    expect(readFileSync(join(work, "resp.csv")).equals(fileBytes(7, "P1", "BCAN_P1_99.csv.resp", 2000))).toBe(true)
  }, 30_000)

  it("a resumed upload (OpenSSH's reput: WRITE|CREAT|APPEND) keeps the part already there", async () => {
    const full = Buffer.from(Array.from({ length: 100_003 }, (_, i) => (i * 7 + (i >> 8)) & 0xff))
    writeFileSync(join(work, "full.bin"), full)
    writeFileSync(join(work, "part.bin"), full.subarray(0, 40_000))
    const r = await sftp("P1", "ecp-dc1-1", ["put part.bin upload/RESUME_P1_01.bin", "reput full.bin upload/RESUME_P1_01.bin", "get upload/RESUME_P1_01.bin back.bin"])
    expect(r.code, r.stderr).toBe(0)
    // Before: the open emptied the file, so its first 40,000 bytes came back as zeros.
    expect(readFileSync(join(work, "back.bin")).equals(full)).toBe(true)
  }, 30_000)
})

describe("authentication and confinement", () => {
  it("a wrong key, another participant's key and another user name are refused", async () => {
    const pair = newKeyPair("stray")
    const stray = join(work, "stray")
    writeFileSync(stray, pair.private, { mode: 0o600 })
    chmodSync(stray, 0o600)
    const wrong = await sftpBatch({ user: "P1", port: portOf("P1", "ecp-dc1-1"), key: stray, commands: ["ls"], cwd: work })
    expect(wrong.code).toBe(255)
    expect(wrong.stderr).toContain("P1@127.0.0.1: Permission denied (publickey).")
    const p2key = await sftpBatch({ user: "P1", port: portOf("P1", "ecp-dc1-1"), key: key("P2"), commands: ["ls"], cwd: work })
    expect(p2key.stderr).toContain("Permission denied (publickey).")
    // P2 with its own key on P1's port: the port is P1's.
    const p2 = await sftpBatch({ user: "P2", port: portOf("P1", "ecp-dc1-1"), key: key("P2"), commands: ["ls"], cwd: work })
    expect(p2.stderr).toContain("P2@127.0.0.1: Permission denied (publickey).")
  }, 30_000)

  it("traversal, absolute and encoded paths, links and writes outside /upload are refused as OpenSSH's sftp shows them", async () => {
    // A link an operator left in P1's folder, to P2's file and to /etc: neither may be followed.
    symlinkSync(join(stateDir, "ecp/home/P2/download/DAILY_P2_01.csv"), join(stateDir, "ecp/home/P1/download/escape.csv"))
    symlinkSync("/etc", join(stateDir, "ecp/home/P1/download/etc"))
    const r = await sftp("P1", "ecp-dc1-1", [
      "-get ../P2/download/DAILY_P2_01.csv",
      "-get /etc/passwd",
      "-get %2e%2e/%2e%2e/etc/passwd",
      "-get download/escape.csv",
      "-get download/etc/passwd",
      "-symlink download/DAILY_P1_01.csv upload/link",
      "-put bcan.csv download/x.csv",
      "-rm download/DAILY_P1_01.csv",
      "-cd ../..",
      "pwd"
    ])
    expect(r.stderr.split("\r\n").filter((l) => l !== "")).toEqual([
      'File "/../P2/download/DAILY_P2_01.csv" not found.',
      'File "/etc/passwd" not found.',
      'File "/%2e%2e/%2e%2e/etc/passwd" not found.',
      'File "/download/escape.csv" not found.',
      'File "/download/etc/passwd" not found.',
      'remote symlink file "download/DAILY_P1_01.csv" to "/upload/link": Permission denied',
      'dest open "/download/x.csv": Permission denied',
      "remote delete /download/DAILY_P1_01.csv: Permission denied"
    ])
    // `..` stops at the user's root, as in a chroot.
    expect(r.stdout).toContain("Remote working directory: /\n")
    // Nor listed: a listing showed the links with their targets' size, time and kind (/etc a directory).
    const listed = await sftp("P1", "ecp-dc1-1", ["ls -l download"])
    expect(listed.code).toBe(0)
    expect(listed.stdout).toContain("DAILY_P1_01.csv")
    expect(listed.stdout).not.toMatch(/escape\.csv|\setc\b/)
  }, 30_000)

  it("the status codes on the wire: NO_SUCH_FILE (2) outside the view, PERMISSION_DENIED (3) for links out and writes", async () => {
    const s = await openSession(portOf("P1", "ecp-dc1-1"), "P1", key("P1"))
    try {
      expect(await statCode(s.sftp, "../P2/download/DAILY_P2_01.csv")).toBe(SftpStatus.NO_SUCH_FILE)
      expect(await statCode(s.sftp, "/etc/passwd")).toBe(SftpStatus.NO_SUCH_FILE)
      expect(await statCode(s.sftp, "download/DAILY_P1_01.csv\u0000.txt")).toBe(SftpStatus.NO_SUCH_FILE)
      expect(await statCode(s.sftp, "download/escape.csv")).toBe(SftpStatus.PERMISSION_DENIED)
      expect(await statCode(s.sftp, "download/etc/passwd")).toBe(SftpStatus.PERMISSION_DENIED)
      expect(await openCode(s.sftp, "download/escape.csv", "r")).toBe(SftpStatus.PERMISSION_DENIED)
      expect(await openCode(s.sftp, "download/DAILY_P1_01.csv", "w")).toBe(SftpStatus.PERMISSION_DENIED)
      expect(await openCode(s.sftp, "upload/ok.csv", "w")).toBe(SftpStatus.OK)
      expect(await symlinkCode(s.sftp, "/download/DAILY_P1_01.csv", "/upload/l")).toBe(SftpStatus.PERMISSION_DENIED)
      expect(await statCode(s.sftp, "/download/../download/./DAILY_P1_01.csv")).toBe(SftpStatus.OK)
    } finally {
      s.client.end()
      await s.ended
    }
  }, 30_000)
})

describe("gated by the twin", () => {
  it("the backup site's server refuses at once until failover", async () => {
    const r = await sftp("P1", "ecp-dc2-1", ["ls"])
    expect(r.code, r.stderr).toBe(255)
    expect(r.stderr).toContain("Connection refused")
  })

  it("while a fault cuts P2's only circuit, P2's sftp times out on connect; P1 is served; after the fault P2 is again", async () => {
    const at = NINE + minutes(12)
    await advance(at)
    inject({ kind: "link-down", link: "P2-c1" }, "2m")
    await advance(at + 1)
    const cut = await sftp("P2", "ecp-dc1-1", ["ls download"])
    expect(cut.code).toBe(255)
    expect(cut.stderr).toMatch(/connect to host 127\.0\.0\.1 port \d+: Connection timed out/)
    const other = await sftp("P1", "ecp-dc1-1", ["ls download"])
    expect(other.code).toBe(0)
    // The fault ends at 09:12 + 2 min; routing has converged again 1 s later (pathNow has no route in between).
    await advance(at + minutes(2) + seconds(1))
    const back = await sftp("P2", "ecp-dc1-1", ["ls download"])
    expect(back.code).toBe(0)
    expect(back.stdout).toContain("download/DAILY_P2_01.csv")
  }, 30_000)

  it("a session in flight when the path goes down stalls, and is dropped after the model's failAfter (60 s)", async () => {
    const s = await openSession(portOf("P2", "ecp-dc1-2"), "P2", key("P2"))
    const at = NINE + minutes(15)
    await advance(at)
    inject({ kind: "link-down", link: "P2-c1" }, "3m")
    await advance(at + 1)
    let answered = false
    void statCode(s.sftp, "download").then(() => (answered = true))
    await new Promise((r) => setTimeout(r, 500))
    expect(answered).toBe(false)
    // Stalled since at + 1: still there at at + 60 s, dropped at at + 1 + 60 s.
    await advance(at + seconds(60))
    expect(await Promise.race([s.ended, new Promise((r) => setTimeout(() => r("open"), 300))])).toBe("open")
    await advance(at + 1 + seconds(60))
    expect(await s.ended).toBe("closed")
    live.advance(live.now)
    expect(wire().filter((e) => e.event === "dropped")).toEqual([{ t: at + 1 + seconds(60), subject: "P2", event: "dropped", server: "ecp-dc1-2", reason: "path-down" }])
    await advance(at + minutes(3) + seconds(1))
  }, 30_000)

  it("an MTU cut lets a login and a listing through and stalls a download of more than one packet, which then fails", async () => {
    const at = NINE + minutes(19)
    await advance(at)
    inject({ kind: "mtu-cut", link: "P2-c1", mtu: 1280 }, "3m")
    await advance(at + 1)
    const ls = await sftp("P2", "ecp-dc1-1", ["ls download"])
    expect(ls.stderr).toBe("")
    expect(ls.code).toBe(0)
    let done = false
    const get = sftp("P2", "ecp-dc1-1", ["get download/DAILY_P2_01.csv p2.csv"]).then((r) => {
      done = true
      return r
    })
    await new Promise((r) => setTimeout(r, 2500))
    expect(done).toBe(false)
    // The first step after the get began (at + 1 µs + 1 s) sees it stalled; 60 s of the world later it is dropped.
    await advance(at + 1 + seconds(1))
    await advance(at + 1 + seconds(61))
    const r = await get
    expect(r.code).not.toBe(0)
    live.advance(live.now)
    expect(wire().filter((e) => e.event === "dropped" && e.t >= at)).toEqual([{ t: at + 1 + seconds(61), subject: "P2", event: "dropped", server: "ecp-dc1-1", reason: "stalled" }])
    await advance(at + minutes(3))
  }, 30_000)

  it("a crash of ecp-dc1-1 silences its sessions (the client's keepalive gives up) and times out new ones; at the restart the lost ones are reset; ecp-dc1-2 keeps serving", async () => {
    const quiet = await openSession(portOf("P1", "ecp-dc1-1"), "P1", key("P1"))
    // ssh2's client gives up after 3 unanswered keepalives (keepaliveCountMax), as OpenSSH's ServerAliveCountMax.
    const alert = await openSession(portOf("P1", "ecp-dc1-1"), "P1", key("P1"), 300)
    const at = NINE + minutes(23)
    await advance(at)
    inject({ kind: "node-crash", node: "ecp-dc1-1" }, "2m")
    await advance(at + 1)
    // A crashed host answers nothing: no reset, no close, a request goes unanswered.
    let answered = false
    void statCode(quiet.sftp, "download").then(() => (answered = true))
    expect(await Promise.race([quiet.ended, new Promise((r) => setTimeout(() => r("open"), 500))])).toBe("open")
    expect(answered).toBe(false)
    expect(await alert.ended).toBe("Keepalive timeout")
    const dead = await sftp("P1", "ecp-dc1-1", ["ls"])
    expect(dead.stderr).toMatch(/Connection timed out/)
    const alive = await sftp("P1", "ecp-dc1-2", ["ls download"])
    expect(alive.code).toBe(0)
    live.advance(live.now)
    // Both sessions are lost at the crash, whatever their clients know of it.
    expect(wire().filter((e) => e.event === "dropped" && e.subject === "P1")).toEqual([
      { t: at + 1, subject: "P1", event: "dropped", server: "ecp-dc1-1", reason: "server-crashed" },
      { t: at + 1, subject: "P1", event: "dropped", server: "ecp-dc1-1", reason: "server-crashed" }
    ])
    // The node restarts at the fault's end (09:23 + 2 min): the connection it lost is reset; routing has
    // converged again 1 s later, and new connections are served.
    await advance(at + minutes(2))
    expect(await quiet.ended).toBe("ECONNRESET")
    await advance(at + minutes(2) + seconds(1))
    const back = await sftp("P1", "ecp-dc1-1", ["ls download"])
    expect(back.code, back.stderr).toBe(0)
  }, 30_000)
})
