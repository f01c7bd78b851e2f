/**
 * The Retransmission Service of the rig: for each watched participant and each RTS server of the estate
 * (`roles.rts`, DOMAIN §3: two per site), a TCP listener of its own (gated-listener.ts), listed on `/rig`
 * as `{ transport: "tcp", role: "rts", element: <the server's node> }`. After every step of the world that
 * changes it (twin/rig/world-changes.ts) the twin decides whether the participant can reach that server now (`pathNow` from its feed-handler machine
 * to the server's node: a firewall rule on the RTS port, a link or the node down close it): closed, the
 * listener stops answering connects (a real blocked port: the client's connect times out) and freezes the
 * sessions already open; open again, both resume.
 *
 * One listener per participant is what lets the gate be per participant (a firewall fault on one
 * participant's circuit blocks only its connects), and stands for the spec's "IP address" check.
 */
import type net from "node:net"
import { premises } from "../../../../topology/model.ts"
import type { LiveWorldView } from "../../../serve/live-world-view.ts"
import type { RigListing } from "../../../rig/rig-endpoint.ts"
import type { OmdFeed } from "./feed.ts"
import { GatedListener } from "./gated-listener.ts"
import { rtsRulesOf } from "./rts-rules.ts"
import { sendTimeOf } from "./packets.ts"
import { type RtsServerShared, RtsSession, type RtsTiming } from "./rts-session.ts"

/** Spec §4.3 system limits: logon timeout 5 s, heartbeat 30 s, heartbeat response 5 s (wall time: a real session). */
export const SPEC_RTS_TIMING: RtsTiming = { logonMs: 5_000, heartbeatMs: 30_000, responseMs: 5_000 }

interface Gate {
  readonly participant: string
  readonly node: string
  readonly listener: GatedListener
}

export class RtsService {
  private readonly gates: Array<Gate> = []
  private readonly sessions = new Map<net.Socket, RtsSession>()
  private readonly session: LiveWorldView
  private readonly feed: OmdFeed
  private readonly host: string
  private readonly timing: RtsTiming
  private readonly log: (line: string) => void

  constructor(options: { readonly session: LiveWorldView; readonly feed: OmdFeed; readonly host: string; readonly timing: RtsTiming; readonly log: (line: string) => void }) {
    this.session = options.session
    this.feed = options.feed
    this.host = options.host
    this.timing = options.timing
    this.log = options.log
  }

  async start(): Promise<void> {
    const model = this.session.model
    const rules = rtsRulesOf(model, this.session.settings)
    const nodes = model.roles.rts.filter((id) => model.nodeById.has(id))
    // Sessions are per server [U]; the daily count is per user across all of them (rts-rules.ts).
    const requests = new Map<string, number>()
    const shared = new Map<string, RtsServerShared>(nodes.map((node) => [node, { node, sessions: new Map(), requests }]))
    for (const participant of this.feed.participants) {
      for (const node of nodes) {
        const listener = new GatedListener(
          this.host,
          (socket) => {
            const s = new RtsSession(socket, {
              participant,
              server: shared.get(node)!,
              rules,
              timing: this.timing,
              highest: (g) => this.feed.highest(g),
              sendTime: () => sendTimeOf(this.session.now),
              packets: (g, from, to) => this.feed.retransmission(g, from, to, this.session.now),
              log: this.log
            })
            this.sessions.set(socket, s)
            socket.once("close", () => this.sessions.delete(socket))
          },
          (socket, frozen) => this.sessions.get(socket)?.freeze(frozen),
          (message) => this.log(`omd-c RTS ${participant} ${node}: ${message}`)
        )
        await listener.start()
        this.gates.push({ participant, node, listener })
      }
    }
    await this.gate()
  }

  listing(): ReadonlyArray<RigListing> {
    return this.gates.map((g) => ({
      service: "omd-c",
      name: `${g.participant} RTS ${g.node}`,
      participant: g.participant,
      transport: "tcp" as const,
      address: this.host,
      port: g.listener.port,
      role: "rts",
      element: g.node
    }))
  }

  /** Resolves when every listener behaves as its gate was last judged (blocked or answering). */
  settled(): Promise<void> {
    return Promise.all(this.gates.map((g) => g.listener.setOpen(g.listener.isOpen))).then(() => undefined)
  }

  /** Whether `participant`'s listener for RTS server `node` answers now (the gate's last judgement). */
  isOpen(participant: string, node: string): boolean | undefined {
    return this.gates.find((g) => g.participant === participant && g.node === node)?.listener.isOpen
  }

  /**
   * Each listener open exactly while the twin's path from its participant to its server is open: judged
   * at the start and after every step that changes the world (omd-endpoint.ts).
   */
  gate(): Promise<void> {
    return Promise.all(this.gates.map((g) => {
      const open = this.session.pathNow(premises(g.participant).feedHandler, g.node)?.open ?? false
      return g.listener.setOpen(open)
    })).then(() => undefined)
  }

  async close(): Promise<void> {
    for (const s of this.sessions.values()) s.close()
    await Promise.all(this.gates.map((g) => g.listener.close()))
  }
}
