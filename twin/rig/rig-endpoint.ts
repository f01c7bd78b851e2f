/**
 * The seam between the live world and the real endpoints a drill can be watched with (OMD-C multicast and
 * RTS, ECP SFTP, OCG-C FIX). An endpoint follows the world through `session.onAdvanced` (the trace events
 * each step recorded) and reads the world's state and paths (`session.state`, `session.pathNow`) to gate
 * its sockets; it never runs a simulation of its own, so what a real client sees is what the trace says.
 *
 * Endpoints bind loopback only unless the operator chose another `--host`, pick free ports (0) unless told,
 * and list what they opened (`/rig` on the viewer's server, and the start-up lines of `twin serve`).
 */
import type { Micros } from "../engine/time.ts"
import type { LiveWorldView } from "../serve/live-world-view.ts"

/** One socket an endpoint opened (a multicast group it sends to, a TCP port it listens on). */
export interface RigListing {
  /** The service as the estate names it: `omd-c`, `ecp-sftp`, `ocg-c` … */
  readonly service: string
  /** What it is, for a person: `P0001 line A channel SS`, `RTS dc1`, `gateway ocg-dc1-05`. */
  readonly name: string
  /** The participant it is for, when it is one participant's (a line, a user). */
  readonly participant?: string
  readonly transport: "udp-multicast" | "tcp"
  /** Multicast group or listening address. */
  readonly address: string
  readonly port: number
  /** The estate element it stands for (a node id), when there is one. */
  readonly element?: string
  /**
   * What a client does with it, for tools that read `/rig` (`twin omd listen`): `line-A`, `line-B`,
   * `refresh-A`, `refresh-B`, `rts`, `sftp`, `fix-gateway`, `fix-lookup`, `fix-drop-copy` …
   */
  readonly role?: string
  /** The service's channel or channel group it carries (OMD-C: the estate's channel group, e.g. `SS`). */
  readonly channel?: string
  /**
   * OMD-C lines: packets the rig dropped so far for being over 2 s late (it could not send as fast as the
   * drill's speed asked): the wire lacks them, the trace does not. Absent while none.
   */
  readonly shed?: number
}

/** What an endpoint is given when the rig starts it. */
export interface RigContext {
  /** The live world: a served drill (`twin serve`) or a training drill (`twin drill`). */
  readonly session: LiveWorldView
  /** The participants the rig watches (`--rig`), in the estate's order. */
  readonly watched: ReadonlyArray<string>
  /** Address to bind TCP listeners and send multicast from (loopback unless the operator chose otherwise). */
  readonly host: string
  /** Folder for state that outlives a run: keys, users' folders (`--state`, default out/rig). */
  readonly stateDir: string
  /** Wall time (ms since the epoch) at which virtual `t` is due at the live speed; undefined while paused. */
  readonly wallAt: (t: Micros) => number | undefined
  /** One line for the operator (stderr of `twin serve`). */
  readonly log: (line: string) => void
}

export interface RigEndpoint {
  /** What it opened; may change as the world does (a DR take-over opens the backup site's listeners). */
  readonly listing: () => ReadonlyArray<RigListing>
  /** Closes every socket; in-flight sessions are dropped. */
  readonly close: () => Promise<void>
}

/** How an endpoint is started: registered once in twin/wire/endpoints.ts. */
export interface RigEndpointFactory {
  readonly service: string
  readonly start: (context: RigContext) => Promise<RigEndpoint>
}
