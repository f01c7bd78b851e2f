/**
 * An ECP SFTP server: accepts sessions while open, answers every SFTP request at once (HANDLE, STATUS per
 * WRITE, DATA per READ, STATUS for CLOSE), puts an upload's response file in the uploading participant's
 * outbox `responseAfter` after its CLOSE (DOMAIN §4 [S]: a response file within about 10 min), and answers
 * a client's poll with the responses ready for it (outbox.ts).
 *
 * Every answer goes on the connection the request came on (`session`, the stream number, messages.ts). A
 * client's newer connection ends its older one in the kernel (twin/engine/streams.ts) and nothing overtakes
 * on a path, so nothing of the older one arrives after the newer: the server tracks connections only once
 * a crash has ended them (`sessions`).
 *
 * Assumptions: the servers of both sites front one file store (any server serves any file, so a download
 * may go to another server than the upload did, and a poll on any server lists every ready response:
 * one outbox shared by all, outbox.ts) [U]; a server keeps no per-session state, so it does not notice a
 * client that went away. Nothing tells the client a response is ready: it finds it at its next poll, on
 * its session's connection like any request, so a cut or a loss delays the fetch and loses nothing. A closed server
 * (backup site before failover) refuses connections and ignores everything else; a scenario opens it with
 * `{ _tag: "site", open: true }`.
 *
 * Crash (`{ _tag: "power", up: false }`, a node down): the server answers nothing until it restarts, and
 * the SSH sessions it had are gone — after a restart, requests on a connection opened before the crash get
 * no answer (standing for the TCP reset), so the client notices by its keepalives and connects again.
 * Response files survive (they are in the file store): one that fell due while the server was down is put
 * in the outbox at the restart.
 *
 * Trace: `ecp.server` (subject = the server machine): `event` opened | closed | crashed | restarted, or `event` response-ready
 * with `participant` (the uploader: its session's user), `job` (the response's download, `responseJob` of
 * the upload's job, as the client's `ecp.transfer` names it), `client` (the machine whose outbox has it),
 * `file`, `bytes`, `answers` (the upload's file), `deadline` (its download due, µs: the service's
 * `responseDeadline` after now): the instant it is put in the outbox. The deadline is written here, where
 * it is known: the client learns of the file only at its next poll, but a check judges the download from
 * here (scenarios/checks/ecp-deadlines.ts), found or not — by participant and job, which the upload's
 * requests name (messages.ts): a file name may be another participant's too, and a machine is no participant.
 */
import { responseJob } from "../../contract/kinds-csc-ecp.ts"
import { type Action, emit, type Input, type Machine, send, timer } from "../../engine/machine.ts"
import type { Micros } from "../../engine/time.ts"
import { type EcpMessage, wireBytes } from "./messages.ts"
import type { EcpOutbox } from "./outbox.ts"

export interface EcpServerSettings {
  readonly responseAfter: Micros
  /** A response's download is due this long after it became ready (config.ts). */
  readonly responseDeadline: Micros
  readonly responseRatio: number
  readonly responseMinBytes: number
  /** The participants' outboxes, shared by every server of the world (outbox.ts). */
  readonly outbox: EcpOutbox
}

interface PendingResponse {
  readonly n: number
  readonly participant: string
  /** The response's download job (`responseJob` of the upload's). */
  readonly job: string
  readonly client: string
  readonly file: string
  readonly bytes: number
  readonly answers: string
}

export interface EcpServerState {
  readonly settings: EcpServerSettings
  readonly open: boolean
  /** Uploads already answered (`client#session#transfer`), so a resent CLOSE makes no second response. */
  readonly answered: ReadonlyArray<string>
  readonly pending: ReadonlyArray<PendingResponse>
  readonly responses: number
  /** Crashed: answers nothing. */
  readonly down: boolean
  /** Responses that fell due while down, put in the outbox at the restart. */
  readonly held: ReadonlyArray<PendingResponse>
  /**
   * Client → session opened since the last restart; undefined until the first crash (every session is
   * then one this server opened, so nothing is checked).
   */
  readonly sessions: ReadonlyMap<string, number> | undefined
}

type Act = Action<EcpMessage>

export const initialServerState = (settings: EcpServerSettings, open: boolean): EcpServerState => ({
  settings,
  open,
  answered: [],
  pending: [],
  responses: 0,
  down: false,
  held: [],
  sessions: undefined
})

/** Name of the response to an upload: `BCAN_P0001_01.csv` → `BCAN_P0001_01.csv.resp`. */
export const responseFile = (upload: string): string => `${upload}.resp`

