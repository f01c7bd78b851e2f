/** The accept queue's length as /proc/net/tcp(6) tells it (twin/wire/accept-queue.ts). */
import { createServer } from "node:net"
import { spawn } from "node:child_process"
import { describe, expect, it } from "vitest"
import { acceptQueueLength, procAddressOf } from "../../../twin/wire/accept-queue.ts"
import { connectAttempt } from "../../support/connect-attempt.ts"

describe("an address as /proc/net/tcp prints it", () => {
  it("each 32-bit word in little-endian byte order", () => {
    expect(procAddressOf("127.0.0.1")).toBe("0100007F")
    expect(procAddressOf("10.1.2.3")).toBe("0302010A")
    expect(procAddressOf("::1")).toBe("00000000000000000000000001000000")
    expect(procAddressOf("::ffff:127.0.0.1")).toBe("0000000000000000FFFF00000100007F")
    expect(procAddressOf("fe80::1%lo")).toBe("000080FE000000000000000001000000")
    expect(procAddressOf("localhost")).toBeUndefined()
  })
})

describe("the accept queue of a listener that never accepts", () => {
  it("counts the connections waiting in it, up to backlog + 1; none for a port nobody listens on", async () => {
    // A child process that listens with backlog 1 and never runs its event loop again.
    const child = spawn(process.execPath, ["-e", `const s=require("node:net").createServer();s.listen({host:"127.0.0.1",port:0,backlog:1},()=>{require("node:fs").writeSync(1,s.address().port+"\\n");Atomics.wait(new Int32Array(new SharedArrayBuffer(4)),0,0)})`], { stdio: ["ignore", "pipe", "inherit"] })
    try {
      const port = await new Promise<number>((resolve) => child.stdout.once("data", (d: Buffer) => resolve(Number(String(d).trim()))))
      expect(await acceptQueueLength("127.0.0.1", port)).toBe(0)
      const seen: Array<string> = []
      for (let i = 0; i < 3; i++) {
        seen.push(await connectAttempt(port, 300))
        seen.push(String(await acceptQueueLength("127.0.0.1", port)))
      }
      // connectAttempt closes its socket: a closed connection still waits in the queue until accepted.
      expect(seen).toEqual(["connected", "1", "connected", "2", "no answer", "2"])
    } finally {
      child.kill("SIGKILL")
    }
    const nobody = createServer()
    const free = await new Promise<number>((resolve) => nobody.listen(0, "127.0.0.1", () => resolve((nobody.address() as { port: number }).port)))
    await new Promise((resolve) => nobody.close(resolve))
    expect(await acceptQueueLength("127.0.0.1", free)).toBeUndefined()
  })
})
