/**
 * One user's SFTP subsystem: the requests of OpenSSH's `sftp` (REALPATH, STAT/LSTAT, OPENDIR/READDIR,
 * OPEN/READ/WRITE/FSTAT/CLOSE, REMOVE) answered on the user's own folder (confine.ts), with the status codes
 * OpenSSH's sftp-server gives: NO_SUCH_FILE for a path that does not exist in the user's view,
 * PERMISSION_DENIED for one it may not use (writing outside `/upload` or outside the submission window, a
 * link out of the folder, making links, directories, renames, setting attributes), FAILURE for a limit
 * reached (OpenSSH's answer to a full disk or quota). Files still being written (`.part`, confine.ts) are
 * neither listed nor opened for reading.
 *
 * Limits: open handles per session (`maxHandles`), bytes per upload (`maxUploadBytes`: a WRITE past it
 * fails and the file is removed on CLOSE). A READ answers at most 256 KiB (the client asks for 32 KiB).
 *
 * `onClosed` is told of every file closed after a transfer, for the trace (`ecp.wire` download / upload).
 */
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, rmSync, type Stats, statSync, writeSync } from "node:fs"
import { join } from "node:path"
import type ssh2 from "ssh2"
import { inProgress, onDisk, SftpStatus, type SftpStatusCode, writable } from "./confine.ts"
import { longname } from "./long-name.ts"

export interface SftpLimits {
  readonly maxHandles: number
  readonly maxUploadBytes: number
}

export interface SftpUser {
  readonly name: string
  /** The user's folder on disk (a real path). */
  readonly root: string
  readonly limits: SftpLimits
  /** Why uploads are not taken now (outside the submission window), or undefined when they are. */
  readonly uploadsRefused: () => string | undefined
  readonly onClosed: (direction: "download" | "upload", file: string, bytes: number) => void
}

type Handle =
  | { readonly _tag: "file"; readonly fd: number; readonly virtual: string; readonly name: string; readonly disk: string; readonly write: boolean; bytes: number; overLimit: boolean }
  | { readonly _tag: "dir"; readonly disk: string; readonly virtual: string; done: boolean }

const OPEN_WRITE = 0x02
const OPEN_APPEND = 0x04
const OPEN_CREAT = 0x08
const OPEN_TRUNC = 0x10
const OPEN_EXCL = 0x20

/**
 * An SFTP open for writing as the file system's flags, each as SFTP v3 means it: CREAT creates, TRUNC
 * empties, EXCL refuses an existing file, APPEND writes at the end — and without TRUNC the file keeps what it
 * holds. OpenSSH's `reput` (resume) opens WRITE|CREAT|APPEND: emptying it there, as every CREAT once did,
 * left zeros where the first part of the file had been.
 */
const openFlags = (flags: number): number =>
  constants.O_WRONLY |
  ((flags & (OPEN_CREAT | OPEN_EXCL)) !== 0 ? constants.O_CREAT : 0) |
  ((flags & OPEN_TRUNC) !== 0 ? constants.O_TRUNC : 0) |
  ((flags & OPEN_EXCL) !== 0 ? constants.O_EXCL : 0) |
  ((flags & OPEN_APPEND) !== 0 ? constants.O_APPEND : 0)
const MAX_READ = 256 * 1024

const attrsOf = (s: Stats): ssh2.Attributes => ({
  mode: s.mode,
  uid: 0,
  gid: 0,
  size: s.size,
  atime: Math.floor(s.atimeMs / 1000),
  mtime: Math.floor(s.mtimeMs / 1000)
})

