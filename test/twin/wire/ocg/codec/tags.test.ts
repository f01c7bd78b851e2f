/**
 * MsgType (35) validity against FIX's own table: jspurefix ships the FIX 5.0 SP2 (EP228) FIXML schema,
 * whose MsgType enumeration is the list of message types FIX defines.
 */
import { readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import { describe, expect, it } from "vitest"
import { isDefinedMsgType } from "../../../../../twin/wire/ocg/codec/tags.ts"

const schema = join(dirname(createRequire(import.meta.url).resolve("jspurefix/package.json")), "data/fix_repo/fixmlschema_FIX.5.0SP2_EP228/fixml-fields-base-5-0-SP2.xsd")
const fixMsgTypes = (): Array<string> => {
  const xsd = readFileSync(schema, "utf8")
  const block = /<xs:simpleType name="MsgType_enum_t">([\s\S]*?)<\/xs:simpleType>/.exec(xsd)![1]!
  return [...block.matchAll(/<xs:enumeration value="([^"]+)"/g)].map((m) => m[1]!).sort()
}

describe("isDefinedMsgType", () => {
  it("accepts exactly FIX 5.0 SP2's 156 message types among every one- and two-character name, and U… (user-defined)", () => {
    const alnum = [..."0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"]
    const names = [...alnum, ...alnum.flatMap((a) => alnum.map((b) => a + b))]
    const fix = fixMsgTypes()
    expect(fix).toHaveLength(156)
    expect(names.filter((n) => isDefinedMsgType(n) && !n.startsWith("U")).sort()).toEqual(fix)
    expect([isDefinedMsgType("U1"), isDefinedMsgType("U"), isDefinedMsgType("ZZ"), isDefinedMsgType("I"), isDefinedMsgType("CP"), isDefinedMsgType("")]).toEqual([true, true, false, false, false, false])
  })
})
