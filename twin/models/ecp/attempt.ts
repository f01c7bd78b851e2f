/**
 * One attempt at moving one file over an open SFTP session: OPEN → HANDLE, the chunks through the window
 * (WRITE → STATUS for an upload, READ → DATA for a download), CLOSE → STATUS. Pure functions from an
 * attempt to the next attempt plus the messages to send; the client machine (client.ts) owns the timers
 * and decides when an attempt starts, stalls and fails. Every request goes on the session's TCP
 * connection, which retransmits it (messages.ts): no request of an attempt is sent twice.
 *
 * Trace fields of `ecp.transfer` (subject = participant), in this order: `event`, `job`, `file`,
 * `direction`, `attempt` (1 for the first), `server`, `bytes` (file size), `done` (bytes acknowledged so
 * far); then `reason` and `willRetry` for failed, `deadline` for missed-deadline.
 */
import type { EcpTransferData } from "../../contract/kinds-csc-ecp.ts"
import { type Action, emit, send } from "../../engine/machine.ts"
import type { FileJob, TransferPolicy } from "./config.ts"
import { type EcpMessage, wireBytes } from "./messages.ts"
import { ack, chunkCount, chunkSize, complete, doneBytes, fill, openWindow, type Window } from "./window.ts"

export interface Attempt {
  readonly job: FileJob
  /** Number of the attempt under way, or of the next one while waiting. */
  readonly attempt: number
  /** waiting: for a session or its turn; backoff: the retry delay after a failure. */
  readonly phase: "waiting" | "backoff" | "opening" | "moving" | "closing"
  readonly transfer: number
  readonly session: number
  readonly server: string
  /** The participant the session is logged in as (its SSH user), named by every file request; set at open, as `session` and `server` are. */
  readonly user: string
  readonly window: Window
  readonly stalled: boolean
}

type Act = Action<EcpMessage>

export const waitingAttempt = (job: FileJob, attempt = 1): Attempt => ({
  job,
  attempt,
  phase: "waiting",
  transfer: 0,
  session: 0,
  server: "",
  user: "",
  window: openWindow(0),
  stalled: false
})

/** An attempt with requests on the wire (its no-progress timers run). */
export const inFlight = (a: Attempt | undefined): a is Attempt =>
  a !== undefined && (a.phase === "opening" || a.phase === "moving" || a.phase === "closing")

export const transferEvent = (
  participant: string,
  policy: TransferPolicy,
  a: Attempt,
  event: EcpTransferData["event"],
  extra: Pick<EcpTransferData, "reason" | "willRetry" | "deadline"> = {}
): Act =>
  emit(
    "ecp.transfer",
    {
      event,
      job: a.job.id,
      file: a.job.file,
      direction: a.job.direction,
      attempt: a.attempt,
      server: a.server,
      bytes: a.job.bytes,
      done: doneBytes(a.window, a.job.bytes, policy.chunkBytes),
      ...extra
    },
    participant
  )

/** A request of the attempt, on its session's TCP connection (messages.ts). */
const request = (a: Attempt, m: EcpMessage): Act => send(a.server, m, wireBytes(m), a.session)

const fileRequest = (a: Attempt, tag: "open-file" | "close-file"): Act =>
  request(a, { _tag: tag, session: a.session, transfer: a.transfer, participant: a.user, job: a.job.id, file: a.job.file, direction: a.job.direction, bytes: a.job.bytes })

const chunkRequests = (policy: TransferPolicy, a: Attempt, chunks: ReadonlyArray<number>): ReadonlyArray<Act> =>
  chunks.map((chunk) => {
    const bytes = chunkSize(a.job.bytes, policy.chunkBytes, chunk)
    return request(
      a,
      a.job.direction === "upload"
        ? { _tag: "write", session: a.session, transfer: a.transfer, chunk, bytes }
        : { _tag: "read", session: a.session, transfer: a.transfer, chunk, bytes }
    )
  })

/** Starts the attempt on session `session` to `server`, logged in as `user`: sends OPEN. */
export const open = (policy: TransferPolicy, a: Attempt, transfer: number, session: number, server: string, user: string): readonly [Attempt, Act] => {
  const started: Attempt = {
    ...a,
    phase: "opening",
    transfer,
    session,
    server,
    user,
    window: openWindow(chunkCount(a.job.bytes, policy.chunkBytes))
  }
  return [started, fileRequest(started, "open-file")]
}

/** Sends what the window allows; a finished window moves on to CLOSE. */
const pump = (policy: TransferPolicy, a: Attempt, out: Array<Act>): Attempt => {
  const [window, chunks] = fill(a.window, policy.window)
  const moved: Attempt = { ...a, window }
  out.push(...chunkRequests(policy, moved, chunks))
  if (!complete(window)) return moved
  const closing: Attempt = { ...moved, phase: "closing" }
  out.push(fileRequest(closing, "close-file"))
  return closing
}

/**
 * Folds in a reply of the attempt's session and transfer. `progress` says whether it moved the attempt
 * on (the client re-arms its no-progress timers); `done` that CLOSE was acknowledged.
 */
export const onReply = (
  policy: TransferPolicy,
  a: Attempt,
  m: EcpMessage,
  out: Array<Act>
): { readonly attempt: Attempt; readonly progress: boolean; readonly done: boolean } => {
  const none = { attempt: a, progress: false, done: false }
  switch (m._tag) {
    case "handle":
      return a.phase === "opening" ? { attempt: pump(policy, { ...a, phase: "moving" }, out), progress: true, done: false } : none
    case "status":
    case "data": {
      if (a.phase !== "moving") return none
      const r = ack(a.window, m.chunk)
      return r.progress ? { attempt: pump(policy, { ...a, window: r.window }, out), progress: true, done: false } : none
    }
    case "closed":
      return a.phase === "closing" ? { attempt: a, progress: true, done: true } : none
    default:
      return none
  }
}
