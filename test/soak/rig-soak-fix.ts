/**
 * The rig soak's FIX broker (rig-soak.ts): one Comp ID's day as a BSS lives it on the OCG-C endpoint —
 * Lookup, Logon at the primary (the secondary when the primary does not answer), orders, heartbeats, Test
 * Requests answered, Resend Requests gap-filled, then an Order Mass Cancel Request for what is still open and
 * a Logout — or a dropped connection — and again: with its
 * sequence numbers kept across connections, as FIX requires (DOMAIN §1).
 *
 * What it holds the endpoint to: every number the gateway sent is received in the end (a number skipped is
 * asked for again with the next Logon's NextExpectedMsgSeqNum, 789, which the gateway replays from), and every
 * order is answered — an order is excused only when it went out while a fault was in force, or on a connection
 * that a fault had touched (the gateway may have ended the session unseen behind a cut path and take nothing
 * more on it): the gateway accepts a gap in what the client sends without asking for it again ([U],
 * twin/wire/ocg/session/connection.ts), so an order lost behind a cut is simply never seen.
 */
import { connect, type Socket } from "node:net"
import { encodeFrame, type Field, type FixFrame, FrameReader } from "../../twin/wire/ocg/codec/frame.ts"
import { utcTimestamp } from "../../twin/wire/ocg/codec/timestamp.ts"
import { encryptPassword } from "../../twin/wire/ocg/password.ts"
import type { Random } from "../fuzz/random.ts"

export interface FixCounts {
  lookups: number
  lookupFailures: number
  logons: number
  /** Logons with no answer within 10 s (a cut path, a gateway down: the broker moves to the other one). */
  logonTimeouts: number
  /** Logons answered with a Logout (its text counted in `logoutTexts`). */
  logonRefusals: number
  orders: number
  reports: number
  /** Numbers the gateway sent lower than one already received without PossDup (a duplicate it did not mark). */
  unmarkedDuplicates: number
  /** Connections given up for silence: nothing from the gateway for 2.5 heartbeat intervals (its heartbeats come every 20 virtual s). */
  silences: number
  resendRequests: number
  testRequests: number
  rejects: number
  /** Order Mass Cancel Requests sent (before a graceful Logout; counted in `orders` too: each is owed its report) and their reports (35=r); orders cancelled (ExecType 4). */
  massCancels: number
  massCancelReports: number
  massCancelled: number
}

export const newFixCounts = (): FixCounts => ({
  lookups: 0, lookupFailures: 0, logons: 0, logonTimeouts: 0, logonRefusals: 0, orders: 0, reports: 0, unmarkedDuplicates: 0, silences: 0, resendRequests: 0, testRequests: 0, rejects: 0, massCancels: 0,
  massCancelReports: 0, massCancelled: 0
})

const tag = (f: FixFrame, t: number): string | undefined => f.fields.find(([k]) => k === t)?.[1]
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export interface Endpoint {
  readonly host: string
  readonly port: number
}

export class SoakFixBroker {
  readonly compId: string
  private readonly password: string
  private readonly publicKey: Parameters<typeof encryptPassword>[0]
  private readonly counts: FixCounts
  private readonly random: Random
  /** The fault the instructor has in force now (or had a moment ago), said; undefined when none. */
  private readonly faultNow: () => string | undefined
  /** How long a silent gateway is waited for before the connection is given up, wall ms. */
  private readonly silenceMs: number
  private nextOut = 1
  /** One past the highest number received from the gateway. */
  private highestIn = 0
  /** Numbers below `highestIn` not received yet (a Logon answer's number jumps ahead of its replay). */
  private readonly missing = new Set<number>()
  private loggedOnOnce = false
  private useSecondary = false
  private clOrdId: number
  /** Orders by ClOrdID: answered or not, and the fault that excuses it from an answer, if one does. */
  readonly orders = new Map<string, { readonly seq: number; answered: boolean; excused: string | undefined }>()
  /** Why the gateway refused a Logon or ended a session, by text. */
  readonly logoutTexts = new Map<string, number>()
  /** What the gateway's Rejects (3) and Business Message Rejects (j) said, by text. */
  readonly rejectTexts = new Map<string, number>()
  private socket: Socket | undefined

  constructor(
    compId: string,
    password: string,
    publicKey: Parameters<typeof encryptPassword>[0],
    counts: FixCounts,
    random: Random,
    firstClOrdId: number,
    faultNow: () => string | undefined,
    silenceMs: number
  ) {
    this.compId = compId
    this.password = password
    this.publicKey = publicKey
    this.counts = counts
    this.random = random
    this.clOrdId = firstClOrdId
    this.faultNow = faultNow
    this.silenceMs = silenceMs
  }

  /** What the next Logon asks the gateway to replay from: the lowest number not received. */
  private get nextExpected(): number {
    let lowest = this.highestIn + 1
    for (const n of this.missing) lowest = Math.min(lowest, n)
    return lowest
  }

