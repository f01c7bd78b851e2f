/**
 * ECP SFTP benchmark (`npm run bench -- sftp`): OpenSSH's `sftp` downloads a 100 MB file from the twin's
 * ECP endpoint (ssh2, twin/wire/ecp/) and, in the same run, the same bytes from OpenSSH's own `sshd` +
 * `sftp-server` on another loopback port — a throwaway instance the bench starts with its own config, host
 * key and AuthorizedKeysFile in a temporary folder (`sshd -D -e -f CFG`). Each server is timed five times,
 * alternately; the best of each counts. Login alone (`ls` of an empty folder) is timed too, and the
 * transfer's throughput is the file's size over (download − login).
 *
 * sshd runs as the user running the bench and lets that user log in with a key made here; on a machine
 * where that user is root it runs as root (sshd needs no other privilege for this: no PAM, StrictModes off).
 */
import { execFile, spawn } from "node:child_process"
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir, userInfo } from "node:os"
import { join } from "node:path"
import { liveEcp, minutes, NINE } from "../test/twin/wire/ecp/support.ts"
import { LiveSession } from "../twin/serve/live-session.ts"
import { startEcpSftp } from "../twin/wire/ecp/endpoint.ts"
import { newKeyPair, participantKeyPath } from "../twin/wire/ecp/keys.ts"

const SIZE = 100 * 1000 * 1000
const RUNS = 5

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = createServer()
    s.listen(0, "127.0.0.1", () => {
      const a = s.address()
      s.close(() => resolve(typeof a === "object" && a !== null ? a.port : 0))
    })
  })

