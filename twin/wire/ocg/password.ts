/**
 * The OCG-C Logon password rule (DOMAIN §1 Password): the client sends in Password (554) the UTC time
 * `YYYYMMDDHHMMSS` followed by its password, RSA-2048 encrypted with HKEX's public key (PKCS#1 v1.5 or
 * OAEP) and base64-encoded; the gateway decrypts it and accepts it when the password matches and the time
 * is within a tolerance of its own clock.
 *
 * Assumptions [U]: the time is inside the encrypted text, ahead of the password (DOMAIN says "prefixed";
 * encrypting it is what makes a captured Logon useless after the tolerance); the tolerance is 120 s either
 * way (DOMAIN gives none). The twin keeps its key pair in the rig's state folder (keys.ts).
 *
 * When to use: `checkPassword` in the session's Logon handling; `encryptPassword` in a client (tests, docs).
 */
import { constants, privateDecrypt, publicEncrypt, type KeyObject } from "node:crypto"

export const PASSWORD_TOLERANCE_SECONDS = 120

/** `YYYYMMDDHHMMSS` of `wallMs` in UTC. */
export const passwordTime = (wallMs: number): string => new Date(wallMs).toISOString().replace(/[-:T]/g, "").slice(0, 14)

/** The Password (554) value for `password` at `wallMs`: base64 of RSA(OAEP or PKCS#1)(time + password). */
export const encryptPassword = (publicKey: KeyObject | string, password: string, wallMs: number, padding: "oaep" | "pkcs1" = "oaep"): string =>
  publicEncrypt(
    { key: publicKey, padding: padding === "oaep" ? constants.RSA_PKCS1_OAEP_PADDING : constants.RSA_PKCS1_PADDING },
    Buffer.from(passwordTime(wallMs) + password, "utf8")
  ).toString("base64")

export type PasswordVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: string }

const decrypt = (privateKey: KeyObject, cipher: Buffer): Buffer | undefined => {
  for (const padding of [constants.RSA_PKCS1_OAEP_PADDING, constants.RSA_PKCS1_PADDING]) {
    try {
      return privateDecrypt({ key: privateKey, padding }, cipher)
    } catch {
      // Not this padding: try the other (DOMAIN §1: PKCS#1 or OAEP).
    }
  }
  return undefined
}

const TIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/

/** Whether `field` (554's value) carries `expected` at a time within `toleranceSeconds` of `wallMs`. */
export const checkPassword = (privateKey: KeyObject, field: string | undefined, expected: string, wallMs: number, toleranceSeconds = PASSWORD_TOLERANCE_SECONDS): PasswordVerdict => {
  if (field === undefined) return { ok: false, reason: "Password (554) missing" }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(field)) return { ok: false, reason: "Password (554): expected base64" }
  const plain = decrypt(privateKey, Buffer.from(field, "base64"))
  if (plain === undefined) return { ok: false, reason: "Password (554): expected RSA-2048 (OAEP or PKCS#1) with the gateway's public key" }
  const text = plain.toString("utf8")
  const m = TIME.exec(text.slice(0, 14))
  if (m === null) return { ok: false, reason: "Password (554): expected a UTC time YYYYMMDDHHMMSS before the password" }
  const at = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]))
  const skew = Math.abs(at - wallMs) / 1000
  if (!(skew <= toleranceSeconds)) return { ok: false, reason: `Password (554): time ${m[0]} is ${Math.round(skew)} s from the gateway's clock (tolerance ${toleranceSeconds} s)` }
  if (text.slice(14) !== expected) return { ok: false, reason: "Password (554): wrong password" }
  return { ok: true }
}
