/**
 * Files `twin serve` hands out over HTTP: the built viewer (unknown paths without an extension get its
 * index.html) and the traces it plays under `/trace/NAME.ndjson`. Paths are resolved inside their folder
 * only: `..`, encoded tricks and symlinks leading out get a 404, never a file outside it.
 */
import { createReadStream, realpathSync, statSync } from "node:fs"
import type { IncomingMessage, ServerResponse } from "node:http"
import { extname, join, normalize, sep } from "node:path"

const types: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".ndjson": "application/x-ndjson; charset=utf-8",
  ".txt": "text/plain; charset=utf-8"
}

const isFile = (path: string): boolean => {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

/**
 * `path` once every symlink on the way is resolved, if that is still inside `root` (itself resolved):
 * a symlink in the viewer's folder must not serve a file of the machine (issue 16, defect 4).
 */
const realInside = (root: string, path: string): string | undefined => {
  try {
    const realRoot = realpathSync(root)
    const real = realpathSync(path)
    return real === realRoot || real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep) ? real : undefined
  } catch {
    return undefined
  }
}

/** `urlPath` (already without query) inside `root`, or undefined when it leaves `root` or is malformed. */
export const insideRoot = (root: string, urlPath: string): string | undefined => {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return undefined
  }
  if (decoded.includes("\0")) return undefined
  const path = normalize(join(root, decoded))
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep) ? path : undefined
}

export const sendFile = (res: ServerResponse, path: string): void => {
  res.writeHead(200, { "content-type": types[extname(path)] ?? "application/octet-stream", "cache-control": "no-cache" })
  createReadStream(path).pipe(res)
}

export const notFound = (res: ServerResponse, what: string): void => {
  res.writeHead(404, { "content-type": "text/plain; charset=utf-8" })
  res.end(`not found: ${what}\n`)
}

export interface StaticRoutes {
  /** viewer/dist, or undefined when the server runs without the viewer (protocol tests). */
  readonly viewer: string | undefined
  /** Trace name (`NAME.ndjson`) → file. */
  readonly traces: ReadonlyMap<string, string>
}

/** Answers a GET for a static file; false when `pathname` is not one of its routes. */
export const serveStatic = (routes: StaticRoutes, req: IncomingMessage, res: ServerResponse, pathname: string): boolean => {
  if (req.method !== "GET" && req.method !== "HEAD") return false
  if (pathname.startsWith("/trace/")) {
    const file = routes.traces.get(decodeURIComponentSafe(pathname.slice("/trace/".length)))
    if (file === undefined || !isFile(file)) notFound(res, pathname)
    else sendFile(res, file)
    return true
  }
  if (routes.viewer === undefined) return false
  const lexical = insideRoot(routes.viewer, pathname)
  const path = lexical === undefined ? undefined : realInside(routes.viewer, lexical)
  if (path !== undefined && isFile(path)) sendFile(res, path)
  else if (extname(pathname) === "") sendFile(res, join(routes.viewer, "index.html"))
  else notFound(res, pathname)
  return true
}

const decodeURIComponentSafe = (text: string): string => {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
