/**
 * Deep links (issue 15 item 7): `?t=06:30:04&p=P0123` opens the viewer at that time of the trace with that
 * participant selected — what a support engineer pastes into a ticket. `t` is `HH:MM[:SS[.fff]]` of the
 * simulated day; a `t` that is no time is reported, not guessed at.
 */
export interface DeepLink {
  /** µs since midnight. */
  readonly t: number | undefined
  readonly participant: string | undefined
  /** What could not be read, in words for the error box; "" when all was. */
  readonly problem: string
}

const CLOCK = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?$/

/** `HH:MM[:SS[.ffffff]]` → µs since midnight, or undefined. */
export const parseClock = (text: string): number | undefined => {
  const m = CLOCK.exec(text)
  if (m === null) return undefined
  const [h, min, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? "0")]
  if (h > 23 || min > 59 || s > 59) return undefined
  const fraction = Number((m[4] ?? "").padEnd(6, "0"))
  return ((h * 60 + min) * 60 + s) * 1_000_000 + fraction
}

export const readDeepLink = (params: URLSearchParams): DeepLink => {
  const tText = params.get("t")
  const t = tText === null ? undefined : parseClock(tText)
  const p = params.get("p")
  return {
    t,
    participant: p === null || p === "" ? undefined : p,
    problem: tText !== null && t === undefined ? `t=${tText}: expected a time of day HH:MM[:SS[.fff]], e.g. t=06:30:04` : ""
  }
}
