/**
 * A port that answers no new connection, so that a client sees a connect timeout, as with a host it cannot
 * reach — not "connection refused", which would tell a trainee the path is fine and the service is not.
 *
 * How: a listening socket that is never accepted from, its accept queue filled. Linux drops a SYN that
 * arrives at a listener whose accept queue is full (tcp_conn_request: "listen overflow"), so the client
 * retransmits its SYN until its own timeout (`ssh -o ConnectTimeout=3`: "connect to host … port …:
 * Connection timed out"). Node accepts every connection of a listener it runs, so the listener lives in a
 * worker thread that blocks in `Atomics.wait` right after listening: its event loop never polls, nothing is
 * accepted. The listener has a backlog of 1 (Linux queues backlog + 1 = 2 connections); the black hole
 * fills the queue with its own connections until it is full, then reports ready.
 *
 * `close()` wakes the worker, which exits (closing the listener and the queued connections), and closes the
 * fillers: the port is free again for the real listener.
 *
 * Handing a port over without a gap: the black hole listens with SO_REUSEPORT (`reusePort`), so it binds
 * beside a real listener that does too (ECP's sftp-port.ts, the OMD-C rig's gated-listener.ts). Linux spreads new connections over the sockets of the
 * port; one closing leaves the others serving, so a connect is never refused in between. `handOver` runs once
 * the black hole listens and before it fills its queue: the place to close the real listener (else the
 * fillers would land on it). The other way, the real listener binds before the black hole closes.
 *
 * Ready when the queue is full, whoever filled it: the kernel says how long the queue is (accept-queue.ts),
 * and a client connecting while the port changes hands (a trainee's retrying client) may fill it before the
 * black hole's own connections do — those are then dropped like every other. (The OMD-C rig's plug waited
 * for two connections of its own: with a client connecting every 5 ms it gave up after 10 s and left the
 * port refusing.) A connection of ours is done when it connects or the queue is full, not after a guess at
 * how long a handshake takes: where the kernel does not say, a connection not done within 300 ms tells.
 *
 * Gotcha: between `handOver` and the queue filled (a loopback handshake: well under a millisecond), a connect
 * may complete into the black hole's queue: "connected", then no byte — still no answer, never a refusal;
 * `close` resets it.
 */
import { connect, type Socket } from "node:net"
import { Worker } from "node:worker_threads"
import { acceptQueueLength } from "./accept-queue.ts"

/** The listen backlog: Linux queues backlog + 1 connections. */
const BACKLOG = 1

const WORKER = `
const { workerData, parentPort } = require("node:worker_threads")
const net = require("node:net")
const server = net.createServer()
server.on("error", (e) => { parentPort.postMessage({ error: e.message }); process.exit(1) })
server.listen({ host: workerData.host, port: workerData.port, backlog: ${BACKLOG}, exclusive: true, reusePort: true }, () => {
  parentPort.postMessage({ listening: server.address().address })
  Atomics.wait(new Int32Array(workerData.flag), 0, 0)
  process.exit(0)
})
`

export interface BlackHole {
  readonly close: () => Promise<void>
}

/**
 * A connection attempt: true once connected; false when the queue is full before it did (`full`, polled:
 * the SYN was dropped) or it did not complete within `ms`.
 */
const fill = (host: string, port: number, ms: number, keep: Array<Socket>, full: () => Promise<boolean>): Promise<boolean> =>
  new Promise((resolve) => {
    const s = connect({ host, port })
    s.on("error", () => undefined)
    let done = false
    const finish = (connected: boolean) => {
      if (done) return
      done = true
      clearTimeout(t)
      if (connected) keep.push(s)
      else s.destroy()
      resolve(connected)
    }
    const t = setTimeout(() => finish(false), ms)
    s.once("connect", () => finish(true))
    const poll = async () => {
      while (!done) {
        if (await full()) return finish(false)
        await new Promise((r) => setTimeout(r, 2))
      }
    }
    void poll()
  })

export const openBlackHole = async (host: string, port: number, handOver: () => void | Promise<void> = () => undefined): Promise<BlackHole> => {
  const flag = new SharedArrayBuffer(4)
  const worker = new Worker(WORKER, { eval: true, workerData: { host, port, flag } })
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()))
  const bound = await new Promise<string>((resolve, reject) => {
    worker.once("message", (m: { listening?: string; error?: string }) => (m.listening !== undefined ? resolve(m.listening) : reject(new Error(`black hole on ${host}:${port}: ${m.error}`))))
    worker.once("error", reject)
  })
  await handOver()
  // The real listener is closed: the only listener on the port is ours.
  const told = (await acceptQueueLength(bound, port)) !== undefined
  const full = async () => ((await acceptQueueLength(bound, port)) ?? 0) > BACKLOG
  const fillers: Array<Socket> = []
  // Two fit (backlog 1); a few more tries in case the kernel counts otherwise. Where the kernel says how
  // full the queue is, a filler is waited for until it connects or the queue is full: a thread busy between
  // its polls (the rig's, advancing the world) runs a filler's timer before it reads the connect, and with
  // 300 ms it gave up on a connect the kernel had made, stopped filling, and left a place in the queue for
  // the next client (rts.test.ts under load: "connected" through a firewall rule). 10 s: a connect that
  // cannot be made at all. Where the kernel does not say, 300 ms: a loopback handshake takes microseconds.
  const patience = told ? 10_000 : 300
  for (let i = 0; i < 4 && !(await full()); i++) if (!(await fill(host, port, patience, fillers, full))) break
  let closing: Promise<void> | undefined
  return {
    close: () =>
      (closing ??= (async () => {
        const view = new Int32Array(flag)
        Atomics.store(view, 0, 1)
        Atomics.notify(view, 0)
        await exited
        for (const s of fillers) s.destroy()
      })())
  }
}