  /** Numbers the gateway sent that never arrived, replays included. */
  get unreceived(): number {
    return this.missing.size
  }

  /** One Lookup on `lookup`: the primary and secondary gateways, or undefined (no answer in 5 s, refused). */
  lookup(lookup: Endpoint): Promise<{ primary: Endpoint; secondary: Endpoint } | undefined> {
    this.counts.lookups++
    return new Promise((resolve) => {
      const s = connect(lookup.port, lookup.host)
      const reader = new FrameReader(1 << 16)
      let settled = false
      const done = (answer: { primary: Endpoint; secondary: Endpoint } | undefined) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        s.destroy()
        if (answer === undefined) this.counts.lookupFailures++
        resolve(answer)
      }
      const timer = setTimeout(() => done(undefined), 5_000)
      const at = (hp: string | undefined): Endpoint | undefined => {
        const m = hp === undefined ? null : /^(.*):(\d+)$/.exec(hp)
        return m === null ? undefined : { host: m[1]!, port: Number(m[2]) }
      }
      s.on("connect", () => s.write(encodeFrame("FIXT.1.1", [[35, "U1"], [49, this.compId], [56, "HKEXOCG"], [34, "1"], [52, utcTimestamp(Date.now())]])))
      s.on("data", (b: Buffer) => {
        for (const f of reader.push(b)) {
          if ("_tag" in f) return done(undefined)
          const primary = at(tag(f, 20001))
          const secondary = at(tag(f, 20002))
          return done(primary !== undefined && secondary !== undefined ? { primary, secondary } : undefined)
        }
      })
      s.on("error", () => done(undefined))
      s.on("close", () => done(undefined))
    })
  }

  /**
   * One session: Logon at the primary (or the secondary after the primary failed), `holdMs` of orders (one
   * every `orderEveryMs`) and heartbeats, then a Logout (answered within 3 s, else dropped) or a dropped
   * connection. Resolves with whether the Logon was answered.
   */
  async session(gateways: { primary: Endpoint; secondary: Endpoint }, holdMs: number, orderEveryMs: number, logout: boolean): Promise<boolean> {
    const at = this.useSecondary ? gateways.secondary : gateways.primary
    const s = connect(at.port, at.host)
    s.setNoDelay(true)
    this.socket = s
    const reader = new FrameReader(1 << 20)
    const logonSeq = this.nextOut
    let up = false
    let closed = false
    let lastSent = Date.now()
    let lastHeard = Date.now()
    /** Once a fault touched this connection, nothing sent on it is owed an answer (the header): the fault. */
    let touched = this.faultNow()
    const sentHere: Array<string> = []
    let loggedOut: () => void = () => {}
    let massCancelAnswered: () => void = () => {}
    const ended = new Promise<void>((resolve) => {
      s.on("close", () => {
        closed = true
        resolve()
      })
    })
    s.on("error", () => {})
    const send = (body: ReadonlyArray<Field>, seq = this.nextOut++, possDup = false): void => {
      if (closed) return
      lastSent = Date.now()
      s.write(encodeFrame("FIXT.1.1", [body[0]!, [49, this.compId], [56, "HKEXOCG"], [34, String(seq)], ...(possDup ? [[43, "Y"] as const] : []), [52, utcTimestamp(Date.now())], ...body.slice(1)]))
    }
    const answered = new Promise<boolean>((resolve) => {
      s.on("data", (b: Buffer) => {
        lastHeard = Date.now()
        for (const f of reader.push(b)) {
          if ("_tag" in f) {
            s.destroy()
            return
          }
          const type = f.fields[0]![1]
          const seq = Number(tag(f, 34))
          if (type === "4" && tag(f, 123) === "Y") {
            // A gap fill: numbers seq .. NewSeqNo-1 were session messages, not sent again.
            for (let n = seq; n < Number(tag(f, 36)); n++) this.received(n, true)
            continue
          }
          if (!this.received(seq, tag(f, 43) === "Y") && type !== "8") continue
          if (type === "A") {
            up = true
            this.loggedOnOnce = true
            this.counts.logons++
            // Its 789: what the gateway expects from this broker; numbers between it and this Logon never
            // reached it (lost behind a cut path), and the orders among them are owed nothing.
            const gatewayExpects = Number(tag(f, 789))
            for (const o of this.orders.values()) if (o.seq >= gatewayExpects && o.seq < logonSeq && !o.answered) o.excused ??= "never reached the gateway (its Logon's 789)"
            resolve(true)
          } else if (type === "5") {
            const text = tag(f, 58) ?? "(no text)"
            this.logoutTexts.set(text, (this.logoutTexts.get(text) ?? 0) + 1)
            const low = /MsgSeqNum too low, expecting (\d+)/.exec(text)
            if (low !== null) this.nextOut = Number(low[1])
            if (!up) {
              this.counts.logonRefusals++
              resolve(false)
            }
            loggedOut()
            s.end()
          } else if (type === "1") {
            this.counts.testRequests++
            send([[35, "0"], [112, tag(f, 112) ?? ""]])
          } else if (type === "2") {
            this.counts.resendRequests++
            send([[35, "4"], [123, "Y"], [36, String(this.nextOut)]], Number(tag(f, 7)), true)
          } else if (type === "r") {
            // The mass cancel's report answers it; the cancellations follow as Execution Reports.
            this.counts.massCancelReports++
            const o = this.orders.get(tag(f, 11) ?? "")
            if (o !== undefined) o.answered = true
            massCancelAnswered()
          } else if (type === "8") {
            this.counts.reports++
            if (tag(f, 150) === "4") this.counts.massCancelled++
            const o = this.orders.get(tag(f, 11) ?? "")
            if (o !== undefined) o.answered = true
            // An order refused (OTP-C outside the phases that take one): said with the host's words.
            if (tag(f, 150) === "8") {
              const text = `Execution Report rejected: ${tag(f, 58) ?? "(no text)"}`
              this.rejectTexts.set(text, (this.rejectTexts.get(text) ?? 0) + 1)
            }
          } else if (type === "3" || type === "j") {
            // A refusal answers the order it names (RefSeqNum 45, or a BMR's BusinessRejectRefID 379).
            this.counts.rejects++
            const text = `${type === "3" ? "Reject" : "Business Message Reject"}: ${tag(f, 58) ?? "(no text)"}`
            this.rejectTexts.set(text, (this.rejectTexts.get(text) ?? 0) + 1)
            const refSeq = Number(tag(f, 45))
            const byId = this.orders.get(tag(f, 379) ?? "")
            if (byId !== undefined) byId.answered = true
            else for (const o of this.orders.values()) if (o.seq === refSeq) o.answered = true
          }
        }
      })
      setTimeout(() => resolve(false), 10_000)
      s.on("close", () => resolve(false))
    })
    s.on("connect", () =>
      send([[35, "A"], [98, "0"], [108, "20"], [789, String(this.nextExpected)], [554, encryptPassword(this.publicKey, this.password, Date.now())], [1137, "9"]])
    )
    const ok = await answered
    if (!ok) {
      if (!up && !closed) this.counts.logonTimeouts++
      // Before the day's first Logon the number must be 1 (DOMAIN §1); after it, a Logon nobody read leaves
      // a gap the gateway accepts.
      if (!this.loggedOnOnce) this.nextOut = 1
      this.useSecondary = !this.useSecondary
      s.destroy()
      await ended
      return false
    }
    const until = Date.now() + holdMs
    let nextOrder = Date.now()
    while (!closed && Date.now() < until) {
      touched ??= this.faultNow()
      if (Date.now() - lastHeard > this.silenceMs) {
        this.counts.silences++
        break
      }
      if (Date.now() >= nextOrder) {
        nextOrder += orderEveryMs
        const id = String(++this.clOrdId)
        this.orders.set(id, { seq: this.nextOut, answered: false, excused: touched })
        sentHere.push(id)
        this.counts.orders++
        send([[35, "D"], [11, id], [48, "700"], [54, this.random.int(2) === 0 ? "1" : "2"], [38, "1000"], [40, "2"], [44, "100.5"], [59, "0"], [60, utcTimestamp(Date.now())]])
      } else if (Date.now() - lastSent >= 200) send([[35, "0"]])
      await sleep(50)
    }
    if (!closed && logout && touched === undefined) {
      // What a support desk tells a broker before it goes: cancel everything still open (owed its report, as an order is owed its answer).
      const id = String(++this.clOrdId)
      this.orders.set(id, { seq: this.nextOut, answered: false, excused: touched })
      sentHere.push(id)
      this.counts.orders++
      this.counts.massCancels++
      const reported = new Promise<void>((resolve) => (massCancelAnswered = resolve))
      send([[35, "q"], [11, id], [530, "7"], [60, utcTimestamp(Date.now())]])
      await Promise.race([reported, sleep(3_000)])
      const replied = new Promise<void>((resolve) => (loggedOut = resolve))
      send([[35, "5"]])
      await Promise.race([replied, sleep(3_000)])
    }
    s.destroy()
    await ended
    touched ??= this.faultNow()
    if (touched !== undefined) for (const id of sentHere) this.orders.get(id)!.excused ??= touched
    return true
  }

  /** Records number `seq` as received; false when it was received before (a replay's duplicate). */
  private received(seq: number, possDup: boolean): boolean {
    if (seq > this.highestIn) {
      for (let n = this.highestIn + 1; n < seq; n++) this.missing.add(n)
      this.highestIn = seq
      return true
    }
    if (this.missing.delete(seq)) return true
    if (!possDup) this.counts.unmarkedDuplicates++
    return false
  }

  /** Orders not answered and not excused. */
  unanswered(): ReadonlyArray<string> {
    return [...this.orders].filter(([, o]) => !o.answered && o.excused === undefined).map(([id]) => id)
  }

  close(): void {
    this.socket?.destroy()
  }
}
