/**
 * Where the parts of a run meet in the network as no two systems of one world may and stay the one world's
 * (parts.ts): more than one part drew from the run's one stream (jitter, unicast loss: one world draws in one
 * order across systems), or two parts queued on one capped link. Each part's network marks the board as it
 * runs (twin/world/sim-network.ts `watchMeetings`) — a flag at its first draw, a bit for each capped link it
 * used — in shared memory, so the calling thread sees a worker's marks while both run and can stop parts
 * that met at once (simulate-in-parts.ts) rather than after the whole window.
 */
import type { MeetingWatcher } from "../world/sim-network.ts"

/** Cells before the marks: the parts and the links the board was made for. */
const HEADER = 2

export class MeetingBoard {
  readonly buffer: SharedArrayBuffer
  private readonly cells: Int32Array
  private readonly parts: number
  /** Words of one part's bitmap of capped links. */
  private readonly words: number

  /** A new board for `parts` parts of a world of `links` links, or (`buffer`) one made in another thread. */
  constructor(of: { readonly parts: number; readonly links: number } | SharedArrayBuffer) {
    if (of instanceof SharedArrayBuffer) {
      this.buffer = of
      this.cells = new Int32Array(of)
      this.parts = this.cells[0]!
      this.words = Math.ceil(this.cells[1]! / 32)
    } else {
      this.parts = of.parts
      this.words = Math.ceil(of.links / 32)
      this.buffer = new SharedArrayBuffer((HEADER + of.parts * (1 + this.words)) * Int32Array.BYTES_PER_ELEMENT)
      this.cells = new Int32Array(this.buffer)
      this.cells[0] = of.parts
      this.cells[1] = of.links
    }
  }

  /** What part `part`'s network marks the board with. */
  watcher(part: number): MeetingWatcher {
    const bits = HEADER + this.parts + part * this.words
    return {
      drew: () => void Atomics.store(this.cells, HEADER + part, 1),
      capped: (link) => void Atomics.or(this.cells, bits + (link >>> 5), 1 << (link & 31))
    }
  }

  /**
   * Where the parts met, so far (`linkId`: a model link's id by index), or undefined when they did not
   * (always, in a world no fault made lossy, jittery or capped).
   */
  met(linkId: (link: number) => string): string | undefined {
    let drew = 0
    for (let p = 0; p < this.parts; p++) drew += Atomics.load(this.cells, HEADER + p)
    if (drew > 1) return `${drew} parts drew at random from the run's one stream (lossy or jittery links)`
    const shared: Array<string> = []
    for (let w = 0; w < this.words; w++) {
      let seen = 0
      let twice = 0
      for (let p = 0; p < this.parts; p++) {
        const bits = Atomics.load(this.cells, HEADER + this.parts + p * this.words + w)
        twice |= seen & bits
        seen |= bits
      }
      for (let b = 0; b < 32; b++) if ((twice >>> b) & 1) shared.push(linkId(w * 32 + b))
    }
    return shared.length === 0 ? undefined : `parts queued on the capped links ${shared.sort().join(", ")}`
  }
}
