/**
 * The gated listener (gated-listener.ts) switching between open and blocked under a client that keeps
 * connecting: never refused. And a failed accept does not end the process: Node reports an `accept` failure of a
 * listening server (ENFILE, ENOMEM…; libuv absorbs EMFILE itself by shedding the connection) as the
 * server's `error` event, which with no listener throws and ends `twin serve`. The listener reports it and
 * goes on accepting.
 */
import net from "node:net"
import { describe, expect, it } from "vitest"
import { GatedListener } from "../../../../../twin/wire/omd/rig/gated-listener.ts"
import { connectAttempt } from "../../../../support/connect-attempt.ts"

const connect = (port: number): Promise<net.Socket> =>
  new Promise((resolve, reject) => {
    const s = net.connect({ host: "127.0.0.1", port }, () => resolve(s))
    s.once("error", reject)
  })

describe("gated listener, a failed accept", () => {
  it("is reported with the listener's address and the error, and the port keeps accepting", async () => {
    const reported: Array<string> = []
    const accepted: Array<net.Socket> = []
    const listener = new GatedListener("127.0.0.1", (s) => accepted.push(s), () => undefined, (m) => reported.push(m))
    await listener.start()
    try {
      // What net.Server does when libuv's accept fails: the error, with the syscall in its message.
      const server = (listener as unknown as { readonly server: net.Server }).server
      server.emit("error", Object.assign(new Error("accept ENFILE"), { code: "ENFILE", syscall: "accept" }))
      expect(reported).toEqual([`listener 127.0.0.1:${listener.port}: accept ENFILE`])
      const client = await connect(listener.port)
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(accepted).toHaveLength(1)
      client.destroy()
    } finally {
      await listener.close()
    }
  })
})

const attempt = connectAttempt

describe("gated listener, blocked and opened again", () => {
  it("a client connecting every 5 ms throughout is answered, then not, then answered — never refused or reset", async () => {
    const listener = new GatedListener("127.0.0.1", (s) => s.destroy(), () => undefined, () => undefined)
    await listener.start()
    try {
      const outcomes: Array<Promise<string>> = []
      let running = true
      const probe = (async () => {
        while (running) {
          outcomes.push(attempt(listener.port, 400))
          await new Promise((r) => setTimeout(r, 5))
        }
      })()
      await new Promise((r) => setTimeout(r, 100))
      await listener.setOpen(false)
      await new Promise((r) => setTimeout(r, 600))
      await listener.setOpen(true)
      await new Promise((r) => setTimeout(r, 100))
      running = false
      await probe
      const seen = await Promise.all(outcomes)
      // Before, the listener closed and the plug's child process took tens of ms to start: refused meanwhile.
      expect(seen.filter((o) => o !== "connected" && o !== "no answer")).toEqual([])
      expect([seen[0], seen.includes("no answer"), seen.at(-1)]).toEqual(["connected", true, "connected"])
    } finally {
      await listener.close()
    }
  }, 30_000)
})
