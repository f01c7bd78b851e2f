/**
 * The largest packet each service port carries (service-ports.ts `largestPacketOf`), held to the models'
 * own wire sizes: an MTU cut below it loses the service in the live reach exactly when the network drops
 * the service's biggest messages (passage.ts `fits`).
 */
import { describe, expect, it } from "vitest"
import { wireBytes as cscBytes } from "../../../twin/models/csc/messages.ts"
import { defaultTransferPolicy } from "../../../twin/models/ecp/config.ts"
import { bytes as ocgBytes } from "../../../twin/models/ocg/messages.ts"
import { MAX_PACKET_BYTES } from "../../../twin/models/omd/stream.ts"
import { HOST_MTU } from "../../../twin/world/passage.ts"
import { largestPacketOf } from "../../../twin/world/service-ports.ts"

describe("largestPacketOf", () => {
  it("is each model's biggest message, a bulk or multicast service's a full packet", () => {
    // Only the fields the size functions read: the message kind, the Lookup answer, the execution type.
    expect(largestPacketOf).toEqual({
      ocg: ocgBytes({ _tag: "Logon", nextExpected: 1 } as never),
      lookup: ocgBytes({ _tag: "LookupResponse", accepted: true } as never, false),
      otp: ocgBytes({ _tag: "HostDeliver", report: { execType: "trade" } } as never),
      cccg: cscBytes({ _tag: "logon" } as never),
      mainland: cscBytes({ _tag: "order" } as never),
      omd: MAX_PACKET_BYTES,
      refresh: MAX_PACKET_BYTES,
      rts: MAX_PACKET_BYTES,
      sftp: Math.min(defaultTransferPolicy.chunkBytes, HOST_MTU)
    })
    expect(Object.values(largestPacketOf)).toEqual([512, 95, 275, 258, 154, 1500, 1500, 1500, 1500])
  })
})
