/**
 * `link-flap`: a link goes down and up again every `period` through the window, down for `duty` of each
 * period (a failing optic, an unstable carrier). Each change is a world change, so routing chases the
 * flaps with its convergence delay — which is what makes flapping worse than a clean failure.
 *
 * The cycles are scheduled one at a time (each down schedules the next), so a fault lasting to the end of
 * the run schedules nothing past it.
 */
import { Schema } from "effect"
import { issue } from "../../topology/input-issue.ts"
import { Duration, durationMicros } from "../format/duration.ts"
import { checkLink, ElementId } from "./estate-refs.ts"
import { WorldChange } from "../../twin/world/world-change.ts"
import type { FaultKind } from "./fault.ts"

const MIN_PHASE_MS = 100
const MIN_PHASE_US = MIN_PHASE_MS * 1000

export const LinkFlapParams = Schema.Struct({
  link: ElementId,
  /** One down-and-up cycle, e.g. "10s". */
  period: Duration,
  /** Share of each period the link is down, between 0 and 1 (default 0.5). */
  duty: Schema.optionalKey(
    Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 1, exclusiveMinimum: true, exclusiveMaximum: true }, { expected: "a share between 0 and 1" }))
  )
})
export type LinkFlapParams = typeof LinkFlapParams.Type

export const linkFlap: FaultKind<LinkFlapParams> = {
  kind: "link-flap",
  description: "The link is down for `duty` (default 0.5) of every `period`, starting down, through the window; up at its end.",
  params: LinkFlapParams,
  validate: (p, model) => {
    const found = [...checkLink(model, "link", p.link)]
    const period = durationMicros(p.period)
    const downUs = Math.round(period * (p.duty ?? 0.5))
    // Issue 17, item 7: a flap of microseconds makes one simulated second hours of work and freezes a live
    // drill. A link down or up for less than MIN_PHASE is loss, not a flap: `link-loss` models it.
    if (downUs < MIN_PHASE_US || period - downUs < MIN_PHASE_US) {
      found.push(issue("period", `a period whose down and up parts are each at least ${MIN_PHASE_MS} ms (faster is loss: link-loss)`, `${JSON.stringify(p.period)} at duty ${p.duty ?? 0.5}`))
    }
    return found
  },
  targets: (p) => [p.link],
  schedule: (p, { runtime, world }, { start, end }) => {
    const period = durationMicros(p.period)
    const downUs = Math.round(period * (p.duty ?? 0.5))
    const wasDown = () => world.state.link(p.link).down
    let before = false
    const cycle = (t: number): void => {
      world.apply(WorldChange.linkDown(p.link, true))
      const upAt = t + downUs
      if (end === undefined || upAt < end) runtime.at(upAt, () => world.apply(WorldChange.linkDown(p.link, false)))
      const next = t + period
      if (end === undefined || next < end) runtime.at(next, () => cycle(next))
    }
    runtime.at(start, () => {
      before = wasDown()
      cycle(start)
    })
    if (end !== undefined) runtime.at(end, () => {
      if (wasDown() !== before) world.apply(WorldChange.linkDown(p.link, before))
    })
  }
}
