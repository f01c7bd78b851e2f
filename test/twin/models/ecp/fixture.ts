/**
 * A hand-made ECP world for the tests: one participant (P0001) and the four ECP SFTP servers of the
 * default estate, dc2's closed until failover, every node 1 ms from every other.
 */
import type { FileJob, ServerRef, SessionPolicy, TransferPolicy } from "../../../../twin/models/ecp/index.ts"
import { ecpClient, ecpClientState, ecpServer, ecpServerState } from "../../../../twin/models/ecp/index.ts"
import { type Network, Runtime } from "../../../../twin/engine/runtime.ts"
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
  retransmitAfter: seconds(1),
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

/** Client starts (and connects) at 07:00; servers answer at once; response files after 10 min. */
export const ecpWorld = (network: Network, jobs: ReadonlyArray<FileJob>, policy: Partial<TransferPolicy> = {}) => {
  const trace = new MemoryTrace()
  const rt = new Runtime(network, trace)
  for (const s of servers) rt.add(s.id, s.id, ecpServer, ecpServerState({ open: !s.closedUntilFailover, responseAfter: seconds(600) }))
  rt.add(CLIENT, "P0001.bss", ecpClient, ecpClientState({ participant: "P0001", flowTemplate: "ecp-sftp", servers, jobs, transfer: { ...transfer, ...policy }, session }), at("07:00"))
  return { rt, trace }
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
