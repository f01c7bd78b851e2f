/**
 * A raw TCP client for the hostile-byte tests and for staging what a FIX engine would never send (a
 * duplicate Logon from a second machine, garbage): writes bytes, collects what comes back, and says how the
 * connection ended.
 */
import { connect, type Socket } from "node:net"
import { encodeFrame, type Field, FrameReader, type FixFrame } from "../../../../../twin/wire/ocg/codec/frame.ts"
import { utcTimestamp } from "../../../../../twin/wire/ocg/codec/timestamp.ts"
import { encryptPassword } from "../../../../../twin/wire/ocg/password.ts"
import { testKeys } from "./gateways.ts"

export class RawClient {
  readonly frames: Array<FixFrame> = []
  bytes = 0
  ended: "open" | "fin" | "reset" = "open"
  private readonly socket: Socket
  private readonly reader = new FrameReader(1 << 20)
  private readonly ready: Promise<void>

  constructor(port: number) {
    this.socket = connect(port, "127.0.0.1")
    this.ready = new Promise((resolve, reject) => {
      this.socket.once("connect", () => resolve())
      this.socket.once("error", reject)
    })
    this.socket.on("data", (b: Buffer) => {
      this.bytes += b.length
      for (const f of this.reader.push(b)) if (!("_tag" in f)) this.frames.push(f)
    })
    this.socket.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "ECONNRESET") this.ended = "reset"
    })
    this.socket.on("end", () => {
      if (this.ended === "open") this.ended = "fin"
    })
    this.socket.on("close", () => {
      if (this.ended === "open") this.ended = "fin"
    })
  }

  async write(bytes: Buffer | string): Promise<void> {
    await this.ready
    this.socket.write(typeof bytes === "string" ? Buffer.from(bytes, "latin1") : bytes)
  }

  types(): Array<string> {
    return this.frames.map((f) => f.fields[0]![1])
  }

  field(i: number, tag: number): string | undefined {
    return this.frames[i]?.fields.find(([t]) => t === tag)?.[1]
  }

  async until(what: string, pred: () => boolean, ms = 10000): Promise<void> {
    const start = Date.now()
    while (!pred()) {
      if (Date.now() - start > ms) throw new Error(`raw client: timed out waiting for ${what}; got ${this.types().join(",")} ended=${this.ended}`)
      await new Promise((r) => setTimeout(r, 10))
    }
  }

  destroy(): void {
    this.socket.destroy()
  }
}

/**
 * A FIXT.1.1 message from the client `compId` with sequence `seq` and `body` (MsgType first), its
 * SendingTime (52) the wall clock now, as the gateway stamps its own (the tests' gateways run on it).
 */
export const clientMessage = (compId: string, seq: number, body: ReadonlyArray<Field>, extraHeader: ReadonlyArray<Field> = []): Buffer =>
  encodeFrame("FIXT.1.1", [body[0]!, [49, compId], [56, "HKEXOCG"], [34, String(seq)], ...extraHeader, [52, utcTimestamp(Date.now())], ...body.slice(1)])

/** A valid OCG-C Logon. */
export const logonMessage = (compId: string, seq: number, password: string, nextExpected: number, extra: ReadonlyArray<Field> = []): Buffer =>
  clientMessage(compId, seq, [[35, "A"], [98, "0"], [108, "20"], [789, String(nextExpected)], [554, encryptPassword(testKeys().publicKey, password, Date.now())], [1137, "9"], ...extra])
