/**
 * OpenSSH's `sftp` in batch mode against a loopback port, as a participant would run it: no user config
 * (`-F /dev/null`), no known-hosts file, only the key given, a 3 s connect timeout. Resolves with the exit
 * code and both outputs; never rejects (a failing sftp is what many tests want).
 */
import { execFile } from "node:child_process"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

export interface SftpRun {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
  readonly ms: number
}

export const sftpBatch = (opts: { readonly user: string; readonly port: number; readonly key: string; readonly commands: ReadonlyArray<string>; readonly cwd?: string }): Promise<SftpRun> => {
  const dir = mkdtempSync(join(tmpdir(), "ecp-batch-"))
  const batch = join(dir, "batch")
  writeFileSync(batch, `${opts.commands.join("\n")}\n`)
  const args = [
    "-F", "/dev/null",
    "-b", batch,
    "-o", "StrictHostKeyChecking=no",
    "-o", "UserKnownHostsFile=/dev/null",
    "-o", "ConnectTimeout=3",
    "-o", "IdentitiesOnly=yes",
    "-o", "LogLevel=ERROR",
    "-i", opts.key,
    "-P", String(opts.port),
    `${opts.user}@127.0.0.1`
  ]
  const t0 = Date.now()
  return new Promise((resolve) => {
    execFile("sftp", args, { cwd: opts.cwd ?? dir, timeout: 20_000, env: { ...process.env, SSH_AUTH_SOCK: "" } }, (error, stdout, stderr) => {
      // Death by SIGPIPE: ssh had already failed (255: refused, timed out, denied) and sftp, writing to it,
      // lost the race with its exit (seen in CI) — what sftp exits with when it reads ssh's EOF first.
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : error.signal === "SIGPIPE" ? 255 : -1
      // No exit code: sftp did not start (spawn failed) or was killed (the 20 s timeout, a signal) — said in
      // stderr, so that a test expecting sftp's own exit says which (CI once: -1 after 34 ms).
      const why = code === -1 && error !== null ? `\n[sftp-client: ${error.killed ? "killed" : "not run"}: code ${String(error.code)}, signal ${String(error.signal)}: ${error.message}]` : ""
      resolve({ code, stdout, stderr: stderr + why, ms: Date.now() - t0 })
    })
  })
}
