/**
 * Every check kind a scenario may name (`check: <kind>`). docs/checks.md is the reference. Checks read only
 * the trace: what some of them read is written by the simulation's instruments (twin/simulate/instruments/:
 * `added-latency` reads the latency sampler's `route.latency`, `executions-exactly-once` the execution
 * ledger's `ocg.executions`), which every scenario run installs (scenarios/run.ts).
 */
import { addedLatency } from "./added-latency.ts"
import type { AnyCheckKind } from "./check.ts"
import { cscNorthboundAvailable } from "./csc-northbound-available.ts"
import { cscOrderAcks } from "./csc-order-acks.ts"
import { ecpDeadlines } from "./ecp-deadlines.ts"
import { executionsExactlyOnce } from "./executions-exactly-once.ts"
import { health } from "./health.ts"
import { ocgOrderAcks } from "./ocg-order-acks.ts"
import { ocgSessionRecovery } from "./ocg-session-recovery.ts"
import { ocgThrottleRejects } from "./ocg-throttle-rejects.ts"
import { omdDualLineLoss } from "./omd-dual-line-loss.ts"
import { omdUnrecoveredGaps } from "./omd-unrecovered-gaps.ts"

const kinds: ReadonlyArray<AnyCheckKind> = [
  omdDualLineLoss,
  omdUnrecoveredGaps,
  ocgSessionRecovery,
  ocgThrottleRejects,
  ocgOrderAcks,
  executionsExactlyOnce,
  cscNorthboundAvailable,
  cscOrderAcks,
  ecpDeadlines,
  addedLatency,
  health
]

export const checkCatalogue: ReadonlyMap<string, AnyCheckKind> = new Map(kinds.map((k) => [k.kind, k]))
