/**
 * A second SFTP client (ssh2's) for what OpenSSH's `sftp` does not show: the exact status code of a refusal
 * (sftp prints "not found" for every failed stat) and a session held open while the world changes.
 */
import { readFileSync } from "node:fs"
import ssh2 from "ssh2"

export interface HeldSession {
  readonly client: ssh2.Client
  readonly sftp: ssh2.SFTPWrapper
  /** Resolves when the connection is gone, with the error it ended with (if any). */
  readonly ended: Promise<string>
}

/** `keepaliveMs`: the client's SSH keepalive (OpenSSH's ServerAliveInterval); none by default. */
export const openSession = (port: number, user: string, keyPath: string, keepaliveMs = 0): Promise<HeldSession> =>
  new Promise((resolve, reject) => {
    const client = new ssh2.Client()
    let endedWith = "closed"
    const ended = new Promise<string>((done) => client.once("close", () => done(endedWith)))
    client.on("error", (e) => {
      endedWith = (e as NodeJS.ErrnoException).code ?? e.message
      reject(e)
    })
    client.on("ready", () => {
      client.sftp((e, sftp) => (e === undefined ? resolve({ client, sftp, ended }) : reject(e)))
    })
    client.connect({ host: "127.0.0.1", port, username: user, privateKey: readFileSync(keyPath), readyTimeout: 10_000, keepaliveInterval: keepaliveMs })
  })

/** The SFTP status code a `stat` of `path` ends with (0 when it succeeds). */
export const statCode = (sftp: ssh2.SFTPWrapper, path: string): Promise<number> =>
  new Promise((resolve) => sftp.stat(path, (e) => resolve(e === undefined || e === null ? 0 : Number((e as { code?: number }).code))))

/** The SFTP status code an `open` of `path` with `flags` ends with (0 when it succeeds; the handle is closed). */
export const openCode = (sftp: ssh2.SFTPWrapper, path: string, flags: "r" | "w"): Promise<number> =>
  new Promise((resolve) =>
    sftp.open(path, flags, (e, handle) => {
      if (e !== undefined && e !== null) return resolve(Number((e as { code?: number }).code))
      sftp.close(handle, () => resolve(0))
    }))

export const symlinkCode = (sftp: ssh2.SFTPWrapper, target: string, link: string): Promise<number> =>
  new Promise((resolve) => sftp.symlink(target, link, (e) => resolve(e === undefined || e === null ? 0 : Number((e as { code?: number }).code))))
