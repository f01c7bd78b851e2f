/**
 * The OCG-C endpoint's lasting secrets in the rig's state folder (`--state`, default out/rig), under
 * `ocg-c/`: the RSA-2048 key pair Logon passwords are encrypted to (`public.pem` is what a client needs,
 * `private.pem` stays with the twin) and every Comp ID's password (`credentials.json`). Created on first
 * start, kept afterwards, so a client configured once keeps working across runs. Files are written 0600
 * (public.pem 0644).
 *
 * Passwords are random, not derived from the seed: a seed is printed and shared, a password must not be.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, randomBytes } from "node:crypto"
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { Result } from "effect"
import { parseJsonText } from "../../../topology/json-text.ts"

export interface OcgSecrets {
  readonly privateKey: KeyObject
  readonly publicKey: KeyObject
  readonly publicKeyPem: string
  readonly passwords: ReadonlyMap<string, string>
  readonly folder: string
}

export class OcgSecretsInvalid extends Error {
  readonly file: string
  readonly expected: string
  constructor(file: string, expected: string) {
    super(`${file}: expected ${expected}`)
    this.file = file
    this.expected = expected
  }
}

/** Loads (or creates) the key pair and a password for every Comp ID in `compIds`. */
export const loadSecrets = (stateDir: string, compIds: ReadonlyArray<string>): OcgSecrets => {
  const folder = join(stateDir, "ocg-c")
  mkdirSync(folder, { recursive: true, mode: 0o700 })
  const privatePath = join(folder, "private.pem")
  const publicPath = join(folder, "public.pem")
  if (!existsSync(privatePath)) {
    const pair = generateKeyPairSync("rsa", { modulusLength: 2048 })
    writeFileSync(privatePath, pair.privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 })
    writeFileSync(publicPath, pair.publicKey.export({ type: "spki", format: "pem" }), { mode: 0o644 })
  }
  let privateKey: KeyObject
  try {
    privateKey = createPrivateKey(readFileSync(privatePath))
  } catch {
    throw new OcgSecretsInvalid(privatePath, "an RSA private key in PEM")
  }
  const publicKey = createPublicKey(privateKey)
  const publicKeyPem = publicKey.export({ type: "spki", format: "pem" }).toString()
  writeFileSync(publicPath, publicKeyPem, { mode: 0o644 })
  const credentialsPath = join(folder, "credentials.json")
  let stored: Record<string, string> = {}
  if (existsSync(credentialsPath)) {
    try {
      // a Comp ID written twice must not silently keep one of its passwords
      const read = parseJsonText(readFileSync(credentialsPath, "utf8"))
      if (Result.isFailure(read)) throw new Error("not JSON, or a key repeated")
      const parsed = read.success
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object")
      for (const [k, v] of Object.entries(parsed)) if (typeof v === "string") stored[k] = v
    } catch {
      throw new OcgSecretsInvalid(credentialsPath, "a JSON object of Comp ID → password")
    }
  }
  let added = false
  for (const id of compIds) {
    if (stored[id] === undefined) {
      stored = { ...stored, [id]: randomBytes(9).toString("base64url") }
      added = true
    }
  }
  if (added || !existsSync(credentialsPath)) writeFileSync(credentialsPath, JSON.stringify(stored, null, 2) + "\n", { mode: 0o600 })
  return { privateKey, publicKey, publicKeyPem, passwords: new Map(Object.entries(stored)), folder }
}