/** Serves `sftp` for `user` until the channel closes; every handle left open is closed then. */
export const serveSftp = (ssh: ssh2.SFTPWrapper, user: SftpUser): void => {
  const handles = new Map<number, Handle>()
  let nextHandle = 1
  const status = (id: number, code: SftpStatusCode, why?: string) => ssh.status(id, code, why)
  // Every request handler answers FAILURE instead of throwing (a disk error, a full disk): one client's
  // request must never take the server down. The request id is each handler's first argument.
  const sftp = {
    on: (event: string, handler: (id: number, ...rest: Array<never>) => void) =>
      ssh.on(event, (id: number, ...rest: Array<never>) => {
        try {
          handler(id, ...rest)
        } catch (e) {
          if (typeof id === "number") status(id, SftpStatus.FAILURE, e instanceof Error ? e.message : String(e))
        }
      }),
    handle: (id: number, b: Buffer) => ssh.handle(id, b),
    name: (id: number, names: Array<ssh2.FileEntry>) => ssh.name(id, names),
    attrs: (id: number, a: ssh2.Attributes) => ssh.attrs(id, a),
    data: (id: number, b: Buffer) => ssh.data(id, b),
    end: () => ssh.end()
  }

  const newHandle = (id: number, h: Handle): void => {
    const n = nextHandle++
    handles.set(n, h)
    const b = Buffer.alloc(4)
    b.writeUInt32BE(n)
    sftp.handle(id, b)
  }
  const handleOf = (b: Buffer): [number, Handle] | undefined => {
    if (b.length !== 4) return undefined
    const n = b.readUInt32BE(0)
    const h = handles.get(n)
    return h === undefined ? undefined : [n, h]
  }

  /** Resolves and stats a path; answers the refusal itself and returns undefined. */
  const existing = (id: number, path: string): { readonly disk: string; readonly virtual: string; readonly stats: Stats } | undefined => {
    const p = onDisk(user.root, path)
    if (p._tag === "refused") return void status(id, p.code, p.why)
    try {
      return { disk: p.disk, virtual: p.virtual, stats: statSync(p.disk) }
    } catch {
      return void status(id, SftpStatus.NO_SUCH_FILE, `${p.virtual}: no such file`)
    }
  }

  sftp.on("REALPATH", (id: number, path: string) => {
    const e = existing(id, path)
    if (e !== undefined) sftp.name(id, [{ filename: e.virtual, longname: e.virtual, attrs: attrsOf(e.stats) }])
  })
  const stat = (id: number, path: string) => {
    const e = existing(id, path)
    if (e !== undefined) sftp.attrs(id, attrsOf(e.stats))
  }
  sftp.on("STAT", stat)
  sftp.on("LSTAT", stat)

  sftp.on("OPENDIR", (id: number, path: string) => {
    const e = existing(id, path)
    if (e === undefined) return
    if (!e.stats.isDirectory()) return status(id, SftpStatus.FAILURE, `${e.virtual}: not a directory`)
    if (handles.size >= user.limits.maxHandles) return status(id, SftpStatus.FAILURE, `at most ${user.limits.maxHandles} open handles`)
    newHandle(id, { _tag: "dir", disk: e.disk, virtual: e.virtual, done: false })
  })
  sftp.on("READDIR", (id: number, b: Buffer) => {
    const h = handleOf(b)?.[1]
    if (h?._tag !== "dir") return status(id, SftpStatus.FAILURE, "not a directory handle")
    if (h.done) return status(id, SftpStatus.EOF)
    h.done = true
    const names = [".", "..", ...readdirSync(h.disk).filter((n) => !inProgress(n)).sort()]
    sftp.name(id, names.flatMap((n) => {
      // An entry the user could not open (a link leading out of the folder) is not listed either: its
      // size, time and kind are the target's, which are none of the user's business.
      if (n !== "." && n !== ".." && onDisk(user.root, `${h.virtual}/${n}`)._tag === "refused") return []
      try {
        const s = statSync(join(h.disk, n))
        return [{ filename: n, longname: longname(n, s, user.name, Date.now()), attrs: attrsOf(s) }]
      } catch {
        return []
      }
    }))
  })

  sftp.on("OPEN", (id: number, path: string, flags: number) => {
    const p = onDisk(user.root, path)
    if (p._tag === "refused") return status(id, p.code, p.why)
    if (handles.size >= user.limits.maxHandles) return status(id, SftpStatus.FAILURE, `at most ${user.limits.maxHandles} open handles`)
    const write = (flags & OPEN_WRITE) !== 0
    const name = p.segments[p.segments.length - 1] ?? ""
    if (!write && inProgress(name)) return status(id, SftpStatus.NO_SUCH_FILE, `${p.virtual}: no such file`)
    if (write && !writable(p.segments)) return status(id, SftpStatus.PERMISSION_DENIED, `${p.virtual}: files are written in /upload only`)
    const refused = write ? user.uploadsRefused() : undefined
    if (refused !== undefined) return status(id, SftpStatus.PERMISSION_DENIED, `${p.virtual}: ${refused}`)
    let fd: number
    try {
      if (write) {
        fd = openSync(p.disk, openFlags(flags), 0o644)
      } else {
        if (!statSync(p.disk).isFile()) return status(id, SftpStatus.FAILURE, `${p.virtual}: not a regular file`)
        fd = openSync(p.disk, "r")
      }
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      return status(id, code === "ENOENT" ? SftpStatus.NO_SUCH_FILE : code === "EACCES" || code === "EISDIR" ? SftpStatus.PERMISSION_DENIED : SftpStatus.FAILURE, p.virtual)
    }
    newHandle(id, { _tag: "file", fd, virtual: p.virtual, name, disk: p.disk, write, bytes: 0, overLimit: false })
  })

  sftp.on("READ", (id: number, b: Buffer, offset: number, length: number) => {
    const h = handleOf(b)?.[1]
    if (h?._tag !== "file") return status(id, SftpStatus.FAILURE, "not a file handle")
    const buf = Buffer.allocUnsafe(Math.min(length, MAX_READ))
    const n = readSync(h.fd, buf, 0, buf.length, offset)
    if (n === 0) return status(id, SftpStatus.EOF)
    h.bytes += n
    sftp.data(id, n === buf.length ? buf : buf.subarray(0, n))
  })

  sftp.on("WRITE", (id: number, b: Buffer, offset: number, data: Buffer) => {
    const h = handleOf(b)?.[1]
    if (h?._tag !== "file" || !h.write) return status(id, SftpStatus.FAILURE, "not a handle open for writing")
    if (offset + data.length > user.limits.maxUploadBytes) {
      h.overLimit = true
      return status(id, SftpStatus.FAILURE, `an upload is at most ${user.limits.maxUploadBytes} bytes`)
    }
    writeSync(h.fd, data, 0, data.length, offset)
    h.bytes = Math.max(h.bytes, offset + data.length)
    status(id, SftpStatus.OK)
  })

  sftp.on("FSTAT", (id: number, b: Buffer) => {
    const h = handleOf(b)?.[1]
    if (h?._tag !== "file") return status(id, SftpStatus.FAILURE, "not a file handle")
    sftp.attrs(id, attrsOf(fstatSync(h.fd)))
  })

  const closeHandle = (n: number, h: Handle, report: boolean): void => {
    handles.delete(n)
    if (h._tag !== "file") return
    closeSync(h.fd)
    if (h.write && h.overLimit) rmSync(h.disk, { force: true })
    else if (report) user.onClosed(h.write ? "upload" : "download", h.name, h.write ? sizeOnDisk(h.disk) : h.bytes)
  }
  sftp.on("CLOSE", (id: number, b: Buffer) => {
    const found = handleOf(b)
    if (found === undefined) return status(id, SftpStatus.FAILURE, "no such handle")
    closeHandle(found[0], found[1], true)
    status(id, SftpStatus.OK)
  })

  sftp.on("REMOVE", (id: number, path: string) => {
    const p = onDisk(user.root, path)
    if (p._tag === "refused") return status(id, p.code, p.why)
    if (!writable(p.segments)) return status(id, SftpStatus.PERMISSION_DENIED, `${p.virtual}: files are removed in /upload only`)
    try {
      if (!statSync(p.disk).isFile()) return status(id, SftpStatus.FAILURE, p.virtual)
      rmSync(p.disk)
      status(id, SftpStatus.OK)
    } catch {
      status(id, SftpStatus.NO_SUCH_FILE, p.virtual)
    }
  })
  // [U] Attributes are the server's to keep (a managed server's files are its own): chmod, chown and
  // `put -p`'s times are refused, as a server answers a user who does not own the file — not accepted and
  // silently ignored, which told the client they were set.
  const keepsAttributes = (id: number) => status(id, SftpStatus.PERMISSION_DENIED, "file attributes are kept by the server on ECP")
  sftp.on("SETSTAT", (id: number, path: string) => {
    if (existing(id, path) !== undefined) keepsAttributes(id)
  })
  sftp.on("FSETSTAT", (id: number, b: Buffer) => {
    if (handleOf(b)?.[1]._tag !== "file") return status(id, SftpStatus.FAILURE, "not a file handle")
    keepsAttributes(id)
  })
  const denied = (what: string) => (id: number) => status(id, SftpStatus.PERMISSION_DENIED, `${what} is not allowed on ECP`)
  sftp.on("SYMLINK", denied("making a link"))
  sftp.on("READLINK", denied("reading a link"))
  sftp.on("MKDIR", denied("making a directory"))
  sftp.on("RMDIR", denied("removing a directory"))
  sftp.on("RENAME", denied("renaming"))

  // The client's EOF ends the subsystem: close the channel too, or OpenSSH's sftp waits for it forever.
  ssh.on("end", () => ssh.end())
  ssh.on("close", () => {
    for (const [n, h] of [...handles]) closeHandle(n, h, false)
  })
}

const sizeOnDisk = (disk: string): number => {
  try {
    return statSync(disk).size
  } catch {
    return 0
  }
}
