/**
 * Watches a thread for its death on behalf of one that cannot: a thread blocked in `Atomics.wait` (a part
 * waiting at a rendezvous, part-rendezvous.ts) runs no event loop, so it never sees its worker's `exit` —
 * a worker killed, out of memory or calling `process.exit` would leave it waiting for ever, deaf to Ctrl-C.
 *
 * The watched thread holds one end of a channel, its lifeline; the warden — one small thread a process,
 * whose own loop stays free — holds the other. A thread's end closes every port it holds, however it ended,
 * so the warden's end then closes: it stores `value` in the waiting thread's shared cell and wakes it. A
 * thread that ends well closes its lifeline itself, after telling whoever waits (the cell then changes
 * nothing it reads).
 */
import { MessageChannel, type MessagePort, Worker } from "node:worker_threads"

/** The warden's whole code: plain JavaScript, no modules to load (it starts in a few milliseconds). */
const WARDEN = `
const { parentPort } = require("node:worker_threads")
parentPort.on("message", ({ lifeline, cells, slot, value }) => {
  const cell = new Int32Array(cells)
  lifeline.once("close", () => {
    Atomics.store(cell, slot, value)
    Atomics.notify(cell, slot)
  })
})`

/**
 * A thread a run needed is gone without finishing its work (out of memory, killed, exited): not a defect of
 * the model and not bad input, so the CLI says it in one line, not as an internal error.
 */
export class ThreadLost extends Error {
  override readonly name = "ThreadLost"
}

let warden: Worker | undefined

const theWarden = (): Worker => {
  if (warden === undefined) {
    warden = new Worker(WARDEN, { eval: true })
    // It watches while other work keeps the process alive; it never does so itself.
    warden.unref()
    warden.once("exit", () => {
      warden = undefined
    })
  }
  return warden
}

/**
 * A lifeline for the thread it is handed to (transfer it): when that thread ends, or closes it, `value` is
 * stored in `cells[slot]` and any thread waiting on that cell is woken.
 */
export const lifeline = (cells: Int32Array, slot: number, value: number): MessagePort => {
  const { port1, port2 } = new MessageChannel()
  theWarden().postMessage({ lifeline: port1, cells: cells.buffer, slot, value }, [port1])
  return port2
}
