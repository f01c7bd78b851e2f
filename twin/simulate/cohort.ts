/**
 * One machine standing for several participants whose traffic takes the same way: the participant-side
 * market-data abstraction that keeps a whole day affordable (one delivery serves the cohort instead of one
 * per participant).
 *
 * The wrapped machine is built for the cohort's first member (its representative); whatever it emits
 * about that participant is written once per member, with the representative's id replaced by the
 * member's in the subject and in the flow id. What this keeps: sequence numbers, losses and gaps, line
 * status, recoveries — per member, exactly, as long as members share the path. What it does not: members'
 * own circuit latencies (events are timed by the representative's path; members differ by under 1.5 ms).
 * A member whose own path changes (a fault on its circuit) must leave the cohort (see `split`).
 */
import type { Action, Input, Machine } from "../engine/machine.ts"
import type { Micros } from "../engine/time.ts"

/**
 * `observe`, when given, sees every input before the machine steps on it, with the members at that instant
 * (the rig's tap, taps.ts); it must not change anything. A timer the runtime re-arms by the machine's
 * `deadline`, without a step, is no input.
 */
export const cohortMachine = <S, M>(
  inner: Machine<S, M>,
  representative: string,
  members: () => ReadonlyArray<string>,
  observe?: (input: Input<M>, now: Micros, members: ReadonlyArray<string>) => void
): Machine<S, M> => ({
  step: (state, input, now) => {
    if (observe !== undefined) observe(input, now, members())
    const [next, actions] = inner.step(state, input, now)
    const group = members()
    if (group.length === 1 && group[0] === representative) return [next, actions]
    const out: Array<Action<M>> = []
    for (const action of actions) {
      if (action._tag !== "emit" || action.subject !== representative) {
        out.push(action)
        continue
      }
      for (const member of group) out.push(renameEmit(action, representative, member))
    }
    return [next, out]
  },
  // Lazy re-arms emit nothing, so they are the inner machine's own.
  ...(inner.deadline === undefined ? {} : { deadline: inner.deadline })
})

const renameEmit = <M>(action: Extract<Action<M>, { _tag: "emit" }>, from: string, to: string): Action<M> => {
  if (from === to) return action
  const flow = action.data.flow
  const data = typeof flow === "string" && flow.startsWith(`${from}/`)
    ? { ...action.data, flow: `${to}/${flow.slice(from.length + 1)}` }
    : action.data
  return { _tag: "emit", kind: action.kind, data, subject: to }
}
