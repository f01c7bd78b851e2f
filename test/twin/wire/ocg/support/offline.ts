/**
 * The OCG-C core without sockets: a fake `ConnectionPort` that keeps what the gateway wrote, and a core of
 * one trading Comp ID (TRADING at gateway "gw") on a hand wall clock, for session rules tested offline.
 */
import { seconds } from "../../../../../twin/engine/time.ts"
import { FrameReader } from "../../../../../twin/wire/ocg/codec/frame.ts"
import type { ConnectionPort } from "../../../../../twin/wire/ocg/session/connection.ts"
import { OcgCore } from "../../../../../twin/wire/ocg/session/core.ts"
import type { OcgLimits } from "../../../../../twin/wire/ocg/session/limits.ts"
import { PASSWORD, testKeys, TRADING } from "./gateways.ts"

export const fakePort = (backlog: () => number = () => 0) => {
  const written: Array<Buffer> = []
  let closed: "end" | "reset" | undefined
  const port: ConnectionPort = {
    remote: "fake",
    write: (b, done) => {
      written.push(b)
      done?.()
    },
    backlog,
    close: (how) => {
      closed = how
    }
  }
  /** What the gateway wrote, one field list per message (MsgType first). */
  const messages = () => {
    const reader = new FrameReader(1 << 20)
    return written.flatMap((b) => reader.push(b)).flatMap((f) => ("_tag" in f ? [] : [f.fields]))
  }
  return { port, written, messages, closed: () => closed }
}

/** A core at virtual 10:00 (continuous trading: orders taken, order-hours.ts) whose wall clock is `wallMs` (now unless given). */
export const offlineCore = (limits: Partial<OcgLimits> = {}, wallMs: () => number = () => Date.now()) => {
  const lines: Array<string> = []
  const c = new OcgCore({
    sessions: [{ compId: TRADING, participant: "P0001", type: "trading", gateways: new Set(["gw"]), password: PASSWORD, throttleMps: 100 }],
    clock: { now: () => seconds(10 * 3600), wallMs, over: () => false },
    privateKey: testKeys().privateKey,
    log: (l) => lines.push(l),
    limits
  })
  return { c, lines }
}
