/**
 * A hand-made ECP world for the tests: one participant (P0001) and the four ECP SFTP servers of the
 * default estate, dc2's closed until failover, every node 1 ms from every other.
 */
import type { EcpMessage, EcpServerState, FileJob, ServerRef, SessionPolicy, TransferPolicy } from "../../../../twin/models/ecp/index.ts"
import { ecpClient, ecpClientState, EcpOutbox, ecpServer, ecpServerState } from "../../../../twin/models/ecp/index.ts"
import type { Machine } from "../../../../twin/engine/machine.ts"
import { seededRandom } from "../../../../twin/engine/random.ts"
import { type Network, Runtime } from "../../../../twin/engine/runtime.ts"
import { retransmissionDelay } from "../../../../twin/engine/tcp.ts"
import { type Micros, millis, parseClock, seconds } from "../../../../twin/engine/time.ts"
import { MemoryTrace, type TraceEvent } from "../../../../twin/engine/trace.ts"

export const at = (text: string): Micros => parseClock(text)!
export const L = millis(1)

export const servers: ReadonlyArray<ServerRef> = [
  { id: "ecp-sftp-dc1-1", closedUntilFailover: false },
  { id: "ecp-sftp-dc1-2", closedUntilFailover: false },
  { id: "ecp-sftp-dc2-1", closedUntilFailover: true },
  { id: "ecp-sftp-dc2-2", closedUntilFailover: true }
]

/** Round numbers so that the expected times can be added up by hand. */
export const transfer: Partial<TransferPolicy> = {
  chunkBytes: 32 * 1024,
  window: 4,
  stallAfter: seconds(10),
  failAfter: seconds(60),
  retryDelay: seconds(30),
  maxAttempts: 5
}
export const session: Partial<SessionPolicy> = {
  connectTimeout: seconds(10),
  reconnectDelay: seconds(10),
  keepaliveEvery: seconds(30),
  keepaliveMissedMax: 3
}

/** 10 chunks of exactly 32 KiB, submitted at 07:30, due by 07:32. */
export const bcan: FileJob = {
  id: "P0001/up-01",
  file: "BCAN_P0001_01.csv",
  direction: "upload",
  at: at("07:30"),
  bytes: 10 * 32 * 1024,
  deadline: at("07:32")
}

export const CLIENT = "P0001.ecp"

/** A message a server took in: when, which server, from whom, what. */
export interface Received {
  readonly t: Micros
  readonly server: string
  readonly from: string
  readonly message: EcpMessage
}

/** The ECP server machine, noting every message it receives in `log`. */
const listening = (id: string, log: Array<Received>): Machine<EcpServerState, EcpMessage> => ({
  step: (state, input, now) => {
    if (input._tag === "receive") log.push({ t: now, server: id, from: input.from, message: input.message })
    return ecpServer.step(state, input, now)
  }
})

/**
 * Client starts (and connects) at 07:00; servers answer at once; response files after 10 min. `received`:
 * what the servers took in, in order.
 */
export const ecpWorld = (network: Network, jobs: ReadonlyArray<FileJob>, policy: Partial<TransferPolicy> = {}) =>
  ecpWorldOf(network, [{ participant: "P0001", jobs }], policy)

/** As `ecpWorld`, with one client per participant (machine `P.ecp` on `P.bss`, as twin/simulate/wire-ecp.ts adds them). */
export const ecpWorldOf = (
  network: Network,
  clients: ReadonlyArray<{ readonly participant: string; readonly jobs: ReadonlyArray<FileJob> }>,
  policy: Partial<TransferPolicy> = {}
) => {
  const trace = new MemoryTrace()
  const rt = new Runtime(network, trace)
  const received: Array<Received> = []
  const outbox = new EcpOutbox()
  for (const s of servers) rt.add(s.id, s.id, listening(s.id, received), ecpServerState({ open: !s.closedUntilFailover, responseAfter: seconds(600), outbox }))
  for (const { participant, jobs } of clients) {
    const state = ecpClientState({ participant, flowTemplate: "ecp-sftp", servers, jobs, transfer: { ...transfer, ...policy }, session })
    rt.add(`${participant}.ecp`, `${participant}.bss`, ecpClient, state, at("07:00"))
  }
  return { rt, trace, received }
}

/**
 * A network `L` everywhere that loses `percent` % of the packets, drawn from `seed`, as the estate's
 * network does (twin/world/sim-network.ts): a datagram is lost whole; a message on a TCP connection is
 * delayed by the retransmissions that got it through (tcp.ts). Per pair, nothing overtakes.
 */
export const lossy = (percent: number, seed: number): Network => {
  const draws = seededRandom(seed)
  const lost = () => draws.next() < percent / 100
  const last = new Map<string, Micros>()
  const inOrder = (pair: string, arrival: Micros): Micros => {
    const at = Math.max(arrival, last.get(pair) ?? 0)
    last.set(pair, at)
    return at
  }
  return {
    deliver: (from, to, _bytes, now) => (lost() ? undefined : inOrder(`${from}>${to}`, now + L)),
    lostInRange: () => [],
    channel: (from, to) => `${from}>${to}`,
    deliverOn: (pair, _bytes, now) => (lost() ? undefined : inOrder(pair as string, now + L)),
    deliverStream: (pair, _bytes, now, backoff) => {
      const delay = retransmissionDelay(backoff, lost)
      return delay === undefined ? undefined : inOrder(pair as string, now + L + delay)
    }
  }
}

/** A network `L` everywhere that black-holes messages above 1400 bytes in [from, until): a path-MTU cut. */
export const mtuCut = (from: Micros, until: Micros, mtu = 1400): Network => ({
  deliver: (_from, _to, bytes, now) => (now >= from && now < until && bytes > mtu ? undefined : now + L),
  lostInRange: () => []
})

/** `[t, event, attempt, server, done]` of every `ecp.transfer` event. */
export const transfers = (events: ReadonlyArray<TraceEvent>) =>
  events.filter((e) => e.kind === "ecp.transfer").map((e) => [e.t, e.data["event"], e.data["attempt"], e.data["server"], e.data["done"]])

/** `[t, up, of, degraded]` of every `flow.status` event. */
export const statuses = (events: ReadonlyArray<TraceEvent>) =>
  events.filter((e) => e.kind === "flow.status").map((e) => [e.t, e.data["up"], e.data["of"], e.data["degraded"]])
