/**
 * What a check judged (`CheckResult.judged`): the things — channels, sessions, jobs, participants — it has
 * seen, each counted from the first event naming it. A verdict counts those first seen by the verdict's
 * time and inside the window, so an early verdict (a rollback watch) counts only what it could have seen.
 */
import type { Micros } from "../../twin/engine/time.ts"
import type { CheckContext } from "./check.ts"

export class Seen {
  private readonly first = new Map<string, Micros>()

  /** `key` was named at `t` (only its first time counts). */
  note(key: string, t: Micros): void {
    if (!this.first.has(key)) this.first.set(key, t)
  }

  has(key: string): boolean {
    return this.first.has(key)
  }

  /** How many were first seen by `now`, within the window's end. */
  countBy(now: Micros, window: CheckContext["window"]): number {
    const end = Math.min(now, window.to)
    let n = 0
    for (const t of this.first.values()) if (t <= end) n++
    return n
  }
}
