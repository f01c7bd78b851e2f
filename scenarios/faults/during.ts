/**
 * Scheduling a fault's effect over its window: set something at the start, put it back at the end. What is
 * put back is what was there when the fault started (not "healthy"), so a fault laid over an earlier
 * impairment of the same element leaves that impairment in place when it ends. Two faults that set the same
 * field of the same element and end in the other order than they started are not untangled [U].
 */
import type { LinkImpairment, NodeImpairment } from "../../twin/world/world-state.ts"
import type { FaultContext, FaultWindow } from "./fault.ts"

/** Runs `begin` at the window's start and `finish` at its end (never, if the fault lasts to the end of the run). */
export const during = (ctx: FaultContext, window: FaultWindow, begin: () => void, finish: () => void): void => {
  ctx.runtime.at(window.start, begin)
  if (window.end !== undefined) ctx.runtime.at(window.end, finish)
}

const fieldsOf = <T extends object>(value: T, keys: ReadonlyArray<keyof T>): Partial<T> => {
  const out: Partial<T> = {}
  for (const k of keys) out[k] = value[k]
  return out
}

/** `change` on `link` for the window, then the link's earlier values of those fields. */
export const impairLinkDuring = (ctx: FaultContext, window: FaultWindow, link: string, change: Partial<LinkImpairment>): void => {
  let before: Partial<LinkImpairment> = {}
  during(
    ctx,
    window,
    () => {
      before = fieldsOf(ctx.world.state.link(link), Object.keys(change) as Array<keyof LinkImpairment>)
      ctx.world.impairLink(link, change)
    },
    () => ctx.world.impairLink(link, before)
  )
}

/** `change` on `node` for the window, then the node's earlier values of those fields. */
export const impairNodeDuring = (ctx: FaultContext, window: FaultWindow, node: string, change: Partial<NodeImpairment>): void => {
  let before: Partial<NodeImpairment> = {}
  during(
    ctx,
    window,
    () => {
      before = fieldsOf(ctx.world.state.node(node), Object.keys(change) as Array<keyof NodeImpairment>)
      ctx.world.impairNode(node, change)
    },
    () => ctx.world.impairNode(node, before)
  )
}

/** Nodes down for the window (as one change), then each back to what it was. */
export const nodesDownDuring = (ctx: FaultContext, window: FaultWindow, nodes: ReadonlyArray<string>): void => {
  let wereDown = new Set<string>()
  during(
    ctx,
    window,
    () => {
      wereDown = new Set(nodes.filter((n) => ctx.world.state.nodesDown.has(n)))
      ctx.world.batch(() => {
        for (const n of nodes) if (!wereDown.has(n)) ctx.world.setNodeDown(n, true)
      })
    },
    () =>
      ctx.world.batch(() => {
        for (const n of nodes) if (!wereDown.has(n)) ctx.world.setNodeDown(n, false)
      })
  )
}
