/**
 * What an ECP SFTP client and server say to each other, at the level the backbone cares about: a session
 * (TCP + SSH handshake + key authentication folded into one round trip, DOMAIN §4: "User ID and private
 * key"), keepalives, and SFTP file operations — OPEN → HANDLE, WRITE → STATUS per chunk for an upload,
 * READ → DATA per chunk for a download, CLOSE → STATUS — and the poll of the participant's outbox for
 * the responses to its uploads.
 *
 * When to use: the client (client.ts) and server (server.ts) machines exchange these; a scenario sends
 * `site` to a server to open or close it (failover).
 *
 * A session is one TCP connection (SFTP runs over SSH over TCP): `session` is the number the client gives
 * each connect attempt, and every message of the session — connect, keepalives, requests, replies — is
 * sent on that stream (twin/engine/tcp.ts), both sides answering on the number they received. The network
 * therefore never loses one: a cut or random loss delays it by the kernel's retransmissions (200 ms
 * doubling to 120 s) and it arrives in order with what was written after it; a newer connection between
 * the same client and server ends the older one. A side ignores a message of a connection it no longer
 * holds, as its closed socket would.
 *
 * Gotcha — sizes and the path MTU. `bytes` of a send is what the network compares with the path MTU. Every
 * control message here is far below 1400 bytes; a data-bearing message (WRITE for an upload, DATA for a
 * download) is sent with the chunk's size (32 KiB by default), i.e. it stands for a train of full-size
 * (1500-byte, DF set) TCP segments, which a path whose MTU was cut below 1500 does not carry
 * (`min(bytes, 1500) > mtu`, twin/world/sim-network.ts). On the connection such a chunk is held and
 * retransmitted in vain, as a real kernel without PMTU black-hole probing (Linux's default) does, and
 * everything written after it waits behind it — the keepalives and a final chunk small enough to pass
 * included: the transfer stalls until the MTU is restored or the client gives the session up.
 */

import type { ReadyResponse } from "./outbox.ts"

/** Every session message carries its connection's number (`session`), so that one of an abandoned connection is ignored. */
export type EcpMessage =
  | { readonly _tag: "connect"; readonly session: number }
  | { readonly _tag: "connected"; readonly session: number }
  /** A backup-site server that is closed until failover refuses the connection at once. */
  | { readonly _tag: "refused"; readonly session: number }
  | { readonly _tag: "keepalive"; readonly session: number }
  | { readonly _tag: "keepalive-ok"; readonly session: number }
  /**
   * SFTP OPEN of `file`. `participant`: the session's SSH user (DOMAIN §4 "User ID"); `job`: the file's
   * exchange, unique per participant and day (config.ts FileJob `id`) — the server keeps no per-session
   * state (server.ts), so the request names both, and the server names both on the response it makes.
   */
  | {
    readonly _tag: "open-file"
    readonly session: number
    readonly transfer: number
    readonly participant: string
    readonly job: string
    readonly file: string
    readonly direction: Direction
    readonly bytes: number
  }
  | { readonly _tag: "handle"; readonly session: number; readonly transfer: number }
  /** Upload data: `bytes` is the chunk's size and is also the size on the wire. */
  | { readonly _tag: "write"; readonly session: number; readonly transfer: number; readonly chunk: number; readonly bytes: number }
  | { readonly _tag: "status"; readonly session: number; readonly transfer: number; readonly chunk: number }
  /** Download request for `bytes` of chunk `chunk`; small on the wire. */
  | { readonly _tag: "read"; readonly session: number; readonly transfer: number; readonly chunk: number; readonly bytes: number }
  | { readonly _tag: "data"; readonly session: number; readonly transfer: number; readonly chunk: number; readonly bytes: number }
  /** SFTP CLOSE: named as its OPEN. */
  | {
    readonly _tag: "close-file"
    readonly session: number
    readonly transfer: number
    readonly participant: string
    readonly job: string
    readonly file: string
    readonly direction: Direction
    readonly bytes: number
  }
  | { readonly _tag: "closed"; readonly session: number; readonly transfer: number }
  /**
   * Client → server: the periodic poll of the participant's outbox (an SFTP directory listing), sent every
   * `pollEvery` while the client awaits responses to its uploads (client.ts).
   */
  | { readonly _tag: "poll"; readonly session: number }
  /** Server → client: the answer to a poll, the responses ready for the client (none: an empty listing). */
  | { readonly _tag: "outbox"; readonly session: number; readonly files: ReadonlyArray<ReadyResponse> }
  /** Scenario → server: open (failover) or close the server. */
  | { readonly _tag: "site"; readonly open: boolean }
  /** World → server: the server's machine crashed (`up` false) or restarted. */
  | { readonly _tag: "power"; readonly up: boolean }
  /**
   * World → client, for its report only: `server` has crashed. The client cannot see it (it notices by its
   * keepalives, and acts only then), but a session on a dead server moves no file from now: it reports the
   * session down from this instant, as an OTP-C or China Connect session on a dead gateway is
   * (twin/simulate/wire-ecp.ts).
   */
  | { readonly _tag: "server-lost"; readonly server: string }

export type Direction = "upload" | "download"

/** Size on the wire of a control message (SSH packet with an SFTP request or status, MAC and TCP/IP headers). */
export const CONTROL_BYTES = 160
/** Size on the wire of the session set-up exchange (largest SSH key-exchange packet kept under 1400). */
export const CONNECT_BYTES = 1200

/** Wire size of a message: data-bearing ones are as big as their chunk. */
export const wireBytes = (m: EcpMessage): number => {
  switch (m._tag) {
    case "write":
    case "data":
      return m.bytes
    case "connect":
    case "connected":
      return CONNECT_BYTES
    default:
      return CONTROL_BYTES
  }
}
