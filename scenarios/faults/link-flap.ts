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
    if (downUs < 1 || downUs >= period) found.push(issue("period", "a period long enough to be down and up in (at least 2us)", JSON.stringify(p.period)))
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
