/**
 * Who may talk to the server, judged from the request's own headers before anything is served:
 * - `Host` must name this server (issue 16: a DNS-rebinding page reaches 127.0.0.1 under its own name and
 *   would read the traces): the address it listens on, and for loopback `localhost`, `127.0.0.1` and
 *   `[::1]`, each with the port; or a host of an `--allow-origin`. A server on a wildcard address (0.0.0.0,
 *   ::) was exposed on purpose and answers to any name, so only the Origin rule holds there.
 * - `Origin`, on a WebSocket upgrade, must be this server's own origin or one `--allow-origin` names: a
 *   browser sends it on every WebSocket, so a page of another site cannot open `/live` and read the drill
 *   (cross-site WebSocket hijacking). A client that sends no Origin is not a browser page and is let in (the
 *   instructor's token still guards control).
 */
import type { IncomingMessage } from "node:http"

export interface OriginPolicy {
  /** Undefined when the request may go on, else why not (one line). */
  readonly refuse: (req: IncomingMessage, upgrade: boolean) => string | undefined
}

const wildcard = (host: string) => host === "0.0.0.0" || host === "::"
const bracketed = (host: string) => (host.includes(":") && !host.startsWith("[") ? `[${host}]` : host)

/** `listenHost`: the bound address; `asGiven`: the --host the user wrote, also a name of this server. */
export const originPolicy = (
  listenHost: string,
  port: number,
  loopback: boolean,
  allowOrigins: ReadonlyArray<string>,
  asGiven = listenHost
): OriginPolicy => {
  const names = [...new Set([bracketed(listenHost), bracketed(listenHost.replace(/^::ffff:/i, "")), bracketed(asGiven)])]
  if (loopback) names.push("localhost", "127.0.0.1", "[::1]")
  const allowed = new Set(allowOrigins.map((o) => o.toLowerCase().replace(/\/+$/, "")))
  const hosts = new Set([...names.map((n) => `${n}:${port}`.toLowerCase()), ...[...allowed].map((o) => hostOfOrigin(o)).filter((h) => h !== undefined)])
  const origins = new Set([...names.map((n) => `http://${n}:${port}`.toLowerCase()), ...allowed])
  return {
    refuse: (req, upgrade) => {
      const host = (req.headers.host ?? "").toLowerCase()
      if (!wildcard(listenHost) && !hosts.has(host)) return `Host ${JSON.stringify(req.headers.host ?? "")} is not this server`
      const origin = req.headers.origin
      if (upgrade && origin !== undefined && !origins.has(origin.toLowerCase())) return `Origin ${JSON.stringify(origin)} is not allowed (--allow-origin)`
      return undefined
    }
  }
}

/** `https://drills.example:8443` → `drills.example:8443` (with the scheme's port when none is written). */
const hostOfOrigin = (origin: string): string | undefined => {
  try {
    const url = new URL(origin)
    return `${url.hostname}:${url.port === "" ? (url.protocol === "https:" ? "443" : "80") : url.port}`
  } catch {
    return undefined
  }
}
