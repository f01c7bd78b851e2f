/** A port that answers no connection (twin/wire/ecp/black-hole.ts): the client's connect never completes. */
import { createServer } from "node:net"
import { expect, it } from "vitest"
import { openBlackHole } from "../../../../twin/wire/ecp/black-hole.ts"
import { connectAttempt } from "../../../support/connect-attempt.ts"

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = createServer()
    s.listen(0, "127.0.0.1", () => {
      const a = s.address()
      s.close(() => resolve(typeof a === "object" && a !== null ? a.port : 0))
    })
  })

/** "connected", "refused" (nothing listens), or "no answer" within `ms`. */
const attempt = async (port: number, ms: number): Promise<string> => {
  const r = await connectAttempt(port, ms)
  return r === "ECONNREFUSED" ? "refused" : r
}

it("a connect gets no answer while the black hole holds the port, is refused after it closed, and the port can be listened on again", async () => {
  const port = await freePort()
  const hole = await openBlackHole("127.0.0.1", port)
  try {
    // Two tries: the queue is full, each SYN is dropped (a loopback handshake otherwise takes microseconds).
    expect(await attempt(port, 1000)).toBe("no answer")
    expect(await attempt(port, 1000)).toBe("no answer")
  } finally {
    await hole.close()
  }
  expect(await attempt(port, 1000)).toBe("refused")
  const again = createServer()
  await new Promise<void>((resolve) => again.listen(port, "127.0.0.1", () => resolve()))
  expect(await attempt(port, 1000)).toBe("connected")
  await new Promise<void>((resolve) => again.close(() => resolve()))
})
