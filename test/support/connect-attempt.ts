/**
 * One TCP connect to a loopback port, for tests of what a client sees while a port changes hands:
 * "connected", "no answer" within `ms`, or the error's code (ECONNREFUSED: nothing listens; ECONNRESET).
 */
import { connect } from "node:net"

export const connectAttempt = (port: number, ms: number): Promise<string> =>
  new Promise((resolve) => {
    const s = connect({ host: "127.0.0.1", port })
    const t = setTimeout(() => {
      s.destroy()
      resolve("no answer")
    }, ms)
    s.once("connect", () => {
      clearTimeout(t)
      s.destroy()
      resolve("connected")
    })
    s.once("error", (e: NodeJS.ErrnoException) => {
      clearTimeout(t)
      resolve(String(e.code))
    })
  })
