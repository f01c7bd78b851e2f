/**
 * `compound`: two or more faults over the same window — the correlated double faults that real incidents
 * are made of (both UPSes at once, DOMAIN §6). Members are written like fault entries without `id`, `at`,
 * `for` or `draw` (they share the compound's window): `{ kind: link-down, link: … }`.
 *
 * The members' kinds come from the catalogue, which itself lists `compound`: to keep the modules free of an
 * import cycle, this module exports a factory that takes the catalogue lookup, and catalogue.ts builds the
 * kind with a lookup into its own map (read only when a scenario is resolved, after both modules loaded).
 * A compound inside a compound is refused.
 */
import { Result, Schema } from "effect"
import { fromSchemaIssue, type InputIssue, issue } from "../../topology/input-issue.ts"
import type { EstateModel } from "../../topology/model.ts"
import { type AnyFaultKind, type FaultKind, harmBegins } from "./fault.ts"

const Member = Schema.StructWithRest(Schema.Struct({ kind: Schema.String }), [Schema.Record(Schema.String, Schema.Unknown)])

export const CompoundParams = Schema.Struct({
  faults: Schema.Array(Member).check(Schema.isMinLength(2, { expected: "at least two faults" }))
})
export type CompoundParams = typeof CompoundParams.Type

/** Keys a member may not have: the compound's own window and identity apply. */
const windowKeys = ["id", "at", "for", "draw"] as const
const parseOptions = { errors: "all", onExcessProperty: "error" } as const

interface Resolved {
  readonly kind: AnyFaultKind
  readonly params: unknown
}

export const makeCompound = (lookup: (kind: string) => AnyFaultKind | undefined): FaultKind<CompoundParams> => {
  /** Each member's kind and decoded params, or the issues (paths relative to the compound entry). */
  const resolve = (p: CompoundParams, model: EstateModel | undefined): { members: Array<Resolved>; issues: Array<InputIssue> } => {
    const members: Array<Resolved> = []
    const issues: Array<InputIssue> = []
    p.faults.forEach((entry, i) => {
      const at = `faults[${i}]`
      const prefix = (found: ReadonlyArray<InputIssue>) => found.map((x) => issue(x.path === "" ? at : `${at}.${x.path}`, x.expected, x.got))
      const kind = entry.kind === "compound" ? undefined : lookup(entry.kind)
      if (kind === undefined) {
        const expected = entry.kind === "compound" ? "a fault kind other than compound" : "a fault kind of the catalogue"
        issues.push(issue(`${at}.kind`, expected, JSON.stringify(entry.kind)))
        return
      }
      for (const k of windowKeys) {
        if (k in entry) issues.push(issue(`${at}.${k}`, "no such field (members share the compound's window)", JSON.stringify(entry[k])))
      }
      const raw = Object.fromEntries(Object.entries(entry).filter(([k]) => k !== "kind" && !(windowKeys as ReadonlyArray<string>).includes(k)))
      const decoded = Schema.decodeUnknownResult(kind.params)(raw, parseOptions)
      if (Result.isFailure(decoded)) {
        issues.push(...prefix(fromSchemaIssue(decoded.failure.issue, raw)))
        return
      }
      if (model !== undefined) {
        const found = kind.validate(decoded.success, model)
        if (found.length > 0) return void issues.push(...prefix(found))
      }
      members.push({ kind, params: decoded.success })
    })
    return { members, issues }
  }

  return {
    kind: "compound",
    description: "Two or more faults (`faults:` entries with their kind and parameters) over the same window.",
    params: CompoundParams,
    validate: (p, model) => resolve(p, model).issues,
    targets: (p, model) => [...new Set(resolve(p, model).members.flatMap((m) => m.kind.targets(m.params, model)))],
    schedule: (p, ctx, window) => {
      const { members, issues } = resolve(p, ctx.model)
      if (issues.length > 0) throw new Error(`compound fault ${ctx.id} was not validated: ${issues.map((x) => `${x.path}: expected ${x.expected}, got ${x.got}`).join("; ")}`)
      members.forEach((m, i) => m.kind.schedule(m.params, { ...ctx, id: `${ctx.id}/${i + 1}` }, window))
    },
    // The compound harms from its first member's harm.
    harmsFrom: (p, window, steps) => {
      const starts = resolve(p, undefined).members.flatMap((m) => harmBegins({ ...m, start: window.start, end: window.end }, steps) ?? [])
      return starts.length === 0 ? undefined : Math.min(...starts)
    }
  }
}
