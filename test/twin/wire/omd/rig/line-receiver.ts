/**
 * A raw UDP receiver joined to one multicast line on loopback, reading on its own thread.
 *
 * Why a thread: the rig under test sends from this process, and after a turn of the event loop that came
 * late it may send up to 1,024 packets at once (send-queue.ts MAX_TURN), while a socket read on the same
 * loop takes at most 32 datagrams a turn (libuv). On a loaded machine (test files side by side, vitest's
 * maxWorkers) the turns come late, the 4 MB receive buffer (the kernel's rmem_max here) overflows and
 * the line shows gaps the rig never made (seen: 1,662 numbers missing, each counted in the kernel's
 * UDP RcvbufErrors). A reader with its own loop empties the buffer whatever the sending loop does — as a
 * real listener in another process does.
 *
 * `sync()` hands over everything received up to now: call it once the sender has handed its packets to
 * the kernel (loopback queues a datagram on the receiving socket within the send call). The reader answers
 * after a turn of its loop in which it read nothing — the socket's buffer was empty.
 */
import { Worker } from "node:worker_threads"

const READER = `
const { parentPort, workerData } = require("node:worker_threads")
const dgram = require("node:dgram")
const socket = dgram.createSocket({ type: "udp4", reuseAddr: true })
let batch = []
let count = 0
const flush = () => {
  if (batch.length === 0) return
  parentPort.postMessage({ type: "data", packets: batch })
  batch = []
}
socket.on("message", (bytes) => {
  count++
  batch.push(new Uint8Array(bytes))
  if (batch.length >= 256) flush()
})
socket.bind(workerData.port, () => {
  socket.addMembership(workerData.address, "127.0.0.1")
  socket.setRecvBufferSize(4 * 1024 * 1024)
  parentPort.postMessage({ type: "ready" })
})
parentPort.on("message", (m) => {
  if (m.type === "sync") {
    // A check-phase turn comes after the poll phase that read every readable socket (up to 32 datagrams
    // each): one that read nothing since the previous turn means the buffer is empty.
    let seen = count
    const check = () => {
      if (count !== seen) {
        seen = count
        setImmediate(check)
        return
      }
      flush()
      parentPort.postMessage({ type: "synced", id: m.id })
    }
    setImmediate(check)
  }
  if (m.type === "close") socket.close(() => { flush(); parentPort.postMessage({ type: "closed" }); parentPort.close() })
})
`

export interface LineReceiver {
  /** Resolves when every datagram received so far has been passed to `onPacket`, in arrival order. */
  readonly sync: () => Promise<void>
  readonly close: () => Promise<void>
}

type FromReader = { type: "ready" } | { type: "data"; packets: Array<Uint8Array> } | { type: "synced"; id: number } | { type: "closed" }

export const startLineReceiver = (line: { readonly address: string; readonly port: number }, onPacket: (bytes: Uint8Array) => void): Promise<LineReceiver> =>
  new Promise((resolve, reject) => {
    const worker = new Worker(READER, { eval: true, workerData: { address: line.address, port: line.port } })
    const synced = new Map<number, () => void>()
    let closed: (() => void) | undefined
    let nextId = 0
    worker.once("error", reject)
    worker.on("message", (m: FromReader) => {
      if (m.type === "data") for (const p of m.packets) onPacket(p)
      if (m.type === "synced") {
        synced.get(m.id)?.()
        synced.delete(m.id)
      }
      if (m.type === "closed") closed?.()
      if (m.type === "ready") {
        resolve({
          sync: () =>
            new Promise<void>((done) => {
              const id = nextId++
              synced.set(id, done)
              worker.postMessage({ type: "sync", id })
            }),
          close: async () => {
            const ended = new Promise<void>((done) => worker.once("exit", () => done()))
            await new Promise<void>((done) => {
              closed = done
              worker.postMessage({ type: "close" })
            })
            await worker.terminate()
            await ended
          }
        })
      }
    })
  })
