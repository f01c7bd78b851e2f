/**
 * The built viewer (viewer/dist) for `twin serve`: built with Vite's own build API when it is missing or
 * older than any viewer source, so `npm start` works on a fresh checkout without a separate build step.
 */
import { existsSync, readdirSync, statSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

export const viewerRoot: string = fileURLToPath(new URL("../../viewer/", import.meta.url))
export const viewerDist: string = join(viewerRoot, "dist")

/** The newest modification time (ms) of the viewer's sources: everything under viewer/ but dist/. */
const newestSource = (dir: string): number => {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "dist" || entry.name === "node_modules" || entry.name.startsWith(".")) continue
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs)
  }
  return newest
}

/** Whether viewer/dist must be (re)built: no index.html, or a source newer than it. */
export const viewerStale = (): boolean => {
  const index = join(viewerDist, "index.html")
  if (!existsSync(index)) return true
  return newestSource(viewerRoot) > statSync(index).mtimeMs
}

/** Builds viewer/dist if stale; returns its path. Throws a one-line Error if the viewer cannot be built. */
export const ensureViewerBuilt = async (log: (line: string) => void): Promise<string> => {
  const config = join(viewerRoot, "vite.config.ts")
  if (!existsSync(config)) throw new Error(`viewer/vite.config.ts: expected the viewer's build configuration, got no such file`)
  if (!viewerStale()) return viewerDist
  log("building the viewer (viewer/dist)…")
  const { build } = await import("vite")
  try {
    await build({ configFile: config, logLevel: "warn" })
  } catch (e) {
    throw new Error(`viewer: the build failed: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`)
  }
  return viewerDist
}
