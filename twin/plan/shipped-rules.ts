/**
 * The shipped domain rules for the shipped estate (shipped-constraints.yaml: line A and line B, plane A and
 * plane B apart; the secondary site first), which `twin plan` keeps unless `--no-rules`. They name the
 * default estate's units, so they apply to it only: another estate's rules are given with `--constraints`.
 */
import { Result } from "effect"
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { type ConstraintsFile, parseConstraintsFile } from "./constraints.ts"

export const shippedConstraintsPath = fileURLToPath(new URL("./shipped-constraints.yaml", import.meta.url))

/** The file's name in messages (`shipped-constraints.yaml:constraints[2] (apart)`). */
export const SHIPPED_NAME = "shipped-constraints.yaml"

/** The shipped rules, decoded (a defect if the shipped file does not decode: a test pins it). */
export const shippedConstraints = (): { readonly name: string; readonly value: ConstraintsFile } => {
  const parsed = parseConstraintsFile(SHIPPED_NAME, readFileSync(shippedConstraintsPath, "utf8"))
  if (Result.isFailure(parsed)) throw parsed.failure
  return { name: SHIPPED_NAME, value: parsed.success }
}

