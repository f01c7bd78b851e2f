/**
 * Plain configuration of the ECP SFTP models: the files a participant moves (jobs), how a transfer is
 * carried and given up on (policy), and the defaults. Every default stands for a fact DOMAIN §4 marks
 * [S] or does not give at all [U]; the integrator writes them into the estate's assumptions.
 */
import { type Micros, seconds } from "../../engine/time.ts"
import type { Direction } from "./messages.ts"
import type { EcpOutbox } from "./outbox.ts"

/** One file to move. Times are µs since midnight. */
export interface FileJob {
  /** Unique per participant and day: `P0001/up-01`, `P0001/up-01/response`. */
  readonly id: string
  readonly file: string
  readonly direction: Direction
  /** When the participant starts it (an upload is submitted; a download is fetched). */
  readonly at: Micros
  readonly bytes: number
  /** Latest completion time the business needs; a later completion is recorded as missed-deadline. */
  readonly deadline: Micros
}

/** Jobs in the order they fall due: by `at`, then `id`. */
export const byTime = (a: FileJob, b: FileJob): number => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/**
 * How the client carries a transfer and gives up on it. Nothing here retransmits: the session's TCP
 * connection does (messages.ts), so these are the client's own rules on top of it.
 */
export interface TransferPolicy {
  /** SFTP write/read size: OpenSSH's sftp uses 32 KiB requests [U for HKEX's clients]. */
  readonly chunkBytes: number
  /** Requests outstanding at once (OpenSSH sftp default 64) [U]. */
  readonly window: number
  /** No progress for this long: the transfer is reported stalled (the flow degraded) [U]. */
  readonly stallAfter: Micros
  /** No progress for this long: the attempt fails, the session is dropped [U]. */
  readonly failAfter: Micros
  /** Wait between a failed attempt and the next one [U]. */
  readonly retryDelay: Micros
  /** Attempts in all, the first included; after the last one fails the job is given up [U]. */
  readonly maxAttempts: number
}

export interface SessionPolicy {
  /** No answer to a connect within this: try the next server [U]. */
  readonly connectTimeout: Micros
  /** After every server has been tried once without a session, wait this long and start again with the first [U]. */
  readonly reconnectDelay: Micros
  /** SSH keepalive interval (OpenSSH ServerAliveInterval) [U]. */
  readonly keepaliveEvery: Micros
  /** Keepalives unanswered before the session is declared lost (ServerAliveCountMax, default 3) [U]. */
  readonly keepaliveMissedMax: number
  /** Poll of the outbox for responses, on the session, while any upload's response is awaited [U]. */
  readonly pollEvery: Micros
}

export const defaultTransferPolicy: TransferPolicy = {
  chunkBytes: 32 * 1024,
  window: 64,
  stallAfter: seconds(10),
  failAfter: seconds(60),
  retryDelay: seconds(30),
  maxAttempts: 5
}

export const defaultSessionPolicy: SessionPolicy = {
  connectTimeout: seconds(10),
  reconnectDelay: seconds(10),
  keepaliveEvery: seconds(30),
  keepaliveMissedMax: 3,
  pollEvery: seconds(60)
}

/** A server as the client knows it: DOMAIN §4 / estate `closedUntilFailover` for the backup site's servers. */
export interface ServerRef {
  readonly id: string
  readonly closedUntilFailover: boolean
}

export interface EcpClientConfig {
  readonly participant: string
  /** The estate's flow template of the ECP SFTP channel: the client reports `PARTICIPANT/TEMPLATE` (topology/model.ts). */
  readonly flowTemplate: string
  /** Tried in this order, then cycled: primary-site servers first, then the backup site's. */
  readonly servers: ReadonlyArray<ServerRef>
  readonly jobs: ReadonlyArray<FileJob>
  readonly transfer?: Partial<TransferPolicy>
  readonly session?: Partial<SessionPolicy>
}

export interface EcpServerConfig {
  /** Closed servers refuse connections until a scenario opens them (backup site: closed until failover). */
  readonly open: boolean
  /** Delay from an upload's close to its response file being ready (DOMAIN §4 [S]: within about 10 min). */
  readonly responseAfter?: Micros
  /**
   * Deadline of a response file's download, counted from the instant it became ready [U]: a service level
   * both sides know, so the server states it with the file (outbox.ts) and in the trace (`response-ready`).
   */
  readonly responseDeadline?: Micros
  /** Response size as a fraction of the upload's size, at least `responseMinBytes` [U]. */
  readonly responseRatio?: number
  readonly responseMinBytes?: number
  /** The outbox shared by every server of the world (outbox.ts); unset: the server's own. */
  readonly outbox?: EcpOutbox
}

export const defaultResponseAfter: Micros = seconds(600)
export const defaultResponseDeadline: Micros = seconds(600)
export const defaultResponseRatio = 0.1
export const defaultResponseMinBytes = 1024
