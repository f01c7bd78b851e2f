/**
 * A real `twin serve` for the soaks (soak.ts, rig-soak.ts): started as a user starts it, with its inspector
 * on loopback so that its JS heap can be read (`Runtime.getHeapUsage`), and read from outside the way an
 * operator would — resident set and open file descriptors from /proc. Keeps the first 200 lines it prints,
 * for the soak's report.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { readdirSync, readFileSync, readlinkSync } from "node:fs"
import WebSocket from "ws"
import { TWIN_NODE_FLAGS } from "../../twin/parallel/heap-flags.ts"

export interface Served {
  readonly server: ChildProcess
  /** `http://127.0.0.1:PORT`, as the trainee's line prints it. */
  readonly origin: string
  /** The live channel's URL (`ws://…/live`). */
  readonly liveUrl: string
  /** Lines the server printed (the first 200). */
  readonly log: ReadonlyArray<string>
  heapMiB(): Promise<number>
  rssMiB(): number
  /** Open file descriptors, and how many of them are sockets. */
  descriptors(): { readonly fds: number; readonly sockets: number }
  /** The server's IPv4 TCP and UDP sockets as /proc/net says them: `tcp 127.0.0.1:PORT 127.0.0.1:PORT ESTABLISHED`. */
  sockets(): ReadonlyArray<string>
  /** Whether the server is still running. */
  running(): boolean
  stop(): void
}

export const startServed = async (args: ReadonlyArray<string>): Promise<Served> => {
  const server = spawn(process.execPath, ["--inspect=127.0.0.1:0", ...TWIN_NODE_FLAGS, "twin/bin/twin.ts", "serve", ...args], {
    stdio: ["ignore", "pipe", "pipe"]
  })
  let exited = false
  server.once("exit", () => (exited = true))
  const log: Array<string> = []
  const found = (stream: NodeJS.ReadableStream, pattern: RegExp): Promise<string> =>
    new Promise((resolve, reject) => {
      let text = ""
      stream.on("data", (chunk: Buffer) => {
        text += chunk.toString()
        for (const line of chunk.toString().split("\n")) if (line.trim() !== "" && log.length < 200) log.push(line)
        const m = pattern.exec(text)
        if (m !== null) resolve(m[1]!)
      })
      server.once("exit", (code) => reject(new Error(`twin serve exited (${code}) before printing ${pattern}:\n${log.join("\n")}`)))
    })
  const inspectorUrl = await found(server.stderr!, /Debugger listening on (ws:\/\/\S+)/)
  const origin = await found(server.stdout!, /trainee:\s+(http:\/\/\S+)\/\?live/)

  const inspector = new WebSocket(inspectorUrl)
  await new Promise((resolve) => inspector.once("open", resolve))
  let cdpId = 0
  const heapMiB = (): Promise<number> =>
    new Promise((resolve) => {
      const id = ++cdpId
      const onMessage = (data: WebSocket.RawData) => {
        const m = JSON.parse(data.toString()) as { id?: number; result?: { usedSize: number } }
        if (m.id !== id) return
        inspector.off("message", onMessage)
        resolve(Math.round((m.result?.usedSize ?? 0) / 2 ** 20))
      }
      inspector.on("message", onMessage)
      inspector.send(JSON.stringify({ id, method: "Runtime.getHeapUsage" }))
    })
  const rssMiB = (): number => {
    if (exited) return 0
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, "utf8"))
    return m === null ? 0 : Math.round(Number(m[1]) / 1024)
  }
  const descriptors = () => {
    if (exited) return { fds: 0, sockets: 0 }
    const fds = readdirSync(`/proc/${server.pid}/fd`)
    let sockets = 0
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${server.pid}/fd/${fd}`).startsWith("socket:")) sockets++
      } catch {
        // closed between the listing and the read
      }
    }
    return { fds: fds.length, sockets }
  }
  const sockets = (): ReadonlyArray<string> => {
    if (exited) return []
    const inodes = new Set<string>()
    for (const fd of readdirSync(`/proc/${server.pid}/fd`)) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${server.pid}/fd/${fd}`))
        if (m !== null) inodes.add(m[1]!)
      } catch {
        // closed meanwhile
      }
    }
    const found: Array<string> = []
    for (const proto of ["tcp", "udp"] as const) {
      for (const line of readFileSync(`/proc/${server.pid}/net/${proto}`, "utf8").split("\n").slice(1)) {
        const f = line.trim().split(/\s+/)
        if (f.length < 10 || !inodes.has(f[9]!)) continue
        found.push(`${proto} ${address(f[1]!)} ${address(f[2]!)} ${proto === "tcp" ? TCP_STATES[parseInt(f[3]!, 16)] ?? f[3] : ""}`.trim())
      }
    }
    return found.sort()
  }
  return {
    server,
    sockets,
    origin,
    liveUrl: `${origin.replace("http://", "ws://")}/live`,
    log,
    heapMiB,
    rssMiB,
    descriptors,
    running: () => !exited,
    stop: () => {
      inspector.close()
      server.kill("SIGINT")
    }
  }
}

/** /proc/net's `0100007F:1F90` as `127.0.0.1:8080`. */
const address = (hex: string): string => {
  const [ip, port] = hex.split(":")
  const b = Buffer.from(ip!, "hex")
  return `${b[3]}.${b[2]}.${b[1]}.${b[0]}:${parseInt(port!, 16)}`
}

const TCP_STATES: Record<number, string> = {
  1: "ESTABLISHED", 2: "SYN_SENT", 3: "SYN_RECV", 4: "FIN_WAIT1", 5: "FIN_WAIT2", 6: "TIME_WAIT", 7: "CLOSE", 8: "CLOSE_WAIT", 9: "LAST_ACK", 10: "LISTEN", 11: "CLOSING"
}
