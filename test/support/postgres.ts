/**
 * A throwaway PostgreSQL for a test file: Debian's server binaries (/usr/lib/postgresql/<version>/bin, which
 * .ci/ensure-tools.sh installs), a fresh data folder in the temp dir, trust authentication, listening on a
 * free loopback port only. PostgreSQL refuses to run as root, and CI (.ci/run) runs as root: then initdb and
 * the server run as the `postgres` user the Debian package creates (spawn's uid/gid; the data folder is
 * handed to it), otherwise as the current user. `stop` shuts the server down (SIGINT: fast shutdown) and
 * removes the folder; call it in afterAll.
 */
import { spawn, spawnSync, type SpawnOptions } from "node:child_process"
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"

export interface Postgres {
  /** `postgres://twin@127.0.0.1:PORT/postgres` */
  readonly url: string
  readonly port: number
  readonly stop: () => Promise<void>
}

/** The newest installed server's bin folder, or undefined. */
export const postgresBin = (): string | undefined => {
  const root = "/usr/lib/postgresql"
  if (!existsSync(root)) return undefined
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, "bin", "postgres"))).sort((a, b) => Number(b) - Number(a))
  return versions.length === 0 ? undefined : join(root, versions[0]!, "bin")
}

/** The uid/gid to run the server as: `postgres`'s when we are root, else none (ourselves). */
const serverUser = (): { uid: number; gid: number } | undefined => {
  if (process.getuid?.() !== 0) return undefined
  const id = (flag: string) => Number(spawnSync("id", [flag, "postgres"], { encoding: "utf8" }).stdout.trim())
  const uid = id("-u")
  const gid = id("-g")
  if (!Number.isInteger(uid) || uid <= 0) throw new Error("running as root, and there is no postgres user to run PostgreSQL as (apt-get install postgresql creates it)")
  return { uid, gid }
}

/**
 * A loopback port free now, for a server a child process will bind later. Drawn below the kernel's
 * ephemeral range (ip_local_port_range): a port from that range, freed and bound a second later by a child
 * that is still starting, can be taken meanwhile by any outgoing connection on the machine (CI runs test
 * files side by side: `listen EADDRINUSE` in cluster.test.ts); ports below it are only ever bound on purpose.
 */
export const freePort = async (): Promise<number> => {
  const low = ephemeralLow()
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = FIRST_PORT + Math.floor(Math.random() * (low - FIRST_PORT))
    if (await bindable(port)) return port
  }
  throw new Error(`no free loopback port in ${FIRST_PORT}–${low - 1} after 200 tries`)
}

/** The lowest port below which the search stays clear of well-known services. */
const FIRST_PORT = 20_000

/** The first port of the kernel's ephemeral range (32768 when it cannot be read). */
const ephemeralLow = (): number => {
  try {
    const low = Number(readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0])
    return Number.isInteger(low) && low > FIRST_PORT + 1_000 ? low : 32_768
  } catch {
    return 32_768
  }
}

const bindable = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const server = createServer()
    server.once("error", () => resolve(false))
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)))
  })

export const startPostgres = async (): Promise<Postgres> => {
  const bin = postgresBin()
  if (bin === undefined) throw new Error("no PostgreSQL under /usr/lib/postgresql/*/bin: run .ci/ensure-tools.sh (or apt-get install postgresql)")
  const user = serverUser()
  const dir = mkdtempSync(join(tmpdir(), "twin-pg-"))
  if (user !== undefined) chownSync(dir, user.uid, user.gid)
  const data = join(dir, "data")
  const as: SpawnOptions = user === undefined ? {} : { uid: user.uid, gid: user.gid }
  const init = spawnSync(join(bin, "initdb"), ["-D", data, "-U", "twin", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"], { ...as, cwd: dir, encoding: "utf8" })
  if (init.status !== 0) throw new Error(`initdb failed (${init.status}): ${init.stderr}`)
  const port = await freePort()
  const server = spawn(join(bin, "postgres"), ["-D", data, "-p", String(port), "-h", "127.0.0.1", "-k", dir, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200"], {
    ...as,
    cwd: dir,
    stdio: ["ignore", "ignore", "pipe"]
  })
  let log = ""
  server.stderr?.on("data", (b: Buffer) => void (log += b.toString()))
  const exited = new Promise<void>((resolve) => server.once("exit", () => resolve()))
  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) server.kill("SIGINT")
    await exited
    rmSync(dir, { recursive: true, force: true })
  }
  // Ready when it accepts connections (pg_isready), within 30 s on a loaded machine.
  for (let i = 0; i < 300; i++) {
    if (server.exitCode !== null) break
    if (spawnSync(join(bin, "pg_isready"), ["-h", "127.0.0.1", "-p", String(port), "-U", "twin", "-q"]).status === 0) {
      return { url: `postgres://twin@127.0.0.1:${port}/postgres`, port, stop }
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  await stop()
  throw new Error(`PostgreSQL did not start on 127.0.0.1:${port}: ${log}`)
}
