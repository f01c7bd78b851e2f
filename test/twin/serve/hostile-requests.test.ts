/**
 * Issue 16, defects 4 and 5, against a real server on loopback: a symlink in the served folder never
 * serves a file outside it; a request naming another Host (DNS rebinding) and a WebSocket upgrade from
 * another site's page (cross-site WebSocket) are refused with 403, the server's own names and origin, and
 * an `--allow-origin`, are let in.
 */
import { request } from "node:http"
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { WebSocket } from "ws"
import { LiveHub } from "../../../twin/serve/live-hub.ts"
import { LiveSession } from "../../../twin/serve/live-session.ts"
import { type Serving, startServer } from "../../../twin/serve/server.ts"
import { minutes, NINE, tiny } from "./support.ts"

const dir = mkdtempSync(join(tmpdir(), "twin-hostile-http-"))
const dist = join(dir, "dist")
const secret = join(dir, "secret.txt")
let serving: Serving
let hub: LiveHub

beforeAll(async () => {
  mkdirSync(join(dist, "assets"), { recursive: true })
  writeFileSync(join(dist, "index.html"), "<!doctype html><title>viewer</title>\n")
  writeFileSync(join(dist, "assets", "app.js"), "console.log(1)\n")
  writeFileSync(secret, "the machine's own file\n")
  symlinkSync(secret, join(dist, "assets", "leak.js"))
  symlinkSync(dir, join(dist, "up"))
  symlinkSync(join(dist, "assets", "app.js"), join(dist, "assets", "alias.js"))
  hub = new LiveHub({ session: new LiveSession({ model: tiny, seed: 4, window: { from: NINE, to: NINE + minutes(1) }, moved: [] }), speed: 60, token: "instructor-token", log: () => {} })
  serving = await startServer({ host: "127.0.0.1", port: 0, viewer: dist, traces: new Map(), hub, allowOrigins: ["https://drills.example:8443"] })
})

afterAll(async () => {
  await serving.close()
})

const get = (path: string, host?: string) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port: serving.port, path, headers: host === undefined ? {} : { host } }, (res) => {
      let body = ""
      res.setEncoding("utf8").on("data", (c: string) => (body += c)).on("end", () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on("error", reject)
    req.end()
  })

/** Opens `/live` with `origin` (none: as a non-browser client); the HTTP status of the answer. */
const upgrade = (origin: string | undefined, host?: string) =>
  new Promise<number>((resolve) => {
    const headers: Record<string, string> = {}
    if (host !== undefined) headers["host"] = host
    const ws = new WebSocket(`ws://127.0.0.1:${serving.port}/live`, { headers, ...(origin === undefined ? {} : { origin }) })
    ws.on("open", () => {
      ws.terminate()
      resolve(101)
    })
    ws.on("unexpected-response", (_req, res) => {
      resolve(res.statusCode ?? 0)
      ws.terminate()
    })
    ws.on("error", () => {})
  })

describe("symlinks in the served folder", () => {
  it("a symlink to a file outside is not served (404), nor is a folder symlinked outside", async () => {
    expect(await get("/assets/leak.js")).toEqual({ status: 404, body: "not found: /assets/leak.js\n" })
    expect(await get("/up/secret.txt")).toEqual({ status: 404, body: "not found: /up/secret.txt\n" })
  })

  it("a symlink that stays inside is served like its target", async () => {
    expect(await get("/assets/alias.js")).toEqual({ status: 200, body: "console.log(1)\n" })
  })
})

describe("Host: only this server's names (DNS rebinding)", () => {
  it("serves 127.0.0.1, localhost and [::1] with the port", async () => {
    for (const name of ["127.0.0.1", "localhost", "[::1]"]) expect((await get("/assets/app.js", `${name}:${serving.port}`)).status).toBe(200)
  })

  it("refuses another name, another port and a missing port with 403 and why", async () => {
    expect(await get("/assets/app.js", `evil.example:${serving.port}`)).toEqual({
      status: 403,
      body: `forbidden: Host "evil.example:${serving.port}" is not this server\n`
    })
    expect((await get("/assets/app.js", "127.0.0.1:1")).status).toBe(403)
    expect((await get("/assets/app.js", "127.0.0.1")).status).toBe(403)
  })

  it("lets in the host of an --allow-origin", async () => {
    expect((await get("/assets/app.js", "drills.example:8443")).status).toBe(200)
  })
})

describe("Origin on the WebSocket upgrade (cross-site WebSocket)", () => {
  it("lets in the server's own origin, an allowed one, and a client that sends none", async () => {
    expect(await upgrade(`http://127.0.0.1:${serving.port}`)).toBe(101)
    expect(await upgrade(`http://localhost:${serving.port}`)).toBe(101)
    expect(await upgrade("https://drills.example:8443")).toBe(101)
    expect(await upgrade(undefined)).toBe(101)
  })

  it("refuses another site's page, a sandboxed one (null) and the right host on another port", async () => {
    expect(await upgrade("https://evil.example")).toBe(403)
    expect(await upgrade("null")).toBe(403)
    expect(await upgrade(`http://127.0.0.1:${serving.port + 1}`)).toBe(403)
  })

  it("refuses an upgrade naming another Host even with no Origin", async () => {
    expect(await upgrade(undefined, `rebound.example:${serving.port}`)).toBe(403)
  })
})
