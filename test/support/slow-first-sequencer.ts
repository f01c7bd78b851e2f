/**
 * The order test files start in: the long ones first, so that with several files at a time (vitest.config.ts
 * maxWorkers) no long file starts last and runs alone at the end.
 *
 * vitest orders by each file's duration in its last run's cache (node_modules/.vite/vitest), which a clean
 * clone — CI — does not have: it then starts the largest files first, and the longest file of all
 * (market-rehearsal.test.ts, a whole simulated day) is one of the smallest. So the files that took longest
 * (seconds, one at a time on the 2-core CI machine, 2026-12-05) start first, in this order; the rest follow
 * in vitest's own order.
 */
import { BaseSequencer, type TestSpecification } from "vitest/node"

export const LONGEST_FIRST: ReadonlyArray<string> = [
  "test/twin/wire/ocg/relay.test.ts", // ~70, measured alone (the OCG-C relay's jspurefix tests, added after)
  "test/twin/parallel/cluster.test.ts", // 67.5
  "test/twin/wire/ocg/drill.test.ts", // 58.6
  "test/twin/wire/ocg/broker-session.test.ts", // 58.3
  "test/scenarios/library/market-rehearsal.test.ts", // 46.1
  "test/twin/serve/drill/drill-over-websocket.test.ts", // 32.4
  "test/twin/cli/consistency.test.ts", // 31.3
  "test/twin/wire/omd/rig/listen-e2e.test.ts", // 31.1
  "test/scenarios/library/rehearsals.test.ts", // 25.9
  "test/scenarios/library/drills-in-phases.test.ts", // 24.7
  "test/scenarios/library/cutover-rehearsal.test.ts", // 24.1
  "test/scenarios/drill/library.test.ts", // 23.3
  "test/scenarios/library/drills-on-trading-day.test.ts", // 23.3
  "test/scenarios/library/cutover-plan.test.ts", // 22.5
  "test/twin/wire/ecp/sftp-wire.test.ts", // 19.7
  "test/twin/cli.test.ts", // 17.4
  "test/twin/serve/drill/drill-browser.test.ts", // 17.0
  "test/twin/cli/run.test.ts" // 15.1
]

/** `items` (files by their absolute path `pathOf`) with the LONGEST_FIRST ones first in its order, the rest after in theirs. */
export const slowFirst = <T>(items: ReadonlyArray<T>, pathOf: (item: T) => string): Array<T> => {
  const rank = (item: T): number => {
    const i = LONGEST_FIRST.findIndex((f) => pathOf(item).endsWith(`/${f}`))
    return i < 0 ? LONGEST_FIRST.length : i
  }
  // Array.prototype.sort is stable: equal ranks (the files not listed) keep their order.
  return items.map((item) => ({ item, r: rank(item) })).sort((a, b) => a.r - b.r).map((x) => x.item)
}

export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: Array<TestSpecification>): Promise<Array<TestSpecification>> {
    return slowFirst(await super.sort(files), (spec) => spec.moduleId)
  }
}
