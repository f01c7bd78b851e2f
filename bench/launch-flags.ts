/**
 * The V8 flags checkout `root` runs its CLI with, as its package.json's `twin` script spells them
 * (`node FLAGS twin/bin/twin.ts`): a tree measured side by side runs as its users run it — a tree from
 * before twin/parallel/heap-flags.ts with `--max-semi-space-size=128` alone.
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"

export const launchFlagsOf = (root: string): ReadonlyArray<string> => {
  const file = join(root, "package.json")
  const script = (JSON.parse(readFileSync(file, "utf8")) as { scripts?: Record<string, string> }).scripts?.["twin"] ?? ""
  const words = script.trim().split(/\s+/)
  const [node, entry] = [words.indexOf("node"), words.indexOf("twin/bin/twin.ts")]
  if (node < 0 || entry < node) throw new Error(`${file}: scripts.twin: expected "node [FLAGS] twin/bin/twin.ts", got ${JSON.stringify(script)}`)
  return words.slice(node + 1, entry)
}
