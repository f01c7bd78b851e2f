/**
 * Who is to blame for a piece of evidence: the fault or the cutover step behind what a check found.
 *
 * The rule (a heuristic, stated in docs/scenario-format.md): the fault active when the evidence starts —
 * or ended at most `AFTERMATH` before it, since protocols outlive their causes (a session reconnecting
 * 60 s after its gateway came back) — the most recently started one if several; otherwise the latest
 * cutover step (a move, a move back or a rollback) within `AFTERMATH` before it; otherwise nothing.
 * Evidence may start up to `LEAD` before its cause: a silent line is dated from when it was last heard
 * (a heartbeat or two before the fault that silenced it).
 */
import { formatTimeOfDay, type Micros, seconds } from "../twin/engine/time.ts"

export const AFTERMATH = seconds(600)
export const LEAD = seconds(10)

export interface Happening {
  readonly label: string
  readonly from: Micros
  /** Faults: when they end (undefined: still on); steps: undefined. */
  readonly to: Micros | undefined
  readonly fault: boolean
}

export class CauseIndex {
  private readonly happenings: Array<Happening> = []

  add(h: Happening): void {
    this.happenings.push(h)
  }

  causeOf(at: Micros): string | undefined {
    let best: Happening | undefined
    for (const h of this.happenings) {
      if (!h.fault || h.from > at + LEAD) continue
      if (h.to !== undefined && h.to + AFTERMATH < at) continue
      if (best === undefined || h.from > best.from) best = h
    }
    if (best !== undefined) return best.label
    for (const h of this.happenings) {
      if (h.fault || h.from > at + LEAD || at - h.from > AFTERMATH) continue
      if (best === undefined || h.from >= best.from) best = h
    }
    return best?.label
  }
}

export const stepLabel = (phase: string, at: Micros, what: string): string => `${phase} ${formatTimeOfDay(at)} ${what}`
