/**
 * What the ECP server lets a user do, checked with OpenSSH's `sftp -b` and ssh2's client on a live world of
 * the ECP test estate around the end of the submission window (14:50 → 15:10; DOMAIN §4 [S]: uploads
 * 07:00–15:00): files still being written (`.part`) are not read, `ls -l` gives the year of old files,
 * attributes are refused, and uploads stop at 15:00.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ofKind } from "../../../../twin/contract/trace-event.ts"
import { LiveSession } from "../../../../twin/serve/live-session.ts"
import type { Settings } from "../../../../twin/settings/settings.ts"
import { SftpStatus } from "../../../../twin/wire/ecp/confine.ts"
import { type EcpSftpEndpoint, startEcpSftp } from "../../../../twin/wire/ecp/endpoint.ts"
import { participantKeyPath } from "../../../../twin/wire/ecp/keys.ts"
import { sftpBatch } from "./sftp-client.ts"
import { openCode, openSession, statCode } from "./ssh2-client.ts"
import { ecpEstate, minutes, NINE } from "./support.ts"

const THREE_PM = NINE + minutes(6 * 60)
/** No files of the day: only what the tests put there. */
const noFiles: Settings = { ecp: { uploads: { count: 0 }, downloads: { count: 0 } } }

interface Served {
  readonly live: LiveSession
  readonly endpoint: EcpSftpEndpoint
  readonly stateDir: string
}

const serve = async (from: number, settings: Settings): Promise<Served> => {
  const live = new LiveSession({ model: ecpEstate, seed: 7, window: { from, to: from + minutes(60) }, moved: [], settings })
  const stateDir = mkdtempSync(join(tmpdir(), "ecp-rules-state-"))
  const endpoint = await startEcpSftp({ session: live, watched: ["P1"], host: "127.0.0.1", stateDir, wallAt: () => undefined, log: () => undefined })
  return { live, endpoint, stateDir }
}

let main: Served
let work: string
const port = (s: Served = main) => s.endpoint.listing().find((l) => l.element === "ecp-dc1-1")!.port
const sftp = (commands: ReadonlyArray<string>, s: Served = main) =>
  sftpBatch({ user: "P1", port: port(s), key: participantKeyPath(s.stateDir, "P1"), commands, cwd: work })
const home = (path: string) => join(main.stateDir, "ecp/home/P1", path)
const uploads = (s: Served) => {
  s.live.advance(s.live.now) // the endpoint's events are written at the instant reached, on the next step
  return ofKind(s.live.log, "ecp.wire").filter((e) => e.data.event === "upload").map((e) => `${e.t}:${e.data.file}`)
}

beforeAll(async () => {
  main = await serve(THREE_PM - minutes(10), noFiles)
  work = mkdtempSync(join(tmpdir(), "ecp-rules-work-"))
  writeFileSync(join(work, "bcan.csv"), Buffer.alloc(2_000, 0x41))
}, 60_000)

afterAll(async () => {
  await main?.endpoint.close()
  rmSync(main.stateDir, { recursive: true, force: true })
  rmSync(work, { recursive: true, force: true })
})

describe("files still being written", () => {
  it("a .part file is neither listed nor opened for reading (NO_SUCH_FILE); STAT still answers, for reput", async () => {
    const put = await sftp(["put bcan.csv upload/HALF.csv.part"])
    expect(put.code, put.stderr).toBe(0)
    // One the twin is writing (content.ts writes through NAME.part), left in /download.
    writeFileSync(home("download/DAY.csv.part"), "half a file\n")
    const r = await sftp(["ls -1a upload", "ls -1a download", "-get upload/HALF.csv.part half.csv", "-get download/DAY.csv.part day.csv"])
    expect(r.stdout.split("\n").filter((l) => l !== "" && !l.startsWith("sftp>"))).toEqual(["upload/.", "upload/..", "download/.", "download/.."])
    expect(r.stderr.split("\r\n").filter((l) => l !== "")).toEqual([
      'remote open "/upload/HALF.csv.part": No such file or directory',
      'remote open "/download/DAY.csv.part": No such file or directory'
    ])
    const s = await openSession(port(), "P1", participantKeyPath(main.stateDir, "P1"))
    try {
      expect(await openCode(s.sftp, "upload/HALF.csv.part", "r")).toBe(SftpStatus.NO_SUCH_FILE)
      expect(await openCode(s.sftp, "download/DAY.csv.part", "r")).toBe(SftpStatus.NO_SUCH_FILE)
      expect(await statCode(s.sftp, "upload/HALF.csv.part")).toBe(SftpStatus.OK)
    } finally {
      s.client.end()
      await s.ended
    }
  }, 30_000)
})

