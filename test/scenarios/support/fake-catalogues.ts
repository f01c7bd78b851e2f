/**
 * Small stand-in fault and check kinds, so the scenario engine's own rules (resolution, phases, rollback,
 * cause attribution) are tested apart from the real catalogues.
 */
import { Schema } from "effect"
import { issue } from "../../../topology/input-issue.ts"
import type { AnyCheckKind, CheckKind, Evidence } from "../../../scenarios/checks/check.ts"
import type { AnyFaultKind, FaultKind } from "../../../scenarios/faults/fault.ts"
import type { Catalogues } from "../../../scenarios/scenario.ts"
import { WorldChange } from "../../../twin/world/world-change.ts"

const linkDown: FaultKind<{ readonly link: string }> = {
  kind: "link-down",
  description: "a link down",
  params: Schema.Struct({ link: Schema.String }),
  validate: (p, model) => (model.links.some((l) => l.id === p.link) ? [] : [issue("link", "a link of the estate", JSON.stringify(p.link))]),
  targets: (p) => [p.link],
  schedule: (p, ctx, w) => {
    ctx.runtime.at(w.start, () => ctx.world.apply(WorldChange.linkDown(p.link, true)))
    if (w.end !== undefined) ctx.runtime.at(w.end, () => ctx.world.apply(WorldChange.linkDown(p.link, false)))
  }
}

/** Fails while any `world.change` of `subject` with `down: true` was seen in the window and not undone. */
const linkStaysUp: CheckKind<{ readonly link: string }> = {
  kind: "link-stays-up",
  description: "a link is never down",
  params: Schema.Struct({ link: Schema.String }),
  validate: () => [],
  make: (p, ctx) => {
    const spells: Array<Evidence> = []
    let downSince: number | undefined
    return {
      observe: (e) => {
        if (e.kind !== "world.change" || e.subject !== p.link || e.data.what !== "link") return
        if (e.data.down === true && downSince === undefined) downSince = e.t
        if (e.data.down === false && downSince !== undefined) {
          if (e.t > ctx.window.from) spells.push({ subject: p.link, from: Math.max(downSince, ctx.window.from), to: e.t, detail: "down" })
          downSince = undefined
        }
      },
      verdict: (now) => {
        const open = downSince === undefined || downSince > now ? [] : [{ subject: p.link, from: Math.max(downSince, ctx.window.from), detail: "down" }]
        const evidence = [...spells.filter((s) => s.from <= now), ...open]
        return { verdict: evidence.length === 0 ? "pass" : "fail", summary: `${evidence.length} spell(s) down`, evidence, judged: 1 }
      }
    }
  }
}

export const fakeCatalogues: Catalogues = {
  faults: new Map<string, AnyFaultKind>([["link-down", linkDown]]),
  checks: new Map<string, AnyCheckKind>([["link-stays-up", linkStaysUp]])
}
