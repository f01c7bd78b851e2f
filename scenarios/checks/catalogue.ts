/**
 * Every check kind a scenario may name (`check: <kind>`), and the wirings some of them need in the run:
 * `added-latency` reads the latency sampler's `route.latency`, `executions-exactly-once` the execution
 * ledger's `ocg.executions`. A runner adds `checkWirings` to the systems it simulates. docs/checks.md is
 * the reference.
 */
import type { Wiring } from "../../twin/simulate/wiring.ts"
import { addedLatency } from "./added-latency.ts"
import type { AnyCheckKind } from "./check.ts"
import { cscNorthboundAvailable } from "./csc-northbound-available.ts"
import { ecpDeadlines } from "./ecp-deadlines.ts"
import { executionLedger } from "./execution-ledger.ts"
import { executionsExactlyOnce } from "./executions-exactly-once.ts"
import { health } from "./health.ts"
import { latencySampler } from "./latency-sampler.ts"
import { ocgSessionRecovery } from "./ocg-session-recovery.ts"
import { ocgThrottleRejects } from "./ocg-throttle-rejects.ts"
import { omdDualLineLoss } from "./omd-dual-line-loss.ts"
import { omdUnrecoveredGaps } from "./omd-unrecovered-gaps.ts"

const kinds: ReadonlyArray<AnyCheckKind> = [
  omdDualLineLoss,
  omdUnrecoveredGaps,
  ocgSessionRecovery,
  ocgThrottleRejects,
  executionsExactlyOnce,
  cscNorthboundAvailable,
  ecpDeadlines,
  addedLatency,
  health
]

export const checkCatalogue: ReadonlyMap<string, AnyCheckKind> = new Map(kinds.map((k) => [k.kind, k]))

/** What the checks read besides the models' own events. */
export const checkWirings: ReadonlyArray<Wiring> = [latencySampler, executionLedger]
