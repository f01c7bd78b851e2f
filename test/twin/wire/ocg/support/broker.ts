/**
 * The broker's side in the tests: jspurefix 5.11.4 (an independent FIX engine from the npm registry) as a
 * FIXT.1.1 / FIX 5.0 SP2 initiator. Nothing of the session is written here: jspurefix numbers, stores,
 * heartbeats, answers Test Requests, asks for resends and handles gap fills itself. This file only
 * configures it as the OCG-C wants (HeartBtInt 20, the encrypted time-prefixed Password, NextExpectedMsgSeqNum
 * on Logon: jspurefix's documented way — a session message factory overriding `logon()`) and records what
 * it decoded.
 *
 * Setup: jspurefix ships its FIX 5.0 SP2 dictionary (data/FIX50SP2.xml, QuickFIX format) unzipped; nothing
 * is unpacked. Its sequence store is a file store in a temp folder of the test (a real BSS keeps its
 * numbers across reconnects), never under node_modules.
 */
import "reflect-metadata"
import type { KeyObject } from "node:crypto"
import jsfix, { type IJsFixConfig, type ISessionDescription } from "jspurefix"
import { encryptPassword } from "../../../../../twin/wire/ocg/password.ts"

// jspurefix is CommonJS with decorators; its classes are used through the default export.
const { SessionLauncher, AsciiSession, AsciiSessionMsgFactory, DefinitionFactory, FileSessionStreamProvider } = jsfix

/**
 * jspurefix parses its FIX 5.0 SP2 dictionary for every session it launches: ~1.5 s of CPU each time, and
 * far more on a loaded machine (test files side by side) — a BSS's second session, started after its
 * first timed out, once had not sent its Logon 20 s later. The parsed definitions are only read by the
 * sessions, so every broker of this process shares one parse per dictionary.
 */
const parsedDictionaries = new Map<string, ReturnType<jsfix.DefinitionFactory["getDefinitions"]>>()
const parseDictionary = DefinitionFactory.prototype.getDefinitions
DefinitionFactory.prototype.getDefinitions = function (this: jsfix.DefinitionFactory, path, getLogger) {
  let parsed = parsedDictionaries.get(path)
  if (parsed === undefined) {
    parsed = parseDictionary.call(this, path, getLogger)
    parsedDictionaries.set(path, parsed)
    // A parse that failed is not kept: the next session tries again and reports its own error.
    parsed.catch(() => parsedDictionaries.delete(path))
  }
  return parsed
}

/**
 * jspurefix's file store writes its sequence numbers with an unserialised `fs.promises.writeFile` per
 * change: two in flight at once (the number of a message sent and of one received, a refused Logon's
 * Logout and the close) land in either order, so the file may keep the older pair; and a read while a
 * write has truncated the file finds it empty (numbers back to 1). A BSS's next session then asked for a
 * number one too low, or logged on with 34=1 (broker-session.test.ts, 5 of 8 runs under load). The tests
 * check the gateway's numbering against a client that keeps its own, so the broker's store writes its
 * numbers one after the other, in the order jspurefix gave them, and a read waits for the writes before it.
 */
const seqWrites = new Map<string, Promise<void>>()
type SeqProvider = { readonly seqNumsPath: string }
const writeSeqNums = FileSessionStreamProvider.prototype.writeSeqNums
FileSessionStreamProvider.prototype.writeSeqNums = function (this: jsfix.FileSessionStreamProvider, content: string) {
  const path = (this as unknown as SeqProvider).seqNumsPath
  const written = (seqWrites.get(path) ?? Promise.resolve()).then(() => writeSeqNums.call(this, content))
  seqWrites.set(path, written.catch(() => undefined))
  return written
}
const readSeqNums = FileSessionStreamProvider.prototype.readSeqNums
FileSessionStreamProvider.prototype.readSeqNums = async function (this: jsfix.FileSessionStreamProvider) {
  await seqWrites.get((this as unknown as SeqProvider).seqNumsPath)
  return readSeqNums.call(this)
}

export interface Received {
  readonly msgType: string
  /** Tag → value as jspurefix decoded the message (its own text form). */
  readonly tags: ReadonlyMap<number, string>
}

export interface BrokerOptions {
  readonly port: number
  readonly compId: string
  readonly password: string
  readonly publicKey: KeyObject
  /** The BSS's sequence store folder (a temp folder per test). */
  readonly storeDir: string
  readonly name?: string
}

const parseText = (txt: string): Received => {
  const tags = new Map<number, string>()
  for (const part of txt.split(/[\x01|]/)) {
    const eq = part.indexOf("=")
    if (eq > 0) tags.set(Number(part.slice(0, eq)), part.slice(eq + 1))
  }
  return { msgType: tags.get(35) ?? "", tags }
}

type Session = jsfix.AsciiSession

export class Broker {
  readonly received: Array<Received> = []
  readonly sent: Array<Received> = []
  /** Application messages jspurefix passed up to the application (after its own sequence handling). */
  readonly applied: Array<Received> = []
  /** Errors of a connection after jspurefix's session let go of it (see BrokerSession.run). */
  readonly lateTransportErrors: Array<string> = []
  session: Session | undefined
  private sendApp: ((msgType: string, body: Record<string, unknown>) => void) | undefined
  ready = false
  stopped = false
  private waiters: Array<() => void> = []
  private launcher: jsfix.SessionLauncher | undefined
  readonly options: BrokerOptions

