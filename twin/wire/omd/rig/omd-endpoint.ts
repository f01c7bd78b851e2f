/**
 * The rig's OMD-C endpoint (registered in twin/wire/endpoints.ts): every watched participant's lines A and B,
 * refresh lines and DR channel on loopback multicast, each while a receiver on the host has joined it
 * (feed.ts, group-members.ts; addresses: address-plan.ts), paced to the live clock, and the Retransmission
 * Service over TCP gated by the twin (rts-service.ts). See docs/omd-wire.md "The rig".
 *
 * Sockets: one UDP socket per publisher node the packets come from (bound to the rig's host, multicast on
 * its interface, TTL 1), so a DR take-over shows on the wire as another source; one TCP listener per
 * participant and RTS server.
 */
import dgram from "node:dgram"
import type { RigContext, RigEndpoint, RigEndpointFactory } from "../../../rig/rig-endpoint.ts"
import { changesTheWorld } from "../../../rig/world-changes.ts"
import { type AddressBase, DEFAULT_ADDRESS_BASE } from "./address-plan.ts"
import { type LineTarget, OmdFeed } from "./feed.ts"
import { type GroupJoined, loopbackMembership } from "./group-members.ts"
import { RtsService, SPEC_RTS_TIMING } from "./rts-service.ts"
import type { RtsTiming } from "./rts-session.ts"
import { SendQueue } from "./send-queue.ts"
import { ShedWarning } from "./shed-warning.ts"
import { Shedding, worldBehind } from "./world-first.ts"
import { timetableOf } from "../../../models/trading-day.ts"

export interface OmdRigOptions {
  /** Multicast groups and ports (address-plan.ts); tests pass their own. */
  readonly addresses?: AddressBase
  /** RTS session timers (default the spec's, SPEC_RTS_TIMING). */
  readonly rtsTiming?: RtsTiming
  /** Whether a line's group is joined (default: this host's loopback memberships, group-members.ts). */
  readonly joined?: GroupJoined
}

/** The running endpoint, with what tests and the bench look at. */
export interface OmdRigEndpoint extends RigEndpoint {
  readonly feed: OmdFeed
  readonly rts: RtsService
  readonly queue: SendQueue
  /** Packets handed to the sockets, per `participant|group|role`. */
  readonly sent: ReadonlyMap<string, number>
}

export const startOmdRig = async (context: RigContext, options: OmdRigOptions = {}): Promise<OmdRigEndpoint> => {
  const { session, host } = context
  const sockets = new Map<string, dgram.Socket>()
  const sent = new Map<string, number>()
  let closed = false
  const socketFor = (node: string): dgram.Socket => {
    let s = sockets.get(node)
    if (s === undefined) {
      s = dgram.createSocket({ type: "udp4", reuseAddr: true })
      s.on("error", (e) => context.log(`omd-c: UDP socket of ${node}: ${e.message}`))
      s.bind(0, host, () => {
        s!.setMulticastInterface(host)
        s!.setMulticastLoopback(true)
        s!.setMulticastTTL(1)
      })
      sockets.set(node, s)
    }
    return s
  }
  const sink = (node: string, target: LineTarget, packet: Uint8Array): void => {
    if (closed) return
    socketFor(node).send(packet, target.port, target.address)
    const key = `${target.participant}|${target.group}|${target.role}`
    sent.set(key, (sent.get(key) ?? 0) + 1)
  }
  const warning = new ShedWarning(context.log, () => queue.dropped)
  const shedding = new Shedding()
  const queue = new SendQueue(context.wallAt, Date.now, {
    // Behind (world-first.ts), the world's ticks run back to back and the rig's turns between them are
    // capped (send-queue.ts TURN_MS).
    behind: () => {
      const due = context.wallAt(session.now)
      const now = Date.now()
      return due !== undefined && worldBehind(now - due, shedding.now(now))
    },
    onDrop: (dropped) => {
      shedding.dropped(dropped, Date.now())
      warning.dropped(dropped)
    }
  })
  const feed = new OmdFeed({
    model: session.model, seed: session.seed, day: timetableOf(session.window.timetable), watched: context.watched, base: options.addresses ?? DEFAULT_ADDRESS_BASE, queue, sink, log: context.log,
    joined: options.joined ?? loopbackMembership(host)
  })
  const rts = new RtsService({ session, feed, host, timing: options.rtsTiming ?? SPEC_RTS_TIMING, log: context.log })
  await rts.start()
  session.taps.omd = feed.tap
  // Market data only: on two threads it runs while the trading path's thread finishes the step.
  session.onPartAdvanced((fresh) => {
    if (closed) return
    feed.advanced(fresh)
    // The RTS gates follow the paths, which change only with the world (twin/rig/world-changes.ts).
    if (changesTheWorld(fresh)) void rts.gate()
  })
  return {
    feed,
    rts,
    queue,
    sent,
    listing: () => [...feed.listing(), ...rts.listing()],
    close: async () => {
      if (closed) return
      closed = true
      warning.close()
      if (session.taps.omd === feed.tap) session.taps.omd = undefined
      queue.close()
      await rts.close()
      await Promise.all([...sockets.values()].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))))
    }
  }
}

export const omdRig = (options: OmdRigOptions = {}): RigEndpointFactory => ({
  service: "omd-c",
  start: (context) => startOmdRig(context, options)
})
