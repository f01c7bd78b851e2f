/**
 * When the rig's OMD-C send queue counts the world as behind the clock, and so caps each of its turns
 * (send-queue.ts TURN_MS), leaving the thread to the world.
 *
 * A world on time lags by a tick (the live hub's 50 ms) and its cost, and a loaded machine's 1× world by a
 * few hundred ms at times: the rig's turns must not be capped then, or it would drop packets a 1× listener
 * needs. So the world is behind only when the instant it has reached was due over `BEHIND_MS` ago — unless
 * the rig is dropping packets anyway (some within the last `SHEDDING_MS`): it cannot follow this speed, the
 * wire has gaps whatever it sends, and the world comes first from two ticks late (`BEHIND_WHILE_SHEDDING_MS`).
 * At ×1000 the rig sheds ~99.9 % of its packets (docs/omd-wire.md "Pacing"); uncapped, its packets took
 * about a fifth of the serving thread while the world was a few hundred ms late (docs/live.md).
 */
export const BEHIND_MS = 1_000
export const BEHIND_WHILE_SHEDDING_MS = 100
export const SHEDDING_MS = 5_000

/** `lateMs`: wall ms since the instant the world has reached was due; `sinceDropMs`: since the rig last dropped a packet. */
export const worldBehind = (lateMs: number, sinceDropMs: number): boolean =>
  lateMs > (sinceDropMs < SHEDDING_MS ? BEHIND_WHILE_SHEDDING_MS : BEHIND_MS)
