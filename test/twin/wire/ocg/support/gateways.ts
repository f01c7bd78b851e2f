/**
 * A test OCG-C: the core on a hand clock (virtual time moves only when a test says), a key pair, and one
 * loopback listener per gateway. Sessions: a trading Comp ID and a drop-copy Comp ID of one participant,
 * both registered at gateways "gw-a" (primary) and "gw-b" (secondary).
 */
import { generateKeyPairSync, type KeyObject } from "node:crypto"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type Micros, seconds } from "../../../../../twin/engine/time.ts"
import { tcpListener, type Listener } from "../../../../../twin/wire/ocg/listener.ts"
import type { CompConfig } from "../../../../../twin/wire/ocg/session/comp-session.ts"
import { OcgCore } from "../../../../../twin/wire/ocg/session/core.ts"
import type { OcgLimits } from "../../../../../twin/wire/ocg/session/limits.ts"

export const TRADING = "CO00001"
export const DROP_COPY = "DC00001"
export const PASSWORD = "s3cret-pw"

let keys: { privateKey: KeyObject; publicKey: KeyObject } | undefined
export const testKeys = () => (keys ??= generateKeyPairSync("rsa", { modulusLength: 2048 }))

export interface TestOcg {
  readonly core: OcgCore
  readonly ports: Record<string, number>
  readonly listeners: Record<string, Listener>
  readonly lines: Array<string>
  readonly storeDir: string
  /** Moves virtual time by `d` and runs the core's timers. */
  advance(d: Micros): void
  now(): Micros
  /** The world's day is over from now: its clock stands still (OcgClock.over). */
  endDay(): void
  cut: Set<string>
  close(): Promise<void>
}

export const startTestOcg = async (limits: Partial<OcgLimits> = {}, throttleMps = 100): Promise<TestOcg> => {
  // 10:00, continuous trading: an order is taken and filled FILL_DELAY later (order-hours.ts).
  let now: Micros = seconds(10 * 3600)
  let over = false
  const lines: Array<string> = []
  const cut = new Set<string>()
  const gateways = new Set(["gw-a", "gw-b"])
  const sessions: Array<CompConfig> = [
    { compId: TRADING, participant: "P0001", type: "trading", gateways, password: PASSWORD, throttleMps },
    { compId: DROP_COPY, participant: "P0001", type: "drop-copy", gateways, password: PASSWORD, throttleMps }
  ]
  const core = new OcgCore({
    sessions,
    clock: { now: () => now, wallMs: () => Date.now(), over: () => over },
    privateKey: testKeys().privateKey,
    log: (l) => lines.push(l),
    pathCut: (p, g) => cut.has(`${p}|${g}`),
    limits
  })
  const listeners: Record<string, Listener> = {}
  const ports: Record<string, number> = {}
  for (const g of gateways) {
    const l = tcpListener("127.0.0.1", (port) => core.open(g, port), (line) => lines.push(line))
    await l.open()
    listeners[g] = l
    ports[g] = l.port
  }
  const storeDir = mkdtempSync(join(tmpdir(), "ocg-fix-test-"))
  return {
    core,
    ports,
    listeners,
    lines,
    storeDir,
    cut,
    now: () => now,
    endDay: () => {
      over = true
    },
    advance: (d) => {
      now += d
      core.tick()
    },
    close: async () => {
      for (const l of Object.values(listeners)) await l.close()
      // jspurefix may still be writing its store as its session stops.
      await new Promise((r) => setTimeout(r, 100))
      rmSync(storeDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 })
    }
  }
}
