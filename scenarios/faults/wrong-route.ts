/**
 * `wrong-route`: routing keeps a cutover unit's traffic on the side it was on when the fault started — a
 * static route or a stale redistribution left behind by a cutover. Move the unit during the fault (a
 * scenario step) and the physical network changes while routing keeps sending its traffic the old way, now
 * dark: that traffic is lost until the fault ends and routing converges on the unit's real side.
 */
import { Schema } from "effect"
import { during } from "./during.ts"
import { checkUnit, ElementId } from "./estate-refs.ts"
import { WorldChange } from "../../twin/world/world-change.ts"
import type { FaultKind } from "./fault.ts"

export const WrongRouteParams = Schema.Struct({ unit: ElementId })
export type WrongRouteParams = typeof WrongRouteParams.Type

export const wrongRoute: FaultKind<WrongRouteParams> = {
  kind: "wrong-route",
  description: "Routing holds a cutover unit at its side at the start; if the unit moves meanwhile, its traffic goes the old (dark) way until the end.",
  params: WrongRouteParams,
  validate: (p, model) => checkUnit(model, "unit", p.unit),
  targets: (p) => [p.unit],
  schedule: (p, ctx, window) =>
    during(ctx, window, () => ctx.world.apply(WorldChange.routingHold(p.unit, true)), () => ctx.world.apply(WorldChange.routingHold(p.unit, false))),
  // Held routing is harmless until the unit moves: the first step inside the window that moves it either way.
  harmsFrom: (p, window, steps) => {
    const moving = steps.filter(
      (s) => s.at >= window.start && (window.end === undefined || s.at < window.end) && (s.move.includes(p.unit) || s.back.includes(p.unit))
    )
    return moving.length === 0 ? undefined : Math.min(...moving.map((s) => s.at))
  }
}
