/**
 * Kernel throughput: events per second of the binary-heap scheduler in a steady state where every event
 * schedules its successor (a heap of `live` pending events), as a simulation does.
 */
import { Scheduler } from "../twin/engine/scheduler.ts"

export const benchKernel = (events: number, live: number): { eventsPerSecond: number; ms: number } => {
  const s = new Scheduler<undefined>()
  let x = 7
  const next = () => {
    x = (x * 1103515245 + 12345) & 0x7fffffff
    return 1 + (x % 1000)
  }
  for (let i = 0; i < live; i++) s.schedule(next(), i, 0)
  let remaining = events
  const t0 = performance.now()
  s.runUntil(Number.MAX_SAFE_INTEGER, (target) => {
    if (--remaining > 0) s.schedule(s.now + next(), target, 0)
  })
  const ms = performance.now() - t0
  return { eventsPerSecond: (events + live - 1) / (ms / 1000), ms }
}

export const renderKernelBench = (): string => {
  const lines = ["kernel: scheduler events per second (each event schedules the next; one core)", "| pending events | events | ms | events/s |", "|---:|---:|---:|---:|"]
  benchKernel(200_000, 1_000) // warm-up
  for (const live of [100, 10_000, 100_000]) {
    const r = benchKernel(2_000_000, live)
    lines.push(`| ${live.toLocaleString("en")} | 2,000,000 | ${r.ms.toFixed(0)} | ${Math.round(r.eventsPerSecond).toLocaleString("en")} |`)
  }
  lines.push("target: ≥ 1,000,000 events/s")
  return lines.join("\n")
}