const timeSftp = (user: string, port: number, key: string, commands: ReadonlyArray<string>, cwd: string): Promise<number> => {
  const batch = join(cwd, "batch")
  writeFileSync(batch, `${commands.join("\n")}\n`)
  const args = ["-F", "/dev/null", "-b", batch, "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "IdentitiesOnly=yes", "-o", "LogLevel=ERROR", "-i", key, "-P", String(port), `${user}@127.0.0.1`]
  const t0 = process.hrtime.bigint()
  return new Promise((resolve, reject) =>
    execFile("sftp", args, { cwd, timeout: 300_000, env: { ...process.env, SSH_AUTH_SOCK: "" } }, (e, _out, err) =>
      e === null ? resolve(Number(process.hrtime.bigint() - t0) / 1e6) : reject(new Error(`sftp to ${port}: ${err.trim()}`))))
}

/** A throwaway sshd on `port` serving `home` to the current user with `pubKey`. */
const startSshd = async (dir: string, port: number, pubKey: string): Promise<{ readonly close: () => void }> => {
  const hostKey = join(dir, "ssh_host_ed25519_key")
  const pair = newKeyPair("bench sshd host")
  writeFileSync(hostKey, pair.private, { mode: 0o600 })
  chmodSync(hostKey, 0o600)
  writeFileSync(join(dir, "authorized_keys"), pubKey, { mode: 0o600 })
  const cfg = join(dir, "sshd_config")
  writeFileSync(cfg, [
    `Port ${port}`,
    "ListenAddress 127.0.0.1",
    `HostKey ${hostKey}`,
    `AuthorizedKeysFile ${join(dir, "authorized_keys")}`,
    `PidFile ${join(dir, "sshd.pid")}`,
    "PasswordAuthentication no",
    "KbdInteractiveAuthentication no",
    "PubkeyAuthentication yes",
    "PermitRootLogin prohibit-password",
    "UsePAM no",
    "StrictModes no",
    "Subsystem sftp /usr/lib/openssh/sftp-server",
    ""
  ].join("\n"))
  mkdirSync("/run/sshd", { recursive: true })
  const child = spawn("/usr/sbin/sshd", ["-D", "-e", "-f", cfg], { stdio: ["ignore", "ignore", "pipe"] })
  let log = ""
  child.stderr.on("data", (b: Buffer) => (log += b.toString()))
  for (let i = 0; i < 50 && !log.includes("listening"); i++) await new Promise((r) => setTimeout(r, 100))
  if (!log.includes("listening")) {
    child.kill()
    throw new Error(`sshd did not start: ${log.trim()}`)
  }
  return { close: () => void child.kill() }
}

export const renderSftpBench = async (): Promise<string> => {
  const dir = mkdtempSync(join(tmpdir(), "sftp-bench-"))
  const live = liveEcp(7)
  // The 100 MB file is the test estate's named download, made bigger: one more named file at 09:01.
  const big = new LiveSession({
    model: live.model,
    seed: 7,
    window: live.window,
    moved: [],
    settings: { ecp: { uploads: { count: 0 }, downloads: { count: 0 }, files: [{ kind: "BENCH", direction: "download", at: NINE + minutes(1), bytes: SIZE, participants: ["P1"] }] } }
  })
  const state = join(dir, "state")
  const endpoint = await startEcpSftp({ session: big, watched: ["P1"], host: "127.0.0.1", stateDir: state, wallAt: () => undefined, log: () => undefined })
  const user = userInfo().username
  const work = join(dir, "work")
  mkdirSync(work)
  let sshd: { readonly close: () => void } | undefined
  try {
    const tMake = Date.now()
    big.advance(NINE + minutes(1))
    await endpoint.settled()
    const made = Date.now() - tMake
    const file = "BENCH_P1_01.csv"
    const twinPort = endpoint.listing().find((l) => l.element !== undefined && !l.name.endsWith("dc2-1"))!.port
    const key = participantKeyPath(state, "P1")
    // OpenSSH's side: the same bytes in a folder of its own, the same key authorised.
    const home = join(dir, "openssh")
    mkdirSync(join(home, "download"), { recursive: true })
    mkdirSync(join(home, "empty"))
    copyFileSync(join(state, "ecp/home/P1/download", file), join(home, "download", file))
    const sshdPort = await freePort()
    sshd = await startSshd(dir, sshdPort, readFileSync(`${key}.pub`, "utf8"))
    const twin = { login: Infinity, get: Infinity }
    const openssh = { login: Infinity, get: Infinity }
    for (let i = 0; i < RUNS; i++) {
      twin.login = Math.min(twin.login, await timeSftp("P1", twinPort, key, ["ls upload"], work))
      twin.get = Math.min(twin.get, await timeSftp("P1", twinPort, key, [`get download/${file} got`], work))
      openssh.login = Math.min(openssh.login, await timeSftp(user, sshdPort, key, [`ls ${join(home, "empty")}`], work))
      openssh.get = Math.min(openssh.get, await timeSftp(user, sshdPort, key, [`get ${join(home, "download", file)} got`], work))
    }
    const mbps = (ms: number) => SIZE / 1e6 / (ms / 1000)
    const twinRate = mbps(twin.get - twin.login)
    const sshRate = mbps(openssh.get - openssh.login)
    const row = (name: string, t: { login: number; get: number }, rate: number) =>
      `${name.padEnd(30)} ${t.login.toFixed(0).padStart(8)} ${t.get.toFixed(0).padStart(10)} ${rate.toFixed(1).padStart(12)} ${mbps(t.get).toFixed(1).padStart(12)}`
    return [
      `ECP SFTP: OpenSSH sftp downloading ${SIZE / 1e6} MB over loopback, best of ${RUNS} (file made in ${made} ms)`,
      `${"server".padEnd(30)} ${"login ms".padStart(8)} ${"get ms".padStart(10)} ${"MB/s xfer".padStart(12)} ${"MB/s total".padStart(12)}`,
      row("twin ECP (ssh2)", twin, twinRate),
      row("OpenSSH sshd + sftp-server", openssh, sshRate),
      `ratio twin / OpenSSH: ${(twinRate / sshRate).toFixed(2)} (transfer), ${(mbps(twin.get) / mbps(openssh.get)).toFixed(2)} (whole session; target ≥ 0.5)`
    ].join("\n")
  } finally {
    sshd?.close()
    await endpoint.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
