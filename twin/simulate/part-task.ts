/** A part of a split run (parts.ts) as a task a worker thread runs (twin/parallel): it builds its own model. */
import { buildModel } from "../../topology/model.ts"
import type { EstateFile } from "../../topology/schema.ts"
import type { MessagePort } from "node:worker_threads"
import { MeetingBoard } from "./meeting-board.ts"
import { joinRendezvous, noRendezvous, type Rendezvous, type RendezvousLine } from "./part-rendezvous.ts"
import { type Part, type PartOutput, type PartSettings, PartTrace, partsFor, startPart } from "./parts.ts"
import { sendOn } from "./part-stream.ts"
import type { Wiring } from "./wiring.ts"

declare module "../parallel/task.ts" {
  interface TaskMap {
    readonly "simulate.part": { readonly input: PartTaskInput; readonly output: PartOutput }
  }
}

export interface PartTaskInput {
  /** Already validated by the calling thread. */
  readonly estate: EstateFile
  readonly part: number
  /** The trading path's parts by participants (parts.ts `partsFor`; default 1): which list `part` indexes. */
  readonly tradingParts?: number
  readonly settings: PartSettings
  /**
   * Where the part writes how far it got (simulated time, events run) as it runs, for the calling thread to
   * read while its own part keeps it busy (it cannot take messages then): shared memory, two Float64s.
   */
  readonly progress?: SharedArrayBuffer
  /** Where the part meets the calling thread's part (part-rendezvous.ts), when the two run side by side. */
  readonly rendezvous?: RendezvousLine
  /** The board the parts' networks mark where they meet (meeting-board.ts), when the run has one. */
  readonly meetings?: SharedArrayBuffer
  /** Where the part sends its lines as it runs (part-stream.ts), when the calling thread merges as they come. */
  readonly stream?: MessagePort
}

export const runPartTask = (input: PartTaskInput): PartOutput => runPart(input)

/**
 * Runs the part `input` names, with what `extend` adds after its systems' wirings (a scenario's part:
 * scenarios/scenario-part.ts), meeting the calling thread's part where `input.rendezvous` lets it.
 */
export const runPart = (input: PartTaskInput, extend: (part: Part, meet: Rendezvous) => ReadonlyArray<Wiring> = () => []): PartOutput => {
  const plain = partsFor(input.tradingParts ?? 1)[input.part]
  if (plain === undefined) throw new Error(`no part ${input.part}`)
  const trace = new PartTrace(input.stream === undefined ? undefined : sendOn(input.stream))
  const rendezvous = input.rendezvous === undefined ? undefined : joinRendezvous(input.rendezvous, () => trace.take())
  const part: Part = { ...plain, wirings: [...plain.wirings, ...extend(plain, rendezvous?.meet ?? noRendezvous("this part runs with no other beside it"))] }
  const shared = input.progress === undefined ? undefined : new Float64Array(input.progress)
  const onProgress = (now: number, events: number) => {
    if (shared !== undefined) {
      shared[0] = now
      shared[1] = events
    }
    trace.mark(now)
  }
  try {
    const meetings = input.meetings === undefined ? undefined : new MeetingBoard(input.meetings).watcher(input.part)
    const output = startPart(buildModel(input.estate), part, input.settings, {
      trace,
      onProgress,
      ...(meetings === undefined ? {} : { meetings })
    }).run()
    rendezvous?.ended()
    return output
  } catch (e) {
    rendezvous?.ended(e)
    throw e
  } finally {
    // What it sent stays on the calling thread's side; the worker, kept for the next run, holds no port.
    input.stream?.close()
  }
}
