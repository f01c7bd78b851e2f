/**
 * Where the live world should be by the wall clock: virtual target = anchor + wall time since the anchor ×
 * speed. Pause, resume and a speed change re-anchor at the instant the world has actually reached, so the
 * world never jumps. When the simulation cannot keep up, the target runs ahead; the gap is reported as
 * `lagMs` (wall milliseconds behind) and capped at `maxLagMs`, so a slow stretch is not followed by a
 * sprint that would make a drill unwatchable.
 *
 * Pure arithmetic over the wall times it is given (milliseconds), so it is tested with a fake clock.
 */
import type { Micros } from "../engine/time.ts"
import { HeldSpeed } from "./held-speed.ts"

/** A rehearsal day (06:00–18:30) in about 12 minutes: a simulated minute per wall second. */
export const DEFAULT_SPEED = 60

export class Pacer {
  private anchorWall: number
  private anchorVirtual: Micros
  private speedFactor: number
  private halted = false
  private readonly maxLagMs: number
  /** The speed really held since the last re-anchor (a speed change, a pause, a resume). */
  private readonly heldSpeed = new HeldSpeed()

  constructor(options: { start: Micros; speed: number; wallNow: number; maxLagMs?: number }) {
    this.anchorWall = options.wallNow
    this.anchorVirtual = options.start
    this.speedFactor = options.speed
    this.maxLagMs = options.maxLagMs ?? 2000
  }

  get speed(): number {
    return this.speedFactor
  }

  get paused(): boolean {
    return this.halted
  }

  /** The virtual instant the world should have reached at `wallNow`, given it has reached `reached`. */
  target(wallNow: number, reached: Micros): Micros {
    if (this.halted) return this.anchorVirtual
    const ideal = this.anchorVirtual + Math.floor((wallNow - this.anchorWall) * 1000 * this.speedFactor)
    const limit = reached + Math.floor(this.maxLagMs * 1000 * this.speedFactor)
    if (ideal > limit) {
      // Too far behind: drop the debt beyond the cap (re-anchor so the target stays `limit` now).
      this.anchorVirtual = limit
      this.anchorWall = wallNow
      return limit
    }
    return ideal
  }

  /** Wall milliseconds the world at `reached` is behind the target at `wallNow` (0 when paused or ahead). */
  lagMs(wallNow: number, reached: Micros): number {
    if (this.halted) return 0
    const ideal = this.anchorVirtual + (wallNow - this.anchorWall) * 1000 * this.speedFactor
    return Math.max(0, Math.round((ideal - reached) / 1000 / this.speedFactor))
  }

  /** The world had reached `reached` at wall ms `wallNow` (the end of a tick that ran it): for `held`. */
  note(wallNow: number, reached: Micros): void {
    if (!this.halted) this.heldSpeed.note(wallNow, reached)
  }

  /**
   * The speed the world really held lately (held-speed.ts): undefined while paused and in the first wall
   * second after a speed change or a resume. The lag cap's re-anchoring (`target`) does not start it afresh:
   * that is when it tells most.
   */
  get held(): number | undefined {
    return this.halted ? undefined : this.heldSpeed.value
  }

  /**
   * The wall time (ms) at which virtual instant `t` is due at the current speed, or undefined while paused:
   * the real endpoints (twin/rig) send what the world made for `t` then, so a wire is paced like the map.
   */
  wallAt(t: Micros): number | undefined {
    if (this.halted) return undefined
    return this.anchorWall + (t - this.anchorVirtual) / 1000 / this.speedFactor
  }

  setSpeed(speed: number, wallNow: number, reached: Micros): void {
    this.reanchor(wallNow, reached)
    this.speedFactor = speed
  }

  pause(wallNow: number, reached: Micros): void {
    this.reanchor(wallNow, reached)
    this.halted = true
  }

  resume(wallNow: number, reached: Micros): void {
    this.reanchor(wallNow, reached)
    this.halted = false
  }

  private reanchor(wallNow: number, reached: Micros): void {
    this.anchorWall = wallNow
    this.anchorVirtual = reached
    this.heldSpeed.reset()
  }
}
