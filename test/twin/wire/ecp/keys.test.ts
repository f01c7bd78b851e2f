/** The endpoint's keys in the state folder (twin/wire/ecp/keys.ts). */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import ssh2 from "ssh2"
import { afterAll, describe, expect, it } from "vitest"
import { EcpKeyRefused, ensureHostKey, ensureParticipantKey, hostKeyPath, newKeyPair, participantKeyPath } from "../../../../twin/wire/ecp/keys.ts"

describe("keys", () => {
  const dir = mkdtempSync(join(tmpdir(), "ecp-keys-"))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it("generates the host key and a participant's pair on first use, private keys 0600, at the documented paths", () => {
    ensureHostKey(dir)
    const pub = ensureParticipantKey(dir, "P0001")
    expect(hostKeyPath(dir)).toBe(join(dir, "ecp", "host_ed25519"))
    expect(participantKeyPath(dir, "P0001")).toBe(join(dir, "ecp", "keys", "P0001", "id_ed25519"))
    expect(statSync(hostKeyPath(dir)).mode & 0o777).toBe(0o600)
    expect(statSync(participantKeyPath(dir, "P0001")).mode & 0o777).toBe(0o600)
    expect(pub.type).toBe("ssh-ed25519")
    expect(readFileSync(`${participantKeyPath(dir, "P0001")}.pub`, "utf8")).toMatch(/^ssh-ed25519 \S+ P0001@ecp-sftp\n$/)
  })
  it("keeps the keys of an earlier run, and uses a supplied one", () => {
    const first = ensureParticipantKey(dir, "P0001").getPublicSSH()
    expect(ensureParticipantKey(dir, "P0001").getPublicSSH().equals(first)).toBe(true)
    const supplied = newKeyPair("supplied")
    const path = participantKeyPath(dir, "P0002")
    mkdirSync(join(path, ".."), { recursive: true })
    writeFileSync(path, supplied.private, { mode: 0o600 })
    writeFileSync(`${path}.pub`, supplied.public)
    const parsed = ssh2.utils.parseKey(supplied.public)
    expect(parsed instanceof Error).toBe(false)
    expect(ensureParticipantKey(dir, "P0002").getPublicSSH().equals((parsed as ssh2.ParsedKey).getPublicSSH())).toBe(true)
  })
  it("refuses an id that is not a plain name, and a key file that is no key", () => {
    expect(() => participantKeyPath(dir, "../P0001")).toThrow(EcpKeyRefused)
    expect(() => participantKeyPath(dir, ".ssh")).toThrow('participant: expected an id of letters, digits')
    const path = participantKeyPath(dir, "P0003")
    mkdirSync(join(path, ".."), { recursive: true })
    writeFileSync(path, "not a key")
    writeFileSync(`${path}.pub`, "not a key either")
    expect(() => ensureParticipantKey(dir, "P0003")).toThrow(`${path}.pub: expected an OpenSSH or PEM key (remove the pair to have a new one made), got Unsupported key format`)
  })
  it("draws a pair again when ssh2 makes a malformed one (a public key with a leading zero byte written as 31 bytes)", () => {
    // A pair ssh2's generateKeyPairSync made (its public key's length field says 31: 0x1f, "AAAAH"), which
    // ssh2 then refuses; the next draw is a good pair.
    const malformed = {
      public: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAH/7VNH57qNDH44bmt0YB+YvQNXHi5GZqyVU+c2EptjQ= P0007@ecp-sftp",
      private: "-----BEGIN OPENSSH PRIVATE KEY-----\nnot the half of a good pair\n-----END OPENSSH PRIVATE KEY-----\n"
    }
    expect(ssh2.utils.parseKey(malformed.public)).toBeInstanceOf(Error)
    const good = newKeyPair("P0007@ecp-sftp")
    const draws = [malformed, malformed, good]
    let drawn = 0
    const pair = newKeyPair("P0007@ecp-sftp", () => draws[drawn++]!)
    expect([drawn, pair]).toEqual([3, good])
    expect(() => newKeyPair("P0007@ecp-sftp", () => malformed)).toThrow("no well-formed Ed25519 key pair for P0007@ecp-sftp in 16 draws")
  })
})
