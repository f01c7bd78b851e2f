/**
 * The OCG-C Lookup Service on the wire (DOMAIN §1 Lookup Service / Lookup Response): a client sends one
 * Lookup Request for its Comp ID and gets the primary and secondary gateway's address, then the connection
 * closes. Lookup messages always carry sequence number 1, and the answer SendingTime (52) from the gateway's
 * clock, as every message does (FIXT.1.1 standard header; the gateway rejects a client's message without it).
 *
 * Assumption [U]: the OCG-C FIX specification has no Lookup message (the binary one has Lookup Request 7 /
 * Lookup Response 8); the twin carries the same exchange in FIX framing with user-defined MsgTypes
 * `U1` (Lookup Request) and `U2` (Lookup Response: 20001 primary `host:port`, 20002 secondary, or 58 the
 * reason it is rejected). docs/ocg-fix.md writes the bytes out.
 */
import { encodeFrame, FixFrameError, FrameReader } from "./codec/frame.ts"
import { FixHeaderError, readMessage } from "./codec/message.ts"
import { MsgType, Tag } from "./codec/tags.ts"
import type { SocketHandler } from "./listener.ts"
import type { ConnectionPort } from "./session/connection.ts"

export interface LookupAnswer {
  readonly primary: string
  readonly secondary: string
}

export class LookupExchange implements SocketHandler {
  private readonly reader = new FrameReader(1024)
  private done = false
  readonly label: string
  private readonly port: ConnectionPort
  private readonly answer: (compId: string) => LookupAnswer | undefined
  private readonly sendingTime: () => string
  private readonly log: (line: string) => void

  /** `sendingTime`: SendingTime (52) now, as the gateways write it (OcgCore.sendingTime). */
  constructor(label: string, port: ConnectionPort, answer: (compId: string) => LookupAnswer | undefined, sendingTime: () => string, log: (line: string) => void) {
    this.label = label
    this.port = port
    this.answer = answer
    this.sendingTime = sendingTime
    this.log = log
  }

  receive(chunk: Buffer): void {
    if (this.done) return
    for (const item of this.reader.push(chunk)) {
      if (this.done) return
      if (item instanceof FixFrameError) return this.close("end", `lookup: ${item.message}: dropped`)
      const m = readMessage(item)
      if (m instanceof FixHeaderError) return this.close("end", `lookup: ${m.message}: dropped`)
      if (m.msgType !== MsgType.LookupRequest) return this.close("end", `lookup: MsgType ${m.msgType}, expected ${MsgType.LookupRequest} (Lookup Request): dropped`)
      const pair = this.answer(m.sender)
      const body: Array<readonly [number, string]> = pair === undefined
        ? [[Tag.Text, "invalid client"]]
        : [[Tag.LookupPrimary, pair.primary], [Tag.LookupSecondary, pair.secondary]]
      this.port.write(encodeFrame("FIXT.1.1", [[Tag.MsgType, MsgType.LookupResponse], [Tag.SenderCompID, m.target], [Tag.TargetCompID, m.sender], [Tag.MsgSeqNum, "1"], [Tag.SendingTime, this.sendingTime()], ...body]))
      return this.close("end", `lookup ${m.sender}: ${pair === undefined ? "rejected (invalid client)" : `${pair.primary}, ${pair.secondary}`}`)
    }
  }

  close(how: "end" | "reset", reason: string): void {
    if (this.done) return
    this.done = true
    this.log(`ocg-c ${this.label}: ${reason}`)
    this.port.close(how)
  }

  closedByPeer(): void {
    this.done = true
  }
}
