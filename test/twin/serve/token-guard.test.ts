/**
 * Issue 17, item 9: guessing the instructor's token is rate-limited per connection and per address, and
 * logged without flooding the log.
 */
import { describe, expect, it } from "vitest"
import { TokenGuard } from "../../../twin/serve/token-guard.ts"

const wrong = () => false
const right = () => true

describe("the token guard", () => {
  it("lets a connection fail 5 times a minute; the 6th attempt is refused unchecked, even with the right token, until the first failure is a minute old", () => {
    const log: Array<string> = []
    const guard = new TokenGuard((l) => log.push(l))
    const mine: Array<number> = []
    // Failures at 0, 1, 2, 3, 4 s.
    for (let t = 0; t < 5; t++) expect(guard.attempt(mine, "10.0.0.1", t * 1000, wrong)).toEqual({ ok: false, message: "instructor token required" })
    // At 10 s the oldest of the last five (0 s) leaves the window at 60 s: 50 s to wait.
    expect(guard.attempt(mine, "10.0.0.1", 10_000, right)).toEqual({ ok: false, message: "too many wrong tokens: try again in 50 s" })
    expect(guard.attempt(mine, "10.0.0.1", 60_000, right)).toEqual({ ok: true })
    // One line for the address in the window, not one per guess.
    expect(log).toEqual(["twin serve: wrong instructor token from 10.0.0.1 (1 in the last 60 s)"])
  })

  it("counts an address over all its connections: 20 a minute, whatever the number of sockets", () => {
    const log: Array<string> = []
    const guard = new TokenGuard((l) => log.push(l))
    // Ten connections from one address, two wrong guesses each at 0–19 ms.
    for (let i = 0; i < 20; i++) guard.attempt(i % 2 === 0 ? [] : [], "10.0.0.2", i, wrong)
    expect(guard.attempt([], "10.0.0.2", 100, right)).toEqual({ ok: false, message: "too many wrong tokens: try again in 60 s" })
    // Another address is not affected.
    expect(guard.attempt([], "10.0.0.3", 100, right)).toEqual({ ok: true })
    // Logged at the first failure and when the address reached its limit.
    expect(log).toEqual([
      "twin serve: wrong instructor token from 10.0.0.2 (1 in the last 60 s)",
      "twin serve: wrong instructor token from 10.0.0.2 (20 in the last 60 s)"
    ])
  })
})
