/**
 * Trace kinds of China Connect northbound (twin/models/csc/: orders through CCCG, the Daily Quota Balance)
 * and of the SFTP channel of ECP (twin/models/ecp/: transfers, servers).
 */

export type Market = "SSE" | "SZSE"

export type CscRejectReason = "not-logged-on" | "outside-hours" | "quota" | "no-cancel-period" | "not-open"

/**
 * A northbound order as the session saw it: submitted (to `gateway`), accepted / traded / cancelled (with
 * the market's `dqb` after it), rejected (`reason`, `dqb` when known), held while not logged on. `replayed`
 * (only ever `true`): a report first heard in the replay a CCCG writes after a Logon (PossDup=1).
 */
export type CscOrderData = {
  readonly event: "submitted" | "cancel-submitted" | "accepted" | "rejected" | "traded" | "cancelled" | "cancel-rejected" | "held"
  readonly session: string
  readonly order: string
  readonly market: Market
  readonly side: "buy" | "sell"
  readonly amount: number
  readonly gateway?: string
  readonly reason?: CscRejectReason
  readonly dqb?: number | null
  readonly replayed?: true
}

/**
 * The Daily Quota Balance: as a session sees it (`session`, `buysOpen`, `dqb` when known), or as the
 * mainland link publishes it (`event`, the ledger's figures and the `cause`).
 */
export type CscQuotaData =
  | { readonly session: string; readonly market: Market; readonly buysOpen: boolean; readonly dqb: number | null }
  | {
    readonly market: Market
    readonly event: "reopened" | "closed-for-day" | "suspended"
    readonly dqb: number
    readonly buysOpen: boolean
    readonly closedForDay: boolean
    readonly buyOrders: number
    readonly sellTrades: number
    readonly adjustments: number
    readonly cause: string
  }

/**
 * A file transfer: every event carries the job, the attempt and bytes `done`; `failed` says why and
 * whether it will retry, `missed-deadline` the deadline (µs). The download of an upload's response is the
 * job `responseJob(upload)`.
 */
export type EcpTransferData = {
  readonly event: "started" | "retried" | "stalled" | "resumed" | "failed" | "completed" | "missed-deadline"
  readonly job: string
  readonly file: string
  readonly direction: "upload" | "download"
  readonly attempt: number
  readonly server: string
  readonly bytes: number
  readonly done: number
  readonly reason?: string
  readonly willRetry?: boolean
  readonly deadline?: number
}

/** The job of the download of the response to upload job `upload` (`P0001/up-01` → `P0001/up-01/response`). */
export const responseJob = (upload: string): string => `${upload}/response`

/**
 * A server opened, closed, crashed or restarted; or a response file ready (`EcpResponseReadyData`).
 */
export type EcpServerData =
  | { readonly event: "opened" | "closed" | "crashed" | "restarted" }
  | EcpResponseReadyData

/**
 * A response file put in the outbox of `client` (the client machine) for `participant`, answering its
 * upload `answers` (the upload's file); `job` is the response's download, `responseJob` of the upload's
 * job — as the participant's `ecp.transfer` names it —, due at `deadline` (µs): `responseDeadline` after
 * this instant, however late the client's poll finds it. (participant, job) names the response: a file
 * name may be another participant's too (a kind `BCAN_X` for P1 and `BCAN` for X_P1 both make
 * `BCAN_X_P1_01.csv`), and a machine is not a participant.
 *
 * `participant` and `job` are absent in traces written before they were: `responseParticipant` reads the
 * participant then from the client machine, and a reader finds the job by the participant's upload of the
 * file `answers` (a participant's upload files are distinct within a day, twin/models/ecp/schedule.ts).
 */
export type EcpResponseReadyData = {
  readonly event: "response-ready"
  readonly participant?: string
  readonly job?: string
  readonly client: string
  readonly file: string
  readonly bytes: number
  readonly answers: string
  readonly deadline: number
}

/**
 * The participant a response is for: `participant`, or in a trace written before it was, the one whose
 * client machine (`P.ecp`: one per participant, twin/simulate/wire-ecp.ts) has it.
 */
export const responseParticipant = (d: EcpResponseReadyData): string => d.participant ?? d.client.replace(/\.ecp$/, "")

/**
 * What a participant did over the real SFTP wire of the rig (twin/wire/ecp/), subject the participant:
 * `login`, `logout`, `dropped` (`reason`: path-down, server-crashed, stalled, site-closed, idle), `download`
 * and `upload` (a file closed: `file`, `bytes`), `response-ready` (`file`, `bytes`, `answers`: the upload).
 * The participant is the subject, as it is `participant` in `ecp.server` `response-ready`; a real upload has
 * no job (a real client names its files only), so none is written. Only written while the rig serves a
 * participant; a run without the rig has none.
 */
export type EcpWireData = {
  readonly event: "login" | "logout" | "dropped" | "download" | "upload" | "response-ready"
  readonly server: string
  readonly file?: string
  readonly bytes?: number
  readonly answers?: string
  readonly reason?: string
}

export interface CscEcpKinds {
  "csc.order": CscOrderData
  "csc.quota": CscQuotaData
  "ecp.transfer": EcpTransferData
  "ecp.server": EcpServerData
  "ecp.wire": EcpWireData
}
