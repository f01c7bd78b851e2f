/**
 * The rig soak's ECP user (rig-soak.ts): one participant's SFTP client, as a broker's file job uses the ECP
 * endpoint — log in on one of its ports, list `/download`, fetch a file, put a file in `/upload`, leave with
 * a clean close or a dropped connection, and again.
 *
 * What it holds the endpoint to: a file fetched is as long as its listing said and is the twin's content
 * (lines of 63 hex digits, the last cut at the size); an upload the server closed without error is answered — its `NAME.resp` appears in
 * `/download` (docs/ecp-sftp.md: 600 virtual seconds later). Connections that time out or hang are counted,
 * not failed: a port whose server is closed or whose path the instructor cut is silent on purpose.
 */
import { readFileSync } from "node:fs"
import ssh2 from "ssh2"
import type { Random } from "../fuzz/random.ts"

export interface SftpCounts {
  sessions: number
  /** Connections with no login within 10 s (a closed server, a cut path), or an operation hanging 15 s. */
  silent: number
  /** Connections refused (a server closed until a DR failover: its port is not listening). */
  refused: number
  /** Connections or operations ended with another error (reset, a status the client did not expect). */
  errors: number
  downloads: number
  /** Fetched files whose length or content was not what the listing and the twin's content say. */
  badDownloads: number
  uploads: number
  /** Uploads refused (outside the submission window: PERMISSION_DENIED). */
  uploadsRefused: number
}

export const newSftpCounts = (): SftpCounts => ({ sessions: 0, silent: 0, refused: 0, errors: 0, downloads: 0, badDownloads: 0, uploads: 0, uploadsRefused: 0 })

/** The twin's content (twin/wire/ecp/content.ts): lines of 63 hex digits and a newline, the last cut at the size. */
const LINE = /^([0-9a-f]{63}\n)*[0-9a-f]{0,63}$/

type Outcome = "ok" | "silent" | "refused" | "error"

export class SoakSftpUser {
  readonly participant: string
  private readonly ports: ReadonlyArray<number>
  private readonly key: Buffer
  private readonly counts: SftpCounts
  private readonly random: Random
  private n = 0
  /** What the connections that ended in an error (not a refusal) said, by message. */
  readonly errorTexts = new Map<string, number>()
  /** The downloads that were not as listed, said. */
  readonly bad: Array<string> = []
  /** Uploads the server took, with the wall time they were closed. */
  readonly uploaded: Array<{ readonly name: string; readonly atMs: number }> = []

  constructor(participant: string, ports: ReadonlyArray<number>, keyPath: string, counts: SftpCounts, random: Random) {
    this.participant = participant
    this.ports = ports
    this.key = readFileSync(keyPath)
    this.counts = counts
    this.random = random
  }

  /** One visit on a random port (or `port`): list, fetch one file, put one, leave cleanly or not. */
  visit(port = this.random.pick(this.ports), abrupt = this.random.int(2) === 0): Promise<Outcome> {
    return this.withSession(port, abrupt, async (sftp) => {
      const names = await this.list(sftp)
      const files = names.filter((f) => !f.filename.endsWith(".part"))
      if (files.length > 0) {
        const f = this.random.pick(files)
        const data = await call<Buffer>((cb) => sftp.readFile(`/download/${f.filename}`, cb))
        this.counts.downloads++
        if (data.length !== f.attrs.size || !LINE.test(data.toString("latin1"))) {
          this.counts.badDownloads++
          const text = data.toString("latin1")
          this.bad.push(`${this.participant} /download/${f.filename}: listed ${f.attrs.size} bytes, read ${data.length}` +
            (LINE.test(text) ? "" : `, content ${JSON.stringify(text.slice(0, 80))}`))
        }
      }
      const name = `soak-${this.participant}-${++this.n}.csv`
      const body = Buffer.from(`${"0123456789abcdef".repeat(4).slice(0, 63)}\n`.repeat(32))
      try {
        await call<void>((cb) => sftp.writeFile(`/upload/${name}`, body, cb))
        this.counts.uploads++
        this.uploaded.push({ name, atMs: Date.now() })
      } catch (e) {
        if ((e as { code?: number }).code !== 3) throw e
        this.counts.uploadsRefused++
      }
    })
  }

  /** The names in `/download` now, through the first port that logs in; undefined when none does. */
  async downloads(): Promise<ReadonlySet<string> | undefined> {
    for (const port of this.ports) {
      let names: ReadonlySet<string> | undefined
      const outcome = await this.withSession(port, false, async (sftp) => {
        names = new Set((await this.list(sftp)).map((f) => f.filename))
      })
      if (outcome === "ok") return names
    }
    return undefined
  }

  private list(sftp: ssh2.SFTPWrapper): Promise<Array<ssh2.FileEntryWithStats>> {
    return call<Array<ssh2.FileEntryWithStats>>((cb) => sftp.readdir("/download", cb))
  }

  private withSession(port: number, abrupt: boolean, work: (sftp: ssh2.SFTPWrapper) => Promise<void>): Promise<Outcome> {
    return new Promise((resolve) => {
      const client = new ssh2.Client()
      let outcome: Outcome | undefined
      const finish = (o: Outcome, why?: string) => {
        if (o === "error" && outcome === undefined) this.errorTexts.set(why ?? "closed", (this.errorTexts.get(why ?? "closed") ?? 0) + 1)
        if (outcome !== undefined) return
        outcome = o
        clearTimeout(hang)
        if (o === "silent") this.counts.silent++
        if (o === "refused") this.counts.refused++
        if (o === "error") this.counts.errors++
        if (abrupt || o !== "ok") (client as unknown as { _sock?: { destroy(): void } })._sock?.destroy()
        client.end()
        resolve(o)
      }
      const hang = setTimeout(() => finish("silent"), 25_000)
      client.on("error", (e) => finish(/timed out/i.test(e.message) ? "silent" : (e as NodeJS.ErrnoException).code === "ECONNREFUSED" ? "refused" : "error", e.message))
      client.on("close", () => finish("error", "connection closed before the work was done"))
      client.on("ready", () => {
        this.counts.sessions++
        client.sftp((e, sftp) => {
          if (e !== undefined && e !== null) return finish("error", `sftp subsystem: ${e.message}`)
          work(sftp).then(() => finish("ok"), (w: Error) => finish("error", w.message))
        })
      })
      client.connect({ host: "127.0.0.1", port, username: this.participant, privateKey: this.key, readyTimeout: 10_000 })
    })
  }
}

const call = <A>(f: (cb: (e: Error | null | undefined, a: A) => void) => void): Promise<A> =>
  new Promise((resolve, reject) => f((e, a) => (e !== undefined && e !== null ? reject(e) : resolve(a))))
