/**
 * `carrier-circuit-loss`: a carrier loses its participant circuits (a core outage at the carrier, a cut
 * duct): every circuit of that carrier is down — or only those of the `participants` listed (a regional
 * outage). Participants with a circuit on the other carrier fail over to it after the convergence delay;
 * single-homed ones are cut off.
 */
import { Schema } from "effect"
import { type InputIssue, issue } from "../../topology/input-issue.ts"
import type { EstateModel } from "../../topology/model.ts"
import { during } from "./during.ts"
import { ElementId } from "./estate-refs.ts"
import { WorldChange } from "../../twin/world/world-change.ts"
import type { FaultKind } from "./fault.ts"

export const CarrierCircuitLossParams = Schema.Struct({
  /** The carrier's site id, e.g. `carrier-a`. */
  carrier: ElementId,
  /** Only these participants' circuits of the carrier (default: every participant's). */
  participants: Schema.optionalKey(Schema.Array(ElementId))
})
export type CarrierCircuitLossParams = typeof CarrierCircuitLossParams.Type

/** The circuits the fault takes down, in file order. */
export const circuitsOf = (model: EstateModel, p: CarrierCircuitLossParams): ReadonlyArray<string> => {
  const only = p.participants === undefined ? undefined : new Set(p.participants)
  return model.file.participants.flatMap((x) =>
    only !== undefined && !only.has(x.id) ? [] : x.circuits.filter((c) => c.carrier === p.carrier).map((c) => c.id)
  )
}

export const carrierCircuitLoss: FaultKind<CarrierCircuitLossParams> = {
  kind: "carrier-circuit-loss",
  description: "Every participant circuit of a carrier (or of the `participants` listed) is down for the window.",
  params: CarrierCircuitLossParams,
  validate: (p, model) => {
    if (!model.file.sites.some((s) => s.id === p.carrier && s.kind === "carrier")) {
      return [issue("carrier", "a carrier site id of the estate", JSON.stringify(p.carrier))]
    }
    const found: Array<InputIssue> = []
    p.participants?.forEach((id, i) => {
      const x = model.participantById.get(id)
      if (x === undefined) found.push(issue(`participants[${i}]`, "a participant id of the estate", JSON.stringify(id)))
      else if (!x.circuits.some((c) => c.carrier === p.carrier)) {
        found.push(issue(`participants[${i}]`, `a participant with a circuit of ${p.carrier}`, JSON.stringify(id)))
      }
    })
    return found
  },
  targets: (p, model) => circuitsOf(model, p),
  schedule: (p, ctx, window) => {
    const circuits = circuitsOf(ctx.model, p)
    let wereDown = new Set<string>()
    during(
      ctx,
      window,
      () => {
        wereDown = new Set(circuits.filter((c) => ctx.world.state.link(c).down))
        ctx.world.batch(() => {
          for (const c of circuits) if (!wereDown.has(c)) ctx.world.apply(WorldChange.linkDown(c, true))
        })
      },
      () =>
        ctx.world.batch(() => {
          for (const c of circuits) if (!wereDown.has(c)) ctx.world.apply(WorldChange.linkDown(c, false))
        })
    )
  }
}
