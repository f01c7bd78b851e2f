/**
 * A checkout's `twin serve` at a speed, as a user starts it, seen by a viewer (targets.ts, issue 22 item 2):
 * a child process `twin serve --from … --to … --speed S [extra]` on a loopback port, and here one WebSocket
 * client that says `hello` and reads every frame. From the `clock` frames in the judged window it takes
 * `lagMs` (what the viewer shows: the pacer's debt, capped at 2 s) and the speed held — virtual seconds
 * per wall second between the first frame at or after the window's start and the first at or after its
 * end. Any checkout whose live protocol has `clock {t, lagMs}` frames can be measured alike.
 */
import { spawn } from "node:child_process"
import { join } from "node:path"
import WebSocket from "ws"
import { freePort } from "../test/support/postgres.ts"
import { launchFlagsOf } from "./launch-flags.ts"

export interface ServeLag {
  readonly lags: ReadonlyArray<number>
  /** Virtual s per wall s over the judged window; undefined if the world never got through it. */
  readonly held: number | undefined
  readonly frames: number
}

/** How long a row may take once the server listens (a world at ×1000 needs a few seconds). */
const ROW_CAP_MS = 120_000
/** How long the server may take to start listening (it may build the viewer first). */
const START_CAP_MS = 180_000

const micros = (hhmm: string): number => {
  const [h, m] = hhmm.split(":").map(Number)
  return (h! * 3600 + m! * 60) * 1_000_000
}

/** Serves the day from `from` to `to` at `speed` and judges the clock frames between `judgeFrom` and `to`. */
export const serveLag = async (
  root: string,
  window: { readonly from: string; readonly judgeFrom: string; readonly to: string },
  speed: number,
  extra: ReadonlyArray<string>
): Promise<ServeLag> => {
  const port = await freePort()
  const args = ["serve", "--port", String(port), "--from", window.from, "--to", window.to, "--speed", String(speed), ...extra]
  const child = spawn(process.execPath, [...launchFlagsOf(root), join(root, "twin/bin/twin.ts"), ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] })
  let output = ""
  try {
    await new Promise<void>((resolve, reject) => {
      const late = setTimeout(() => reject(new Error(`twin serve did not listen within ${START_CAP_MS / 1000} s: ${output}`)), START_CAP_MS)
      const look = (d: Buffer) => {
        output += d.toString()
        if (output.includes(`:${port}`)) {
          clearTimeout(late)
          resolve()
        }
      }
      child.stdout.on("data", look)
      child.stderr.on("data", look)
      child.once("exit", (code) => reject(new Error(`twin serve exited (${code}) before listening: ${output}`)))
    })
    return await watchClock(`ws://127.0.0.1:${port}/live`, micros(window.judgeFrom), micros(window.to))
  } finally {
    child.kill("SIGTERM")
  }
}

const watchClock = (url: string, from: number, to: number): Promise<ServeLag> =>
  new Promise((resolve, reject) => {
    const socket = new WebSocket(url)
    const lags: Array<number> = []
    let frames = 0
    let start: { wall: number; t: number } | undefined
    const late = setTimeout(() => done(new Error(`the world did not reach the window's end within ${ROW_CAP_MS / 1000} s`)), ROW_CAP_MS)
    const done = (error?: Error, held?: number) => {
      clearTimeout(late)
      socket.close()
      if (error === undefined) resolve({ lags, held, frames })
      else reject(error)
    }
    socket.once("open", () => socket.send(JSON.stringify({ type: "hello", have: 0 })))
    socket.once("error", (e) => done(e))
    socket.on("message", (data) => {
      const m = JSON.parse(data.toString()) as { type?: string; t?: number; lagMs?: number }
      if ((m.type !== "clock" && m.type !== "end") || m.t === undefined || m.t < from) return
      frames++
      const wall = performance.now()
      start ??= { wall, t: m.t }
      if (m.t >= to || m.type === "end") return done(undefined, (m.t - start.t) / 1e6 / ((wall - start.wall) / 1000))
      lags.push(m.lagMs ?? Number.NaN)
    })
  })