  constructor(options: BrokerOptions) {
    this.options = options
  }

  private notify(): void {
    for (const w of this.waiters) w()
  }

  /** Resolves when `pred` holds over what was received (checked on every message), or rejects after `ms`. */
  waitFor(what: string, pred: () => boolean, ms = 20000): Promise<void> {
    return new Promise((resolve, reject) => {
      if (pred()) return resolve()
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check)
        reject(new Error(`broker ${this.options.compId}: timed out waiting for ${what}; received ${this.received.map((r) => r.msgType).join(",")}`))
      }, ms)
      const check = () => {
        if (!pred()) return
        clearTimeout(timer)
        this.waiters = this.waiters.filter((w) => w !== check)
        resolve()
      }
      this.waiters.push(check)
    })
  }

  of(msgType: string): ReadonlyArray<Received> {
    return this.received.filter((r) => r.msgType === msgType)
  }

  send(msgType: string, body: Record<string, unknown>): void {
    this.sendApp!(msgType, body)
  }

  /** Starts the initiator; resolves when the run ends (logout, drop) — do not await it for a logon. */
  start(): Promise<unknown> {
    const o = this.options
    const broker = this
    class OcgLogonFactory extends AsciiSessionMsgFactory {
      override logon(): Record<string, unknown> {
        const expected = (broker.session?.lastPeerSeqNum() ?? 0) + 1
        return {
          ...super.logon(),
          Password: encryptPassword(o.publicKey, o.password, Date.now()),
          NextExpectedMsgSeqNum: expected,
          DefaultApplVerID: "9"
        }
      }
    }
    class BrokerSession extends AsciiSession {
      constructor(config: IJsFixConfig) {
        super(config)
        broker.session = this
        broker.sendApp = (t, b) => this.send(t, b)
      }
      /**
       * jspurefix's parser re-emits its socket's errors as its own 'error' event, and the session stops
       * listening to the parser when it stops — but the socket lingers 5 s after the session's Logout or
       * timeout (MsgTransport.lingerMs). A reset in that time (the twin resets a connection it still holds,
       * as a restarted gateway host does, or the rig closes) was an 'error' event with no listener: thrown,
       * an uncaught exception in the test process. The broker hears it and records it instead.
       */
      override run(transport: jsfix.MsgTransport): Promise<number> {
        transport.receiver.on("error", (e: Error) => {
          if (broker.session?.getState() !== jsfix.SessionState.Stopped) return
          broker.lateTransportErrors.push(e.message)
          broker.notify()
        })
        return super.run(transport)
      }
      protected override onApplicationMsg(msgType: string, view: jsfix.MsgView): void {
        const tags = new Map<number, string>()
        for (const t of [11, 17, 34, 43, 97, 150, 39, 151, 58, 45, 380, 372, 530, 531, 532, 533]) {
          const v = view.getString(t)
          if (v !== null) tags.set(t, v)
        }
        broker.applied.push({ msgType, tags })
        broker.notify()
      }
      protected override onReady(): void {
        broker.ready = true
        broker.notify()
      }
      protected override onStopped(): void {
        broker.stopped = true
        broker.ready = false
        broker.notify()
      }
      protected override onLogon(): boolean {
        return true
      }
      protected override onDecoded(_msgType: string, txt: string): void {
        broker.received.push(parseText(txt))
        broker.notify()
      }
      protected override onEncoded(_msgType: string, txt: string): void {
        broker.sent.push(parseText(txt))
      }
    }
    const description: ISessionDescription = {
      Name: o.compId,
      SenderSubID: "",
      TargetSubID: "",
      Username: "",
      Password: "",
      application: { type: "initiator", name: o.name ?? o.compId, tcp: { host: "127.0.0.1", port: o.port }, protocol: "ascii", dictionary: "qf50sp2", reconnectSeconds: 1, resilient: false },
      BeginString: "FIXT.1.1",
      SenderCompId: o.compId,
      TargetCompID: "HKEXOCG",
      HeartBtInt: 20,
      ResetSeqNumFlag: false,
      store: { type: "file", directory: o.storeDir }
    }
    class Launcher extends SessionLauncher {
      constructor() {
        super(description, null, quietLogs)
      }
      protected override makeFactory() {
        return { makeSession: (c: IJsFixConfig) => new BrokerSession(c) }
      }
      protected override makeSessionMsgFactory(d: ISessionDescription) {
        return new OcgLogonFactory(d)
      }
    }
    this.launcher = new Launcher()
    return this.launcher.run().catch((e: unknown) => e)
  }

  /** Logs out (jspurefix's own Logout) and stops. */
  logout(): void {
    this.session?.done()
  }

  stop(): void {
    this.launcher?.stop()
    try {
      this.session?.done()
    } catch {
      // already stopped
    }
  }
}

// jspurefix logs through winston; its own account of each reset the tests cause is noise here (what it
// received is recorded above and asserted on).
const quietLogs = new jsfix.EmptyLogFactory()
