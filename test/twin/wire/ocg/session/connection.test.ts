/**
 * The session state machine without a socket (a fake `ConnectionPort`): hostile bytes never throw, and a
 * peer that does not read is dropped once its backlog passes the limit.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { encodeFrame } from "../../../../../twin/wire/ocg/codec/frame.ts"
import { utcTimestamp } from "../../../../../twin/wire/ocg/codec/timestamp.ts"
import { PASSWORD, TRADING } from "../support/gateways.ts"
import { fakePort, offlineCore } from "../support/offline.ts"
import { clientMessage, logonMessage } from "../support/raw-client.ts"

describe("Connection without a socket", () => {
  it("never throws on arbitrary bytes, before or after Logon (fast-check, 300 runs each)", () => {
    const logon = logonMessage(TRADING, 1, PASSWORD, 1)
    const valid = clientMessage(TRADING, 2, [[35, "D"], [11, "1"], [48, "700"], [54, "1"], [38, "100"], [40, "2"], [44, "1"]])
    for (const loggedOn of [false, true]) {
      fc.assert(
        fc.property(fc.array(fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.constant(new Uint8Array(valid)), fc.integer({ min: 0, max: valid.length - 1 }).map((i) => {
          const b = Buffer.from(valid)
          b[i] = (b[i]! + 1) % 256
          return new Uint8Array(b)
        })), { maxLength: 8 }), (chunks) => {
          const { c } = offlineCore()
          const f = fakePort()
          const conn = c.open("gw", f.port)
          if (loggedOn) conn.receive(logon)
          for (const chunk of chunks) conn.receive(Buffer.from(chunk))
          c.tick()
          expect(["logon", "active", "closed", "black-hole"]).toContain(conn.phase)
        }),
        { numRuns: 300, seed: 20 }
      )
    }
  })

  it("a peer that does not read is dropped once more than the backlog limit waits for it", () => {
    let waiting = 0
    const { c, lines } = offlineCore({ maxOutboundBacklog: 1000 })
    const f = fakePort(() => waiting)
    const conn = c.open("gw", f.port)
    conn.receive(logonMessage(TRADING, 1, PASSWORD, 1))
    expect(conn.phase).toBe("active")
    waiting = 1001
    conn.receive(clientMessage(TRADING, 2, [[35, "1"], [112, "x"]]))
    expect([conn.phase, f.closed()]).toEqual(["closed", "end"])
    expect(lines.at(-1)).toContain("peer not reading (1001 bytes waiting): dropped")
  })

  it("a Logon refused while another connection holds the session takes none of its numbers: Logout 34=2 shown, the live session's next still 2", () => {
    const { c } = offlineCore()
    const live = fakePort()
    c.open("gw", live.port).receive(logonMessage(TRADING, 1, PASSWORD, 1))
    const other = fakePort()
    c.open("gw", other.port).receive(logonMessage(TRADING, 2, "wrong", 2))
    // The live session's Logon used 1; the refusal shows 2 and leaves it to the live session.
    expect([other.messages().map((m) => [m[0]![1], m.find(([t]) => t === 34)![1]]), other.closed(), c.sessions.get(TRADING)!.nextOut]).toEqual([[["5", "2"]], "end", 2])
  })

  it("a frame that is not FIXT.1.1 before Logon is dropped", () => {
    const { c, lines } = offlineCore()
    const f = fakePort()
    const conn = c.open("gw", f.port)
    conn.receive(encodeFrame("FIX.4.4", [[35, "A"], [49, TRADING], [56, "X"], [34, "1"], [52, utcTimestamp(Date.now())]]))
    expect([conn.phase, f.written.length]).toEqual(["closed", 0])
    expect(lines.at(-1)).toContain('BeginString "FIX.4.4", expected "FIXT.1.1": dropped')
  })
})
