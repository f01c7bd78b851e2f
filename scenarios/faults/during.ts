/**
 * Scheduling a fault's effect over its window: set something at the start, put it back at the end. What is
 * put back is what was there when the fault started (not "healthy"), so a fault laid over an earlier
 * impairment of the same element leaves that impairment in place when it ends. Two faults that set the same
 * field of the same element and end in the other order than they started are not untangled [U].
 */
import { restoring, WorldChange } from "../../twin/world/world-change.ts"
import type { FaultContext, FaultWindow } from "./fault.ts"

/** Runs `begin` at the window's start and `finish` at its end (never, if the fault lasts to the end of the run). */
export const during = (ctx: FaultContext, window: FaultWindow, begin: () => void, finish: () => void): void => {
  ctx.runtime.at(window.start, begin)
  if (window.end !== undefined) ctx.runtime.at(window.end, finish)
}

/** `change` for the window, then what the element had for it when the window started. */
export const changeDuring = (ctx: FaultContext, window: FaultWindow, change: WorldChange): void => {
  let before = change
  during(
    ctx,
    window,
    () => {
      before = restoring(change, ctx.world.state)
      ctx.world.apply(change)
    },
    () => ctx.world.apply(before)
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
        for (const n of nodes) if (!wereDown.has(n)) ctx.world.apply(WorldChange.nodeDown(n, true))
      })
    },
    () =>
      ctx.world.batch(() => {
        for (const n of nodes) if (!wereDown.has(n)) ctx.world.apply(WorldChange.nodeDown(n, false))
      })
  )
}
