/** A port that answers no connection (twin/wire/black-hole.ts): the client's connect never completes. */
import { connect, createServer, type Socket } from "node:net"
import { expect, it } from "vitest"
import { acceptQueueLength } from "../../../twin/wire/accept-queue.ts"
import { openBlackHole } from "../../../twin/wire/black-hole.ts"
import { connectAttempt } from "../../support/connect-attempt.ts"
// Below the ephemeral range: a port freed and bound again later is not taken meanwhile by an outgoing connection.
import { freePort } from "../../support/postgres.ts"

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

it("is ready once its queue is full whoever filled it: a client connecting while the port changes hands", async () => {
  const port = await freePort()
  const clients: Array<Socket> = []
  // The client's two connects land in the black hole's queue before its own (as a trainee's client
  // retrying every few ms does): its own are then dropped like any other, and it must not wait on them.
  const hole = await openBlackHole("127.0.0.1", port, async () => {
    for (let i = 0; i < 2; i++) {
      const s = connect({ host: "127.0.0.1", port })
      s.on("error", () => undefined)
      clients.push(s)
      await new Promise((resolve) => s.once("connect", resolve))
    }
  })
  try {
    expect(await acceptQueueLength("127.0.0.1", port)).toBe(2)
    expect(await attempt(port, 1000)).toBe("no answer")
  } finally {
    await hole.close()
    for (const s of clients) s.destroy()
  }
})

it("fills its queue while the thread that opens it is busy between polls (the rig's, advancing a world): a connect then gets no answer", async () => {
  const port = await freePort()
  // 350 ms of synchronous work after each turn of the event loop in which a connect is under way: a
  // filler's timer runs before its connect is read. Before, a filler not seen connected within 300 ms was
  // given up, the queue left with a place, and this test's connect was answered.
  let busy = true
  const work = () => {
    if (process.getActiveResourcesInfo().includes("ConnectWrap")) {
      const until = performance.now() + 350
      while (performance.now() < until);
    }
    if (busy) setImmediate(work)
  }
  setImmediate(work)
  const hole = await openBlackHole("127.0.0.1", port).finally(() => (busy = false))
  try {
    expect(await acceptQueueLength("127.0.0.1", port)).toBe(2)
    expect(await attempt(port, 1000)).toBe("no answer")
  } finally {
    await hole.close()
  }
})
