/**
 * A drill ready to run: its scenario (the hidden script is `scenario.faults`, drawn already), the briefing,
 * the incident the time targets count from, and the expectations, every reference checked. Built by
 * load-drill.ts from a drill file.
 */
import type { DrillActionKind } from "../../twin/contract/drill-protocol.ts"
import type { Service } from "../../twin/contract/services.ts"
import type { Micros } from "../../twin/engine/time.ts"
import type { Scenario } from "../scenario.ts"

export interface ExpectedAction {
  readonly action: DrillActionKind
  readonly target: string
  /** After the incident starts. */
  readonly within: Micros
}

export interface Drill {
  /** The file's name without folder and extension. */
  readonly id: string
  readonly file: string
  readonly name: string
  readonly briefing: string
  readonly scenario: Scenario
  /** The scripted fault the targets count from, and its start. */
  readonly incident: { readonly fault: string; readonly at: Micros }
  readonly diagnosis: {
    readonly element: string
    /** Every element whose naming is right (`element` first). */
    readonly elements: ReadonlyArray<string>
    readonly fault: string
    readonly services: ReadonlyArray<Service>
    /** `affected`: those the ideal response's run shows affected. */
    readonly participants: "affected" | ReadonlyArray<string>
    readonly within: Micros
  }
  readonly actions: ReadonlyArray<ExpectedAction>
}
