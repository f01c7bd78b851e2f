/**
 * The path each flow member takes in a cutover state: to the nearest working target, as routes.ts routes
 * it (over one circuit to its PoP, then the least-latency way across the core on the member's plane; line A
 * on the first circuit, line B on the second, unicast over the fastest). Routes are cached per endpoint and
 * target, so this stays linear in participants.
 */
import type { EstateModel, FlowInstance } from "./model.ts"
import { type Core, coreOf, type CutoverState } from "./network.ts"
import { makeWorld } from "./reach.ts"
import { type Route, Router } from "./routes.ts"

export interface MemberPath {
  readonly member: string
  /** Node ids from the participant endpoint to the target, or empty when the member is unreachable. */
  readonly nodes: ReadonlyArray<string>
  readonly links: ReadonlyArray<string>
  readonly latencyUs: number
}

export interface FlowPaths {
  readonly flow: FlowInstance
  readonly members: ReadonlyArray<MemberPath>
}

export interface PathFinder {
  readonly core: Core
  readonly pathsOf: (flow: FlowInstance) => FlowPaths
  /**
   * The links `target`'s own traffic crosses to what it depends on (an OCG-C gateway to its OTP-C host, a
   * CCCG to its mainland link): per `dependsOn` group the route to its nearest working member, and on from
   * there to what that one depends on. A member served by `target` is cut when these are.
   */
  readonly dependencyLinksOf: (target: string) => ReadonlyArray<string>
}

/** Paths of flow members, routed by the same `Router` the live twin uses, with nothing out of service. */
export const pathFinder = (model: EstateModel, state: CutoverState): PathFinder => {
  const core = coreOf(model)
  const world = makeWorld(core, state)
  const router = new Router(model, { cutover: state, linksDown: new Set(), nodesDown: new Set() })

  const pathsOf = (flow: FlowInstance): FlowPaths => ({
    flow,
    members: flow.members.map((m): MemberPath => {
      let best: Route | undefined
      for (const target of m.targets) {
        const t = core.nodeIndex.get(target)
        // A target that does not work (closed until failover, cut off from what it depends on) has no path.
        if (t === undefined || world.working[t] !== 1) continue
        const route = router.route(flow.endpoint, target)
        if (route !== undefined && (best === undefined || route.latencyUs < best.latencyUs)) best = route
      }
      if (best === undefined) return { member: m.name, nodes: [], links: [], latencyUs: 0 }
      return {
        member: m.name,
        nodes: best.nodes.map((i) => model.nodes[i]!.id),
        links: best.hops.map((h) => model.links[h.link]!.id),
        latencyUs: best.latencyUs
      }
    })
  })
  const dependencyLinksOf = (target: string): ReadonlyArray<string> => {
    const links: Array<string> = []
    const seen = new Set<string>([target])
    const visit = (from: string): void => {
      for (const group of model.nodeById.get(from)?.dependsOn ?? []) {
        let best: { readonly to: string; readonly route: Route } | undefined
        for (const d of group) {
          const j = core.nodeIndex.get(d)
          if (j === undefined || world.working[j] !== 1) continue
          const route = router.route(from, d)
          if (route !== undefined && (best === undefined || route.latencyUs < best.route.latencyUs)) best = { to: d, route }
        }
        if (best === undefined) continue
        for (const h of best.route.hops) links.push(model.links[h.link]!.id)
        if (!seen.has(best.to)) {
          seen.add(best.to)
          visit(best.to)
        }
      }
    }
    visit(target)
    return links
  }
  return { core, pathsOf, dependencyLinksOf }
}
