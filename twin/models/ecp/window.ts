/**
 * The sliding window of an SFTP transfer: a file is cut into chunks (32 KiB requests), at most `window` of
 * them are outstanding, and each is acknowledged on its own (STATUS for a WRITE, DATA for a READ). Pure
 * functions over a small immutable record.
 *
 * When to use: the client machine keeps one `Window` per attempt; `fill` says which chunks to send now,
 * `ack` folds in an acknowledgement.
 *
 * Gotcha: the window is counted from the lowest unacknowledged chunk (`base`). On the session's TCP
 * connection acks come in order, so `ahead` stays empty in the twin; `ack` still takes them in any order,
 * as the SFTP draft lets a server answer requests in any order.
 */
export interface Window {
  readonly chunks: number
  /** Lowest chunk not yet acknowledged (`chunks` when all are). */
  readonly base: number
  /** Lowest chunk never sent. */
  readonly next: number
  /** Chunks above `base` already acknowledged, ascending. */
  readonly ahead: ReadonlyArray<number>
}

export const chunkCount = (bytes: number, chunkBytes: number): number => Math.ceil(bytes / chunkBytes)

export const chunkSize = (bytes: number, chunkBytes: number, chunk: number): number =>
  Math.max(0, Math.min(chunkBytes, bytes - chunk * chunkBytes))

export const openWindow = (chunks: number): Window => ({ chunks, base: 0, next: 0, ahead: [] })

/** Sends as many new chunks as the window allows; returns the window and the chunks to send, ascending. */
export const fill = (w: Window, window: number): readonly [Window, ReadonlyArray<number>] => {
  const until = Math.min(w.chunks, w.base + window)
  if (until <= w.next) return [w, []]
  const sends: Array<number> = []
  for (let c = w.next; c < until; c++) sends.push(c)
  return [{ ...w, next: until }, sends]
}

/** Folds in the acknowledgement of `chunk`; `progress` is false for a duplicate or unknown chunk. */
export const ack = (w: Window, chunk: number): { readonly window: Window; readonly progress: boolean } => {
  if (chunk < w.base || chunk >= w.next || w.ahead.includes(chunk)) return { window: w, progress: false }
  if (chunk !== w.base) {
    const ahead = [...w.ahead, chunk].sort((a, b) => a - b)
    return { window: { ...w, ahead }, progress: true }
  }
  let base = w.base + 1
  let i = 0
  while (i < w.ahead.length && w.ahead[i] === base) {
    base++
    i++
  }
  return { window: { ...w, base, ahead: w.ahead.slice(i) }, progress: true }
}

export const complete = (w: Window): boolean => w.base >= w.chunks

/** Bytes acknowledged so far. */
export const doneBytes = (w: Window, bytes: number, chunkBytes: number): number => {
  let done = Math.min(w.base * chunkBytes, bytes)
  for (const c of w.ahead) done += chunkSize(bytes, chunkBytes, c)
  return done
}
