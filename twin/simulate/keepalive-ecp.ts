/**
 * ECP SFTP's SSH keepalives as the keepalive elision sees them (keepalive-elision.ts): a client with a
 * session open and no transfer under way sends a keepalive every `keepaliveEvery` (counting it missed), its
 * server answers from state the keepalive does not change, and the answer clears the count — a period
 * changes nothing. The next-job and deadline timers may stay armed: their firing wakes the client. A server
 * powered down or closed concerns every client elided on it. A response made ready concerns none: it only
 * goes into the outbox, and a client awaiting one polls for it (its poll timer keeps it from being idle).
 */
import type { Input } from "../engine/machine.ts"
import type { EcpClientState, EcpMessage, EcpServerState } from "../models/ecp/index.ts"
import type { KeepaliveModel } from "./keepalive-elision.ts"

export const ecpKeepalive: KeepaliveModel<EcpClientState, EcpServerState> = {
  server: (s) => (s.connection._tag !== "open" || s.active !== undefined ? undefined : s.settings.servers[s.connection.server]?.id),
  cycleTimers: new Set(["keepalive"]),
  waits: (timer) => timer === "next-job" || timer.startsWith("deadline:"),
  periodic: (a, b) => {
    const [x, y] = [a.connection, b.connection]
    if (x._tag !== "open" || y._tag !== "open" || x.server !== y.server || x.session !== y.session || x.missed !== y.missed) return undefined
    const same = a.settings === b.settings && a.closed === b.closed && a.sessions === b.sessions && a.transfers === b.transfers &&
      a.queue === b.queue && a.awaiting === b.awaiting && a.polling === b.polling && a.active === b.active && a.unfinished === b.unfinished && a.givenUp === b.givenUp && a.failing === b.failing && a.nextJobAt === b.nextJobAt && a.reported === b.reported && a.lost === b.lost
    return same ? () => b : undefined
  },
  concerns: (_server, input: Input<unknown>) => {
    if (input._tag === "timer") return []
    if (input._tag !== "receive") return []
    const m = input.message as EcpMessage
    return m._tag === "power" || m._tag === "site" ? "all" : [input.from]
  }
}