describe("listings", () => {
  it("`ls -l` gives HH:MM for a file of the last half year and the year for an older or a future one", async () => {
    const at = (iso: string) => new Date(iso)
    writeFileSync(home("download/OLD.csv"), "x")
    utimesSync(home("download/OLD.csv"), at("2020-01-02T03:04:05Z"), at("2020-01-02T03:04:05Z"))
    writeFileSync(home("download/LATER.csv"), "x")
    utimesSync(home("download/LATER.csv"), at("2100-03-04T05:06:07Z"), at("2100-03-04T05:06:07Z"))
    // Recent: an hour ago (UTC, as the server writes it), to the minute.
    const hourAgo = new Date(Math.floor((Date.now() - 3_600_000) / 60_000) * 60_000)
    writeFileSync(home("download/NEW.csv"), "x")
    utimesSync(home("download/NEW.csv"), hourAgo, hourAgo)
    const r = await sftp(["ls -l download"])
    expect(r.code, r.stderr).toBe(0)
    const when = (name: string) => r.stdout.split("\n").find((l) => l.endsWith(` ${name}`))?.slice(-name.length - 13, -name.length - 1)
    expect(when("OLD.csv")).toBe("Jan  2  2020")
    expect(when("LATER.csv")).toBe("Mar  4  2100")
    const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][hourAgo.getUTCMonth()]
    const hhmm = hourAgo.toISOString().slice(11, 16)
    expect(when("NEW.csv")).toBe(`${month} ${String(hourAgo.getUTCDate()).padStart(2)} ${hhmm}`)
  }, 30_000)
})

describe("attributes", () => {
  it("chmod, chown and put -p are refused (PERMISSION_DENIED) and change nothing; a plain put is untouched by it", async () => {
    const plain = await sftp(["put bcan.csv upload/PLAIN.csv"])
    expect(plain.code).toBe(0)
    expect(plain.stderr).toBe("")
    const mode = statSync(home("upload/PLAIN.csv")).mode
    const r = await sftp(["-chmod 600 upload/PLAIN.csv", "-chown 1000 upload/PLAIN.csv", "put -p bcan.csv upload/KEPT.csv"])
    // put -p: the file is uploaded; OpenSSH (9.2) reports the refused FSETSTAT and carries on (exit 0).
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr.split("\r\n").filter((l) => l !== "")).toEqual([
      'remote setstat "/upload/PLAIN.csv": Permission denied',
      'remote setstat "/upload/PLAIN.csv": Permission denied',
      "remote fsetstat: Permission denied"
    ])
    expect(statSync(home("upload/PLAIN.csv")).mode).toBe(mode)
    expect(readFileSync(home("upload/KEPT.csv")).length).toBe(2_000)
    const s = await openSession(port(), "P1", participantKeyPath(main.stateDir, "P1"))
    try {
      const code = await new Promise<number>((resolve) => s.sftp.chmod("upload/PLAIN.csv", 0o600, (e) => resolve(e === undefined || e === null ? 0 : Number((e as { code?: number }).code))))
      expect(code).toBe(SftpStatus.PERMISSION_DENIED)
    } finally {
      s.client.end()
      await s.ended
    }
  }, 30_000)
})

describe("the submission window", () => {
  it("an upload opened before 15:00 is taken; from 15:00 opening a file for writing is refused (PERMISSION_DENIED), reading is not", async () => {
    main.live.advance(THREE_PM - 1)
    await main.endpoint.settled()
    const last = await sftp(["put bcan.csv upload/LAST.csv"])
    expect(last.code, last.stderr).toBe(0)
    main.live.advance(THREE_PM)
    await main.endpoint.settled()
    const late = await sftp(["put bcan.csv upload/LATE.csv", "get upload/LAST.csv last.csv"])
    expect(late.code).toBe(1)
    expect(late.stderr).toBe('dest open "/upload/LATE.csv": Permission denied\r\n')
    const s = await openSession(port(), "P1", participantKeyPath(main.stateDir, "P1"))
    try {
      const why = await new Promise<string>((resolve) => s.sftp.open("upload/LATE.csv", "w", (e) => resolve(e?.message ?? "opened")))
      expect(why).toBe("/upload/LATE.csv: uploads are taken 07:00:00–15:00:00 only (now 15:00:00)")
      expect(await openCode(s.sftp, "upload/LAST.csv", "r")).toBe(SftpStatus.OK)
    } finally {
      s.client.end()
      await s.ended
    }
    // The uploads of this file's tests, all before 15:00; none after.
    expect(uploads(main).filter((u) => u.endsWith("LAST.csv") || u.endsWith("LATE.csv"))).toEqual([`${THREE_PM - 1}:LAST.csv`])
  }, 30_000)

  it("the window is settings.ecp.submissions: 16:00–17:00 refuses an upload at 15:30 and takes one at 16:00", async () => {
    const other = await serve(THREE_PM + minutes(30), { ecp: { ...noFiles.ecp, submissions: { from: THREE_PM + minutes(60), until: THREE_PM + minutes(120) } } })
    try {
      const early = await sftp(["put bcan.csv upload/EARLY.csv"], other)
      expect(early.stderr).toBe('dest open "/upload/EARLY.csv": Permission denied\r\n')
      other.live.advance(THREE_PM + minutes(60))
      await other.endpoint.settled()
      const inside = await sftp(["put bcan.csv upload/INSIDE.csv"], other)
      expect(inside.code, inside.stderr).toBe(0)
      expect(uploads(other)).toEqual([`${THREE_PM + minutes(60)}:INSIDE.csv`])
    } finally {
      await other.endpoint.close()
      rmSync(other.stateDir, { recursive: true, force: true })
    }
  }, 30_000)
})
