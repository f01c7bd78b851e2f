/**
 * The DR take-over, written once for the wirings that have one (wire-ocg.ts: the OTP-C host; wire-omd.ts:
 * publishers and refresh servers): a machine on a primary-site node is continued by a new machine on the
 * node the estate pairs it with (`roles.drPairs`, topology/roles.ts), from the state it had when its node
 * went down — the replicated copy as of the loss [U] — or, if its node never went down, from its state now.
 * It is taken over once; the primary machine is then retired (the failover stays in force, so a returning
 * primary must stay silent) and its successor is where DR messages go.
 *
 * When a take-over is due is each system's rule and stays in its wiring (OTP-C: at once when DR is in
 * force and the primary host is down; OMD: DR Signal 1 at the declaration, the rest `DR_COMPLETES_AFTER`
 * later). The wiring also tells this module about node changes, from its own world subscription, so the
 * order of what happens at one instant is the wiring's.
 *
 * Gotcha: "the state when the node went down" is the state read at that instant (nodeChanged), not at the
 * take-over, kept as `keep` makes it: a state with linear tables (keyed-table.ts: the OTP-C host's logs)
 * must be copied to outlast its machine's later steps — a down host's fill timer still fires.
 */
import type { Runtime } from "../engine/runtime.ts"
import type { Micros } from "../engine/time.ts"

/** A machine and the node it runs on. */
export interface Placed {
  readonly id: string
  readonly node: string
}

/** The state a successor continues from, and as of when. */
export interface Copy<S> {
  readonly state: S
  readonly at: Micros
}

export class DrTakeover<S> {
  /** Primary machine id → its state when its node went down (while not taken over). */
  private readonly lastUp = new Map<string, Copy<S>>()
  /** Primary machine id → the machine that took it over. */
  private readonly successors = new Map<string, string>()

  private readonly runtime: Runtime
  /** The backup node of a primary-site node (the estate's DR pairs). */
  readonly backupOf: (node: string) => string | undefined
  /** A state as kept for later (a copy of its linear tables; the state itself when it has none). */
  private readonly keep: (state: S) => S

  constructor(runtime: Runtime, backupOf: (node: string) => string | undefined, keep: (state: S) => S = (state) => state) {
    this.runtime = runtime
    this.backupOf = backupOf
    this.keep = keep
  }

  private kept(id: string): Copy<S> {
    return { state: this.keep(this.runtime.stateOf<S>(id)), at: this.runtime.now }
  }

  /** `node` went down (or came back): remember (or forget) the state of `machines` on it not yet taken over. */
  nodeChanged(machines: ReadonlyArray<Placed>, node: string, down: boolean): void {
    for (const p of machines) {
      if (p.node !== node || this.successors.has(p.id)) continue
      if (down) this.lastUp.set(p.id, this.kept(p.id))
      else this.lastUp.delete(p.id)
    }
  }

  /**
   * Continues `p` on its node's backup, once: `start` adds the successor machine on `backupNode` from `copy`
   * and returns its id, or undefined when it cannot (then nothing is taken over). Returns the successor's
   * id, or undefined when `p` has no backup node, was taken over already, or `start` declined.
   */
  takeOver(p: Placed, start: (backupNode: string, copy: Copy<S>) => string | undefined): string | undefined {
    const backupNode = this.backupOf(p.node)
    if (this.successors.has(p.id) || backupNode === undefined || backupNode === p.node) return undefined
    const copy = this.lastUp.get(p.id) ?? this.kept(p.id)
    const id = start(backupNode, copy)
    if (id !== undefined) this.successors.set(p.id, id)
    return id
  }

  /** The machine that took `id` over, if one did. */
  successorOf(id: string): string | undefined {
    return this.successors.get(id)
  }

  /** Whether `id` was taken over (and so is retired). */
  retired(id: string): boolean {
    return this.successors.has(id)
  }
}
