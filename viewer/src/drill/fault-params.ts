/**
 * How the instructor's "add fault" form asks for each parameter of a fault kind (docs/faults.md, the
 * catalogue): an element of the estate, a duration, a number, one of a few words, a yes/no. The server's
 * welcome lists each kind's parameter names; the names say what they take. A name not known here is asked
 * as plain text and checked by the server, whose errors name the field (`fault.percent: …`).
 */
import type { ElementKind } from "./element-options.ts"

export type ParamField =
  | { readonly type: "element"; readonly kinds: ReadonlyArray<ElementKind> }
  | { readonly type: "elements"; readonly kind: ElementKind }
  | { readonly type: "duration"; readonly example: string }
  | { readonly type: "number"; readonly min: number; readonly max: number; readonly step: string }
  | { readonly type: "choice"; readonly choices: ReadonlyArray<string> }
  | { readonly type: "flag" }
  | { readonly type: "text" }

/** Service ports a firewall rule can drop (docs/faults.md, "Ports"). */
const PORTS = ["ocg", "lookup", "otp", "cccg", "mainland", "omd", "refresh", "rts", "sftp"]

/** Kinds taking a link OR a node: the form asks for one element of either and sends the right field. */
const LINK_OR_NODE = new Set(["multicast-not-forwarded", "firewall-port-blocked"])

export const paramField = (kind: string, param: string): ParamField => {
  if (LINK_OR_NODE.has(kind) && (param === "link" || param === "node")) return { type: "element", kinds: ["link", "node"] }
  switch (param) {
    case "link":
      return { type: "element", kinds: ["link"] }
    case "node":
      return { type: "element", kinds: ["node"] }
    case "site":
      return { type: "element", kinds: ["site"] }
    case "carrier":
      return { type: "element", kinds: ["carrier"] }
    case "unit":
      return { type: "element", kinds: ["unit"] }
    case "participants":
      return { type: "elements", kind: "participant" }
    case "period":
    case "added":
    case "jitter":
    case "skew":
    case "drAfter":
      return { type: "duration", example: param === "skew" || param === "jitter" ? "50ms" : param === "drAfter" ? "2m" : "30s" }
    case "duty":
      return { type: "number", min: 0, max: 1, step: "0.05" }
    case "percent":
      return { type: "number", min: 0, max: 100, step: "any" }
    case "mtu":
      return { type: "number", min: 576, max: 9216, step: "1" }
    case "mbps":
      return { type: "number", min: 1, max: 400000, step: "any" }
    case "port":
      return { type: "choice", choices: PORTS }
    case "direction":
      return { type: "choice", choices: kind === "publisher-clock-skew" ? ["ahead", "behind"] : ["forward", "reverse"] }
    case "dr":
      return { type: "flag" }
    default:
      return { type: "text" }
  }
}

/** Kinds the form offers: a compound needs a list of faults, which a pick list cannot say. */
export const formKinds = <K extends { readonly kind: string }>(kinds: ReadonlyArray<K>): Array<K> => kinds.filter((k) => k.kind !== "compound")

/** The parameter fields of a kind, with a link-or-node pair asked once (under the first of the two names). */
export const formParams = (kind: string, params: ReadonlyArray<string>): Array<{ name: string; field: ParamField }> => {
  const out: Array<{ name: string; field: ParamField }> = []
  for (const name of params) {
    if (LINK_OR_NODE.has(kind) && name === "node" && params.includes("link")) continue
    out.push({ name: LINK_OR_NODE.has(kind) && name === "link" ? "element" : name, field: paramField(kind, name) })
  }
  return out
}
