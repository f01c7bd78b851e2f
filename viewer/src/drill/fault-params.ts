/**
 * How the instructor's "add fault" form asks for each parameter of a fault kind (docs/faults.md, the
 * catalogue): the server's pick list gives each parameter's name and kind (`link`, `node`, `site`,
 * `carrier`, `unit`, `duration`, `number`, `port`, …); this says which field asks for it. A kind not known
 * here is asked as plain text and checked by the server, whose errors name the field (`fault.percent: …`).
 */
import type { ElementKind } from "./element-options.ts"

export type ParamField =
  | { readonly type: "element"; readonly kinds: ReadonlyArray<ElementKind> }
  | { readonly type: "elements"; readonly kind: ElementKind }
  | { readonly type: "duration" }
  | { readonly type: "number" }
  | { readonly type: "choice"; readonly choices: ReadonlyArray<string> }
  | { readonly type: "flag" }
  | { readonly type: "text" }

export interface ParamPick {
  readonly name: string
  readonly kind: string
  readonly optional: boolean
}

/** Service ports a firewall rule can drop (docs/faults.md, "Ports"). */
const PORTS = ["ocg", "lookup", "otp", "cccg", "mainland", "omd", "refresh", "rts", "sftp"]
/** A `direction`'s words (docs/faults.md): a clock runs ahead or behind, a blackhole drops one way of a link. */
const directions = (kind: string): ReadonlyArray<string> => (kind === "publisher-clock-skew" ? ["ahead", "behind"] : ["forward", "reverse"])
const ELEMENTS = new Set<string>(["link", "node", "site", "carrier", "unit"])

export const paramField = (p: ParamPick, faultKind: string): ParamField => {
  if (ELEMENTS.has(p.kind)) return { type: "element", kinds: [p.kind as ElementKind] }
  switch (p.kind) {
    case "participants":
    case "participant-list":
      return { type: "elements", kind: "participant" }
    case "duration":
      return { type: "duration" }
    case "number":
      return { type: "number" }
    case "port":
      return { type: "choice", choices: PORTS }
    case "direction":
      return { type: "choice", choices: directions(faultKind) }
    case "boolean":
    case "flag":
      return { type: "flag" }
  }
  if (p.name === "participants") return { type: "elements", kind: "participant" }
  return { type: "text" }
}

/** Kinds the form offers: a compound needs a list of faults, which a pick list cannot say. */
export const formKinds = <K extends { readonly kind: string }>(kinds: ReadonlyArray<K>): Array<K> => kinds.filter((k) => k.kind !== "compound")

export interface FormParam {
  /** The parameter's name; `element` for a link-or-node pair, sent under the chosen element's kind. */
  readonly name: string
  readonly label: string
  readonly optional: boolean
  readonly field: ParamField
}

/**
 * The fields of a kind's parameters. A kind taking an optional `link` and an optional `node` (one of the
 * two: multicast-not-forwarded, firewall-port-blocked) gets one field for "link or node".
 */
export const formParams = (faultKind: string, params: ReadonlyArray<ParamPick>): Array<FormParam> => {
  const link = params.find((p) => p.name === "link" && p.kind === "link")
  const node = params.find((p) => p.name === "node" && p.kind === "node")
  const either = link !== undefined && node !== undefined && link.optional && node.optional
  const out: Array<FormParam> = []
  for (const p of params) {
    if (either && p === node) continue
    if (either && p === link) out.push({ name: "element", label: "link or node", optional: false, field: { type: "element", kinds: ["link", "node"] } })
    else out.push({ name: p.name, label: p.optional ? `${p.name} (optional)` : p.name, optional: p.optional, field: paramField(p, faultKind) })
  }
  return out
}
