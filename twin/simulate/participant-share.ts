/**
 * A share of the estate's participants: every `of`-th one from the `k`-th, in the estate's order. A run
 * that splits the trading path by participants (parts.ts `partsFor`) gives each trading part one share:
 * its BSSs, and the health of its participants; every part wires all the gateways, Lookup Services and
 * hosts, each serving only its share's sessions.
 */
export interface ParticipantShare {
  readonly k: number
  readonly of: number
}

/** The participants of `share` (all of them without one). */
export const inShare = <P>(participants: ReadonlyArray<P>, share: ParticipantShare | undefined): ReadonlyArray<P> =>
  share === undefined ? participants : participants.filter((_, i) => i % share.of === share.k)
