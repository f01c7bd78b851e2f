/**
 * Observers a live rig hangs on a simulated world (twin/rig): what the models do not write to the trace
 * but a real endpoint must reproduce — e.g. which OMD packets reached a participant on line A.
 *
 * A tap is read, never written back: it changes no state, draws no number and emits nothing, so a trace is
 * byte-identical with a tap set or not. Off by default: a world built without `taps` (every `twin simulate`,
 * `twin run`) wraps nothing; a world built with a `SimulationTaps` (the live session) reads one field per
 * feed-handler step while it is unset.
 */
import type { Micros } from "../engine/time.ts"
import type { RelayedToClient } from "../models/ocg/real-client.ts"
import type { OmdMessage } from "../models/omd/messages.ts"

/** One OMD message arriving at a participant's feed handler (a cohort's machine, wire-omd.ts). */
export interface OmdArrival {
  /** Virtual instant of arrival at the feed handler. */
  readonly at: Micros
  /** The participants the feed handler stands for at this instant (its cohort's members, cohort.ts). */
  readonly participants: ReadonlyArray<string>
  /**
   * Machine id of the sender: a publisher `NODE/GROUP` (a DR take-over changes the node: publisher
   * switch), a refresh publisher `NODE/GROUP`, a DR channel publisher `NODE/DR`, an RTS server.
   */
  readonly from: string
  readonly message: OmdMessage
  /** For a multicast carrying a sequence range: the numbers lost on the way (net.lostInRange), sorted. */
  readonly lost: ReadonlyArray<number>
}

export type OmdObserver = (arrival: OmdArrival) => void

/**
 * What the model's OCG-C gateway said to a real FIX client's stand-in (twin/models/ocg/real-client.ts) that
 * the endpoint writes to the client, at the virtual instant the stand-in handled it.
 */
export interface OcgRelayArrival {
  readonly at: Micros
  readonly compId: string
  readonly relayed: ReadonlyArray<RelayedToClient>
}

export type OcgRelayObserver = (arrival: OcgRelayArrival) => void

/** The taps of one world; set a field to start observing (from then on). */
export class SimulationTaps {
  omd: OmdObserver | undefined = undefined
  /** The OCG-C relay (twin/wire/ocg/): read only where real sessions are wired (wire-ocg.ts). */
  ocg: OcgRelayObserver | undefined = undefined
}
