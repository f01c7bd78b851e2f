/**
 * The simulation's instruments: wirings that change no model and write what the models keep in their state
 * (or what the estate's structure implies) into the trace, for the checks and reports to read — a check
 * never reads a model (scenarios/checks/check.ts). A scenario run installs every one of them, after the
 * systems and before the scenario's own wiring (scenarios/run.ts): that order is part of the trace, since
 * the latency sampler writes its first samples at the opening, before `scenario.start`. A bare
 * `twin simulate` installs none: its trace is what the models write.
 */
import type { Wiring } from "../wiring.ts"
import { executionLedger } from "./execution-ledger.ts"
import { latencySampler } from "./latency-sampler.ts"

export const instruments: ReadonlyArray<Wiring> = [latencySampler, executionLedger]
