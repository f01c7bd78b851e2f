/**
 * A small OMD world for the tests: one channel (`omdc/SS`) on lines A and B, its refresh lines, four RTS
 * servers and one feed handler, on a constant-latency network. Defaults are round numbers so expected
 * values can be worked out by hand; every piece can be overridden.
 */
import { send, type Machine } from "../../../../twin/engine/machine.ts"
import type { Micros } from "../../../../twin/engine/time.ts"
import { parseClock, seconds } from "../../../../twin/engine/time.ts"
import { constantNetwork, Runtime } from "../../../../twin/engine/runtime.ts"
import { MemoryTrace, type TraceEvent } from "../../../../twin/engine/trace.ts"
import {
  drPublisherNode,
  feedHandlerNode,
  publisherNode,
  refreshPublisherNode,
  rtsServerNode,
  RtsRequestsToday,
  type FeedHandlerSetup,
  type OmdMessage,
  type OmdNode,
  type PublisherSetup,
  type RefreshSetup,
  type RtsServerSetup
} from "../../../../twin/models/omd/index.ts"

export const at = (text: string): Micros => parseClock(text)!
export const LATENCY = 100
export const RTS = ["rts-dc1-1", "rts-dc1-2", "rts-dc2-1", "rts-dc2-2"] as const

export interface WorldOptions {
  readonly publisher?: Partial<PublisherSetup>
  readonly refresh?: Partial<RefreshSetup> | false
  readonly rts?: RtsServerSetup
  readonly feedHandler?: Partial<FeedHandlerSetup> | false
  readonly feedHandlerStart?: Micros
  /** `blocked(from, to, now)` of constantNetwork (machine node ids: see below). */
  readonly blocked?: (from: string, to: string, now: Micros) => boolean
  /** `lost(to, stream, seq)` of constantNetwork. */
  readonly lost?: (to: string, stream: string, seq: number) => boolean
}

/** Node ids: publishers `pub-a`/`pub-b`, refresh `refresh-a`/`refresh-b`, RTS as topology, handler `P0001.fh`. */
export const world = (o: WorldOptions = {}) => {
  const trace = new MemoryTrace()
  const rt = new Runtime(constantNetwork(LATENCY, o.blocked, o.lost), trace)
  // A machine joins its groups when it starts (a late starter must not hear what came before).
  const place = <S>(id: string, node: OmdNode<S>, startAt: Micros) => {
    rt.add(id, id, node.machine, node.state, startAt)
    rt.at(startAt, () => {
      for (const g of node.subscribe) rt.subscribe(g, id)
      for (const g of node.feed ?? []) rt.subscribeInternal(g, id)
    })
  }
  const publisherSetup: PublisherSetup = {
    group: "SS",
    line: "A",
    rates: [{ from: at("09:30"), perSecond: 10 }],
    timetable: [],
    startOfDayMessages: 0,
    ...o.publisher
  }
  place("pub-a", publisherNode({ ...publisherSetup, line: "A" }), at("06:00"))
  place("pub-b", publisherNode({ ...publisherSetup, line: "B" }), at("06:00"))
  if (o.refresh !== false) {
    const r: RefreshSetup = { group: "SS", line: "A", period: seconds(30), snapshotDuration: seconds(1), snapshotMessages: 100, ...o.refresh }
    place("refresh-a", refreshPublisherNode({ ...r, line: "A" }), at("06:00"))
    place("refresh-b", refreshPublisherNode({ ...r, line: "B" }), at("06:00"))
  }
  // One real channel (k = 1, stream.ts) unless a test sets another: the RTS limits apply as written. The
  // four servers share one count of each user's requests today, as the twin wires them (wire-omd.ts).
  const requests = new RtsRequestsToday()
  for (const id of RTS) place(id, rtsServerNode({ channels: [{ channel: "omdc/SS", meanMessageBytes: 40, realChannels: 1 }], requests, ...o.rts }), at("06:00"))
  if (o.feedHandler !== false) {
    place("P0001.fh", feedHandlerNode({ participant: "P0001", group: "SS", rtsEndpoints: RTS, drChannel: null, realChannels: 1, ...o.feedHandler }), o.feedHandlerStart ?? at("05:00"))
  }
  const kinds = (...ks: ReadonlyArray<string>): Array<TraceEvent> => trace.events.filter((e) => ks.includes(e.kind))
  return { rt, trace, kinds, place, requests }
}

/** What a recorder machine saw: arrival time, sender, message, lost seqs. */
export interface Seen {
  readonly t: Micros
  readonly from: string
  readonly message: OmdMessage
  readonly lost: ReadonlyArray<number>
}

/**
 * A machine that records everything it receives (a probe on a multicast group, or a scripted RTS client);
 * with `echo`, it answers RTS heartbeats as a client must (spec §4.3). Test-only: it appends to its state
 * in place (a day of heartbeats would otherwise be copied 22,000 times).
 */
export const recorder = (echo = false): Machine<Array<Seen>, OmdMessage> => ({
  step: (seen, input, now) => {
    if (input._tag !== "receive") return [seen, []]
    seen.push({ t: now, from: input.from, message: input.message, lost: input.lost ?? [] })
    if (echo && input.message._tag === "rts-heartbeat") return [seen, [send(input.from, { _tag: "rts-heartbeat-response", conn: input.message.conn }, 16, input.message.conn)]]
    return [seen, []]
  }
})

/** Delivers `message` to machine `to` at `t` as if sent by `from` (scripted client, operations). */
export const deliver = (rt: Runtime, t: Micros, from: string, to: string, message: OmdMessage): void =>
  rt.inject(t, to, { _tag: "receive", from, message })

/** HKEX's DR channel on lines A and B from 06:00; the function has operations send DR Signal `drStatus` on both at `t`. */
export const drChannel = (w: ReturnType<typeof world>) => {
  w.place("dr-a", drPublisherNode("A"), at("06:00"))
  w.place("dr-b", drPublisherNode("B"), at("06:00"))
  return (t: Micros, drStatus: 1 | 2): void => {
    const message: OmdMessage = { _tag: "control", command: "dr-signal", drStatus }
    for (const id of ["dr-a", "dr-b"]) deliver(w.rt, t, "ops", id, message)
  }
}
