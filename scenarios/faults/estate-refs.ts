/**
 * Checks that a fault's parameters name estate elements that exist (and are of a kind the fault can act
 * on), as `InputIssue`s whose paths are relative to the fault entry — `link`, `participants[2]` — so the
 * scenario loader can prefix them with the entry's own path.
 */
import { type InputIssue, issue } from "../../topology/input-issue.ts"
import type { EstateModel, ModelNode } from "../../topology/model.ts"
import { Schema } from "effect"

/** An estate id as written in a fault entry. */
export const ElementId = Schema.String.check(Schema.isMinLength(1, { expected: "an estate id" }))

const quoted = (id: string) => JSON.stringify(id)

export const checkLink = (model: EstateModel, path: string, link: string): ReadonlyArray<InputIssue> =>
  model.linkById.has(link) ? [] : [issue(path, "a link id of the estate (or a participant circuit id)", quoted(link))]

export const checkUnit = (model: EstateModel, path: string, unit: string): ReadonlyArray<InputIssue> =>
  model.file.cutoverUnits.some((u) => u.id === unit) ? [] : [issue(path, "a cutover unit id of the estate", quoted(unit))]

/** HKEX-side nodes (those written in the estate file), optionally only of `kinds`. */
export const checkNode = (
  model: EstateModel,
  path: string,
  node: string,
  kinds?: ReadonlyArray<ModelNode["kind"]>,
  what = "a node id of the estate"
): ReadonlyArray<InputIssue> => {
  const n = model.nodeById.get(node)
  if (n === undefined || n.participant !== undefined) return [issue(path, what, quoted(node))]
  if (kinds !== undefined && !kinds.includes(n.kind)) return [issue(path, `${what} (${kinds.join(", ")})`, `${quoted(node)}, a ${n.kind}`)]
  return []
}

/** Nodes that forward traffic and hold routing and multicast configuration. */
export const routingKinds: ReadonlyArray<ModelNode["kind"]> = ["core-router", "distribution-router", "access-router", "firewall", "carrier-pop"]

/** `{ link?, node? }` with exactly one of them set: issue at the entry itself otherwise. */
export const checkLinkOrNode = (
  model: EstateModel,
  target: { readonly link?: string; readonly node?: string },
  nodeKinds?: ReadonlyArray<ModelNode["kind"]>
): ReadonlyArray<InputIssue> => {
  if ((target.link === undefined) === (target.node === undefined)) {
    const got = target.link === undefined ? "neither" : "both"
    return [issue("", "either link: or node: (one of them)", got)]
  }
  return target.link !== undefined
    ? checkLink(model, "link", target.link)
    : checkNode(model, "node", target.node!, nodeKinds, "a routing node id of the estate")
}
