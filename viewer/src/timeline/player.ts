/**
 * The playback clock: a cursor in trace time that advances with the wall clock × speed while playing.
 * It knows nothing of the trace; the app clamps it to the window and redraws on each tick.
 */
export class Player {
  cursor = 0
  from = 0
  to = 0
  speed = 60
  playing = false
  private lastFrame: number | undefined
  private readonly onTick: (cursor: number, frameMs: number) => void

  constructor(onTick: (cursor: number, frameMs: number) => void) {
    this.onTick = onTick
  }

  setWindow(from: number, to: number): void {
    this.from = from
    this.to = to
    this.cursor = Math.min(Math.max(this.cursor, from), to)
  }

  play(): void {
    if (this.playing) return
    if (this.cursor >= this.to) this.cursor = this.from
    this.playing = true
    this.lastFrame = undefined
    requestAnimationFrame(this.frame)
  }

  pause(): void {
    this.playing = false
  }

  seek(t: number): void {
    this.cursor = Math.min(Math.max(t, this.from), this.to)
    this.onTick(this.cursor, 0)
  }

  private readonly frame = (now: number): void => {
    if (!this.playing) return
    const dt = this.lastFrame === undefined ? 0 : now - this.lastFrame
    this.lastFrame = now
    // µs of trace per ms of wall time: speed × 1000
    this.cursor = Math.min(this.to, this.cursor + dt * 1000 * this.speed)
    if (this.cursor >= this.to) this.playing = false
    this.onTick(this.cursor, dt)
    if (this.playing) requestAnimationFrame(this.frame)
  }
}
