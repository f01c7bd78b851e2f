/**
 * A user's view of the file system: its own folder is `/`, as OpenSSH's `ChrootDirectory` + `internal-sftp`
 * shows it. A path is resolved inside that view only — relative paths from `/` (the login folder), `..`
 * stops at `/` (the kernel's rule for a chroot's root), so `../P0002/download/X` names `/P0002/download/X`,
 * which does not exist for this user (NO_SUCH_FILE, what OpenSSH answers). Percent- or backslash-"encoded"
 * forms are no encoding in SFTP: they are plain names that do not exist. A NUL byte cannot be in a name.
 *
 * On disk a symbolic link could still point out of the folder (users cannot make one — SYMLINK is refused
 * — but an operator could leave one): every resolved path is checked with realpath against the folder and
 * refused with PERMISSION_DENIED when it leaves it.
 *
 * Layout of the view: `/download` (files from HKEX: the day's files and responses; read-only) and
 * `/upload` (files to HKEX; the only place a user may create, write or remove files).
 */
import { lstatSync, realpathSync } from "node:fs"
import { join, sep } from "node:path"

/** SFTP status codes (draft-ietf-secsh-filexfer-02 §7), the ones this server answers with. */
export const SftpStatus = {
  OK: 0,
  EOF: 1,
  NO_SUCH_FILE: 2,
  PERMISSION_DENIED: 3,
  FAILURE: 4,
  BAD_MESSAGE: 5,
  OP_UNSUPPORTED: 8
} as const
export type SftpStatusCode = (typeof SftpStatus)[keyof typeof SftpStatus]

export const DOWNLOAD = "download"
export const UPLOAD = "upload"

export type Resolved =
  | { readonly _tag: "ok"; readonly virtual: string; readonly segments: ReadonlyArray<string> }
  | { readonly _tag: "refused"; readonly code: SftpStatusCode; readonly why: string }

/** The path in the user's view: `/` + segments, `..` clamped at `/`. Pure. */
export const resolveVirtual = (path: string): Resolved => {
  if (path.includes("\0")) return { _tag: "refused", code: SftpStatus.NO_SUCH_FILE, why: "a NUL byte in the path" }
  const segments: Array<string> = []
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue
    if (part === "..") segments.pop()
    else segments.push(part)
  }
  return { _tag: "ok", virtual: `/${segments.join("/")}`, segments }
}

/**
 * A file still being written: `NAME.part` (the twin writes its own files through that name, content.ts).
 * Not in the view for reading — not listed, not opened for reading (NO_SUCH_FILE) — so nobody takes half
 * a file; still there for STAT, writing and REMOVE, so that `reput` can resume one and its uploader remove it.
 */
export const inProgress = (name: string): boolean => name.endsWith(".part")

/** Whether the user may create or write at `segments`: a file directly in `/upload`. */
export const writable = (segments: ReadonlyArray<string>): boolean => segments.length === 2 && segments[0] === UPLOAD

export type OnDisk =
  | { readonly _tag: "ok"; readonly virtual: string; readonly segments: ReadonlyArray<string>; readonly disk: string }
  | { readonly _tag: "refused"; readonly code: SftpStatusCode; readonly why: string }

const inside = (root: string, real: string): boolean => real === root || real.startsWith(root + sep)

/**
 * The path on disk under `root` (the user's folder, itself a real path), or why not: a link out of the
 * folder anywhere along the path → PERMISSION_DENIED. A path that does not exist (yet) is fine here — the
 * operation decides (OPEN for writing creates it; the rest answer NO_SUCH_FILE).
 */
export const onDisk = (root: string, path: string): OnDisk => {
  const v = resolveVirtual(path)
  if (v._tag === "refused") return v
  let disk = root
  for (const s of v.segments) {
    disk = join(disk, s)
    let link = false
    try {
      link = lstatSync(disk).isSymbolicLink()
    } catch {
      break // missing from here on: nothing on disk can lead elsewhere
    }
    if (!link) continue
    let real: string
    try {
      real = realpathSync(disk)
    } catch {
      return { _tag: "refused", code: SftpStatus.NO_SUCH_FILE, why: `${v.virtual}: a dangling link` }
    }
    if (!inside(root, real)) return { _tag: "refused", code: SftpStatus.PERMISSION_DENIED, why: `${v.virtual}: a link out of the user's folder` }
  }
  return { _tag: "ok", virtual: v.virtual, segments: v.segments, disk: join(root, ...v.segments) }
}
