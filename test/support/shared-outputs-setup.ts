/**
 * vitest's globalSetup for shared-outputs.ts: one folder per `vitest run`, made before any test file
 * starts (cheap: nothing is built here) and removed when the run ends, with everything made into it.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { TestProject } from "vitest/node"

declare module "vitest" {
  export interface ProvidedContext {
    /** The folder shared-outputs.ts makes its outputs in, for this run. */
    sharedOutputs: string
  }
}

export default function setup(project: TestProject): () => void {
  const root = mkdtempSync(join(tmpdir(), "twin-shared-outputs-"))
  project.provide("sharedOutputs", root)
  return () => rmSync(root, { recursive: true, force: true })
}
