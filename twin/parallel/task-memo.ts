/**
 * What a lane that runs tasks keeps between them (the parsed estate, a health table per estate, a plan's
 * starting state): memo tables that live as long as the lane, not the process. Each executor layer makes
 * one `TaskMemo` for the calling thread's lane when it is built and clears it when its scope closes; each
 * worker thread has its own, ended with the thread (executor.ts, worker-entry.ts). So nothing a sweep or
 * plan search cached outlives the command — a second command in the same process (tests, a long-lived
 * host) reads its files afresh.
 *
 * A table is declared once, at module level, as a typed token (`new MemoTable<StateHealth>()`); the token
 * holds nothing itself: its entries belong to the memo they were made in.
 */

/** The tables of one lane; handed to every task the lane runs. */
export class TaskMemo {
  private readonly clearers: Array<() => void> = []

  /** @internal the table behind `token` in this memo (MemoTable.of) */
  register(clear: () => void): void {
    this.clearers.push(clear)
  }

  /** Drops every entry (the lane's scope closed). */
  clear(): void {
    for (const clear of this.clearers) clear()
  }
}

/** A memo table of `V` by string key, declared once and kept per `TaskMemo`. */
export class MemoTable<V> {
  private readonly byMemo = new WeakMap<TaskMemo, Map<string, V>>()

  /** `key`'s value in `memo`, made by `make` the first time this memo is asked. */
  get(memo: TaskMemo, key: string, make: () => V): V {
    const table = this.tableOf(memo)
    let found = table.get(key)
    if (found === undefined) table.set(key, (found = make()))
    return found
  }

  /** Sets `key` unless `memo` has it already. */
  offer(memo: TaskMemo, key: string, value: V): void {
    const table = this.tableOf(memo)
    if (!table.has(key)) table.set(key, value)
  }

  private tableOf(memo: TaskMemo): Map<string, V> {
    let table = this.byMemo.get(memo)
    if (table === undefined) {
      const made = new Map<string, V>()
      this.byMemo.set(memo, made)
      memo.register(() => made.clear())
      table = made
    }
    return table
  }
}
