/**
 * ECP SFTP channel models (DOMAIN §4): a client machine per participant, a machine per ECP SFTP server,
 * and a seeded schedule of the day's files. Build initial states from plain config objects here.
 *
 * Wiring (the integrator's part): for a participant with `ecp: true`,
 * `rt.add(\`${p}.ecp\`, \`${p}.bss\`, ecpClient, ecpClientState({ participant: p, flowTemplate, servers, jobs: ecpSchedule({ participant: p, seed }) }), t)`
 * with `servers` the members of the estate's ECP SFTP session flow in order (closedUntilFailover from the estate), and for
 * every server node `rt.add(id, id, ecpServer, ecpServerState({ open: !closedUntilFailover, outbox }))`, one `outbox` for all.
 * Open a backup-site server on failover with `rt.inject(t, id, { _tag: "receive", from: "scenario", message: { _tag: "site", open: true } })`.
 */
import {
  defaultResponseAfter,
  defaultResponseDeadline,
  defaultResponseMinBytes,
  defaultResponseRatio,
  defaultSessionPolicy,
  defaultTransferPolicy,
  type EcpClientConfig,
  type EcpServerConfig
} from "./config.ts"
import { type EcpClientState, initialClientState } from "./client.ts"
import { EcpOutbox } from "./outbox.ts"
import { type EcpServerState, initialServerState } from "./server.ts"

export { ecpClient, type EcpClientState, serverLostStatus } from "./client.ts"
export {
  defaultResponseAfter,
  defaultResponseDeadline,
  defaultSessionPolicy,
  defaultTransferPolicy,
  type EcpClientConfig,
  type EcpServerConfig,
  type FileJob,
  type ServerRef,
  type SessionPolicy,
  type TransferPolicy
} from "./config.ts"
export { CONNECT_BYTES, CONTROL_BYTES, type Direction, type EcpMessage } from "./messages.ts"
export { defaultEcpSchedule, type EcpScheduleConfig, ecpSchedule, type NamedFile } from "./schedule.ts"
export { EcpOutbox, type ReadyResponse } from "./outbox.ts"
export { ecpServer, type EcpServerState, responseBytes, responseFile } from "./server.ts"

/** The flow id of a participant's ECP SFTP channel: the estate's template instantiated for it (topology/model.ts). */
export const ecpFlowId = (participant: string, flowTemplate: string): string => `${participant}/${flowTemplate}`

export const ecpClientState = (config: EcpClientConfig): EcpClientState =>
  initialClientState({
    participant: config.participant,
    flow: ecpFlowId(config.participant, config.flowTemplate),
    servers: config.servers,
    jobs: config.jobs,
    transfer: { ...defaultTransferPolicy, ...config.transfer },
    session: { ...defaultSessionPolicy, ...config.session }
  })

export const ecpServerState = (config: EcpServerConfig): EcpServerState =>
  initialServerState(
    {
      responseAfter: config.responseAfter ?? defaultResponseAfter,
      responseDeadline: config.responseDeadline ?? defaultResponseDeadline,
      responseRatio: config.responseRatio ?? defaultResponseRatio,
      responseMinBytes: config.responseMinBytes ?? defaultResponseMinBytes,
      outbox: config.outbox ?? new EcpOutbox()
    },
    config.open
  )
