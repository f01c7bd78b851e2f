/**
 * Ending a real TCP connection with a reset (RST), the way a crashed or restarted host's kernel answers.
 *
 * Gotcha: libuv's reset of a handle that still has writes queued, or whose peer has already closed, never
 * completes, and node then spins at 100 % CPU on exit closing it (seen with `npm run bench -- fix`, whose
 * clients close as the server writes: test/twin/wire/ocg/listener-exit.test.ts). Such a socket is
 * destroyed instead — the peer sees the connection end either way.
 */
import type { Socket } from "node:net"

export const resetOrDestroy = (socket: Socket): void => {
  if (socket.destroyed) return
  if (socket.writableLength > 0 || socket.readableEnded) socket.destroy()
  else socket.resetAndDestroy()
}

/**
 * Resolves in the event loop's check phase, right after a poll phase, in which Node accepts every
 * connection waiting on its listeners. Close a listener then: the kernel resets the connections still in a
 * closed listener's accept queue (a connect that succeeded, then ECONNRESET), and a busy event loop lets
 * that queue grow.
 */
export const afterAccepting = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))
