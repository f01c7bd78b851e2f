/**
 * The client's poll of its outbox (client.ts): while a session is up and responses to its uploads are
 * awaited, one timer every `pollEvery` counted from the session's start; each awaited response a poll's
 * answer lists becomes a download job. The server's side: server.ts and outbox.ts.
 */
import { responseJob } from "../../contract/kinds-csc-ecp.ts"
import { type Action, cancel, timer } from "../../engine/machine.ts"
import type { Micros } from "../../engine/time.ts"
import { byTime, type FileJob } from "./config.ts"
import type { EcpMessage } from "./messages.ts"
import type { ReadyResponse } from "./outbox.ts"

type Out = Array<Action<EcpMessage>>

/** What the poll reads and writes of the client's state (client.ts EcpClientState), named here so the two files do not import each other. */
export interface PollingClient {
  readonly settings: { readonly session: { readonly pollEvery: Micros } }
  readonly queue: ReadonlyArray<FileJob>
  readonly unfinished: ReadonlyArray<FileJob>
  readonly awaiting: ReadonlyArray<FileJob>
  readonly polling: boolean
}

/**
 * A poll's answer: each awaited upload's response listed (the first, if an upload sent again after its
 * CLOSE got through made two) becomes a download job, due when the listing says (`responseDeadline` after
 * it became ready, server.ts). Its deadline timer fires at once when the poll came after it: the client
 * learns of the miss only now, but its `missed-deadline` carries the deadline the lateness counts from.
 */
export const fetchResponses = <S extends PollingClient>(s: S, files: ReadonlyArray<ReadyResponse>, now: Micros, out: Out): S => {
  let next = s
  for (const f of files) {
    const upload = next.awaiting.find((j) => j.file === f.answers)
    if (upload === undefined) continue
    const job: FileJob = { id: responseJob(upload.id), file: f.file, direction: "download", at: now, bytes: f.bytes, deadline: f.deadline }
    out.push(timer(`deadline:${job.id}`, Math.max(0, job.deadline - now)))
    next = { ...next, awaiting: next.awaiting.filter((j) => j !== upload), queue: [...next.queue, job].sort(byTime), unfinished: [...next.unfinished, job] }
  }
  return next
}

/**
 * One poll timer, armed while a session is up (`openSince`: when it started) and a response is awaited (a
 * client awaiting nothing sends no poll), for the next multiple of `pollEvery` since the session's start.
 */
export const armPoll = <S extends PollingClient>(s: S, openSince: Micros | undefined, now: Micros, out: Out): S => {
  const wanted = openSince !== undefined && s.awaiting.length > 0
  if (wanted === s.polling) return s
  if (openSince === undefined || !wanted) {
    out.push(cancel("poll"))
    return { ...s, polling: false }
  }
  const every = s.settings.session.pollEvery
  out.push(timer("poll", every - ((now - openSince) % every)))
  return { ...s, polling: true }
}