export const responseBytes = (s: Pick<EcpServerSettings, "responseRatio" | "responseMinBytes">, uploadBytes: number): number =>
  Math.max(s.responseMinBytes, Math.round(uploadBytes * s.responseRatio))

/** An answer on connection `session` (the one the request came on). */
const reply = (to: string, session: number, m: EcpMessage): Act => send(to, m, wireBytes(m), session)

/** The response is in its client's outbox from `now`: its next poll finds it. */
const ready = (s: EcpServerState, r: PendingResponse, now: Micros): Act => {
  const deadline = now + s.settings.responseDeadline
  s.settings.outbox.put(r.client, { file: r.file, bytes: r.bytes, answers: r.answers, deadline })
  return emit("ecp.server", { event: "response-ready", participant: r.participant, job: r.job, client: r.client, file: r.file, bytes: r.bytes, answers: r.answers, deadline })
}

const onPower = (s: EcpServerState, up: boolean, now: Micros): readonly [EcpServerState, ReadonlyArray<Act>] => {
  if (up !== s.down) return [s, []]
  if (!up) return [{ ...s, down: true, sessions: new Map() }, [emit("ecp.server", { event: "crashed" })]]
  return [{ ...s, down: false, held: [] }, [emit("ecp.server", { event: "restarted" }), ...s.held.map((r) => ready(s, r, now))]]
}

const onReceive = (s: EcpServerState, from: string, m: EcpMessage, now: Micros): readonly [EcpServerState, ReadonlyArray<Act>] => {
  if (m._tag === "power") return onPower(s, m.up, now)
  if (m._tag === "site") {
    if (m.open === s.open) return [s, []]
    return [{ ...s, open: m.open }, [emit("ecp.server", { event: m.open ? "opened" : "closed" })]]
  }
  if (s.down) return [s, []]
  if (!s.open) return m._tag === "connect" ? [s, [reply(from, m.session, { _tag: "refused", session: m.session })]] : [s, []]
  if (m._tag !== "connect" && "session" in m && s.sessions !== undefined && s.sessions.get(from) !== m.session) return [s, []]
  switch (m._tag) {
    case "connect": {
      const sessions = s.sessions === undefined ? undefined : new Map(s.sessions).set(from, m.session)
      return [sessions === undefined ? s : { ...s, sessions }, [reply(from, m.session, { _tag: "connected", session: m.session })]]
    }
    case "keepalive":
      return [s, [reply(from, m.session, { _tag: "keepalive-ok", session: m.session })]]
    case "poll":
      return [s, [reply(from, m.session, { _tag: "outbox", session: m.session, files: s.settings.outbox.list(from) })]]
    case "open-file":
      return [s, [reply(from, m.session, { _tag: "handle", session: m.session, transfer: m.transfer })]]
    case "write":
      return [s, [reply(from, m.session, { _tag: "status", session: m.session, transfer: m.transfer, chunk: m.chunk })]]
    case "read":
      return [s, [reply(from, m.session, { _tag: "data", session: m.session, transfer: m.transfer, chunk: m.chunk, bytes: m.bytes })]]
    case "close-file": {
      const closed = reply(from, m.session, { _tag: "closed", session: m.session, transfer: m.transfer })
      const key = `${from}#${m.session}#${m.transfer}`
      if (m.direction !== "upload" || s.answered.includes(key)) return [s, [closed]]
      const n = s.responses + 1
      const response: PendingResponse = {
        n,
        participant: m.participant,
        job: responseJob(m.job),
        client: from,
        file: responseFile(m.file),
        bytes: responseBytes(s.settings, m.bytes),
        answers: m.file
      }
      return [
        { ...s, responses: n, answered: [...s.answered, key], pending: [...s.pending, response] },
        [closed, timer(`response:${n}`, s.settings.responseAfter)]
      ]
    }
    default:
      return [s, []]
  }
}

const onTimer = (s: EcpServerState, name: string, now: Micros): readonly [EcpServerState, ReadonlyArray<Act>] => {
  const r = s.pending.find((p) => `response:${p.n}` === name)
  if (r === undefined) return [s, []]
  const pending = s.pending.filter((p) => p !== r)
  if (s.down) return [{ ...s, pending, held: [...s.held, r] }, []]
  return [{ ...s, pending }, [ready(s, r, now)]]
}

export const ecpServer: Machine<EcpServerState, EcpMessage> = {
  step: (s: EcpServerState, input: Input<EcpMessage>, now: Micros) => {
    switch (input._tag) {
      case "start":
        return [s, []]
      case "timer":
        return onTimer(s, input.name, now)
      case "receive":
        return onReceive(s, input.from, input.message, now)
    }
  }
}
