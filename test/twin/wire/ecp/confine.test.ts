/** The user's view of its folder (twin/wire/ecp/confine.ts): chroot-like resolution, links out refused. */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { onDisk, resolveVirtual, SftpStatus, writable } from "../../../../twin/wire/ecp/confine.ts"

describe("resolveVirtual", () => {
  it("resolves from / with `..` stopping at the root, as a chroot does", () => {
    const v = (p: string) => {
      const r = resolveVirtual(p)
      return r._tag === "ok" ? r.virtual : `refused ${r.code}`
    }
    expect(v(".")).toBe("/")
    expect(v("")).toBe("/")
    expect(v("download/A.csv")).toBe("/download/A.csv")
    expect(v("/download//./A.csv")).toBe("/download/A.csv")
    expect(v("../../etc/passwd")).toBe("/etc/passwd")
    expect(v("/../P2/download/X")).toBe("/P2/download/X")
    expect(v("download/../../upload/B")).toBe("/upload/B")
    // No decoding in SFTP: these are names, kept as they are.
    expect(v("%2e%2e/%2e%2e/etc")).toBe("/%2e%2e/%2e%2e/etc")
    expect(v("..\\..\\etc")).toBe("/..\\..\\etc")
    // NUL cannot be in a name: NO_SUCH_FILE (2).
    expect(v("download/A.csv\u0000.txt")).toBe("refused 2")
  })
  it("only a file directly in /upload is writable", () => {
    expect(writable(["upload", "A.csv"])).toBe(true)
    expect(writable(["upload"])).toBe(false)
    expect(writable(["download", "A.csv"])).toBe(false)
    expect(writable(["upload", "sub", "A.csv"])).toBe(false)
    expect(writable(["A.csv"])).toBe(false)
  })
})

describe("onDisk", () => {
  const base = mkdtempSync(join(tmpdir(), "ecp-confine-"))
  afterAll(() => rmSync(base, { recursive: true, force: true }))
  const root = join(base, "P1")
  mkdirSync(join(root, "download"), { recursive: true })
  mkdirSync(join(base, "P2", "download"), { recursive: true })
  writeFileSync(join(base, "P2", "download", "X.csv"), "x")
  writeFileSync(join(root, "download", "A.csv"), "a")
  symlinkSync(join(base, "P2", "download", "X.csv"), join(root, "download", "out.csv"))
  symlinkSync(join(root, "download", "A.csv"), join(root, "download", "in.csv"))
  symlinkSync(join(base, "P2"), join(root, "p2"))
  symlinkSync(join(base, "nowhere"), join(root, "dangling"))
  const real = realpathSync(root)

  it("maps inside the folder; a link that stays inside is followed", () => {
    expect(onDisk(real, "download/A.csv")).toEqual({ _tag: "ok", virtual: "/download/A.csv", segments: ["download", "A.csv"], disk: join(real, "download", "A.csv") })
    expect(onDisk(real, "download/in.csv")._tag).toBe("ok")
    expect(onDisk(real, "upload/new.csv")._tag).toBe("ok") // not there yet: OPEN decides
  })
  it("a link out of the folder, to a file or along the path, is PERMISSION_DENIED; a dangling one NO_SUCH_FILE", () => {
    expect(onDisk(real, "download/out.csv")).toMatchObject({ _tag: "refused", code: SftpStatus.PERMISSION_DENIED })
    expect(onDisk(real, "p2/download/X.csv")).toMatchObject({ _tag: "refused", code: SftpStatus.PERMISSION_DENIED })
    expect(onDisk(real, "dangling")).toMatchObject({ _tag: "refused", code: SftpStatus.NO_SUCH_FILE })
  })
})
