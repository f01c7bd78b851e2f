/**
 * The ECP SFTP endpoint's keys, kept in the state folder so that a participant's `sftp -i KEY` keeps
 * working from one run to the next: the host key (`ecp/host_ed25519`) and one key pair per participant
 * (`ecp/keys/P/id_ed25519`, `.pub`). A file already there is used as it is (keys can be supplied); a
 * missing one is generated (Ed25519, OpenSSH format) with a private key readable by its owner only (0600,
 * as OpenSSH's ssh refuses a private key others can read).
 *
 * Gotcha: the participant id becomes a folder name, so only ids of letters, digits, `-`, `_` and `.` (not
 * starting with `.`) are accepted (the estate's ids are); anything else is refused with a typed error.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import ssh2 from "ssh2"

export class EcpKeyRefused extends Error {
  readonly file: string
  constructor(file: string, expected: string, got: string) {
    super(`${file}: expected ${expected}, got ${got}`)
    this.file = file
  }
}

/** A parsed public key as ssh2 gives it (getPublicSSH, verify). */
export type PublicKey = ssh2.ParsedKey

const SAFE_ID = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/

export const ecpDir = (stateDir: string): string => join(stateDir, "ecp")
export const hostKeyPath = (stateDir: string): string => join(ecpDir(stateDir), "host_ed25519")
export const participantKeyPath = (stateDir: string, participant: string): string => {
  if (!SAFE_ID.test(participant)) throw new EcpKeyRefused("participant", "an id of letters, digits, '-', '_' or '.'", JSON.stringify(participant))
  return join(ecpDir(stateDir), "keys", participant, "id_ed25519")
}

const writePrivate = (path: string, text: string): void => {
  writeFileSync(path, text, { mode: 0o600 })
  chmodSync(path, 0o600)
}

export interface KeyPairText {
  readonly private: string
  readonly public: string
}

const generateEd25519 = (comment: string): KeyPairText => ssh2.utils.generateKeyPairSync("ed25519", { comment })

const parses = (text: string): boolean => !(ssh2.utils.parseKey(text) instanceof Error)

/**
 * A new Ed25519 pair in OpenSSH format. ssh2 1.x's generateKeyPairSync writes a public key that starts with
 * a zero byte as 31 bytes instead of 32 (about one pair in 256; 8 of 3,000 here), and ssh2 itself then
 * refuses both halves as malformed (mscdex/ssh2 issues 1390 and 1513, open) — a `twin serve` whose rig had
 * to make a participant's key failed to start about once in 256 keys. Such a pair is drawn again (16 draws
 * all bad: ~256⁻¹⁶).
 */
export const newKeyPair = (comment: string, generate: (comment: string) => KeyPairText = generateEd25519): KeyPairText => {
  for (let draw = 0; draw < 16; draw++) {
    const pair = generate(comment)
    if (parses(pair.public) && parses(pair.private)) return pair
  }
  throw new Error(`no well-formed Ed25519 key pair for ${comment} in 16 draws`)
}

/** Generates the pair at `path` (private) and `path.pub` unless the private key is there. */
const ensurePair = (path: string, comment: string): void => {
  if (existsSync(path)) return
  mkdirSync(join(path, ".."), { recursive: true, mode: 0o700 })
  const pair = newKeyPair(comment)
  writePrivate(path, pair.private)
  writeFileSync(`${path}.pub`, `${pair.public}\n`, { mode: 0o644 })
}

const parseOne = (path: string, text: string): ssh2.ParsedKey => {
  const parsed = ssh2.utils.parseKey(text)
  // A pair an earlier twin made with ssh2's bug (newKeyPair) is refused here too: say how to get a new one.
  if (parsed instanceof Error) throw new EcpKeyRefused(path, "an OpenSSH or PEM key (remove the pair to have a new one made)", parsed.message)
  const key = Array.isArray(parsed) ? parsed[0] : parsed
  if (key === undefined) throw new EcpKeyRefused(path, "one key", "none")
  return key
}

/** The host key's private text (ssh2's `hostKeys`), generated on first use. */
export const ensureHostKey = (stateDir: string): string => {
  const path = hostKeyPath(stateDir)
  ensurePair(path, "ecp-sftp host")
  const text = readFileSync(path, "utf8")
  if (!parseOne(path, text).isPrivateKey()) throw new EcpKeyRefused(path, "a private key", "a public key")
  return text
}

/** The participant's public key (from `id_ed25519.pub`), its pair generated on first use. */
export const ensureParticipantKey = (stateDir: string, participant: string): PublicKey => {
  const path = participantKeyPath(stateDir, participant)
  ensurePair(path, `${participant}@ecp-sftp`)
  return parseOne(`${path}.pub`, readFileSync(`${path}.pub`, "utf8"))
}
