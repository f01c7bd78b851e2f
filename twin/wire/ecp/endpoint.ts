/**
 * The ECP SFTP endpoint of the rig: a real SFTP server (ssh2) for each participant the rig watches that
 * uses ECP, on one port per ECP server of the estate (nodes of kind `ecp-sftp-server`), following the live
 * world:
 *
 * - Files: the participant's day (twin/models/ecp/schedule.ts with the world's seed and settings, as the
 *   ECP wiring draws it) — each download appears in `/download` at its time; the model's own responses
 *   (`ecp.server` response-ready for the participant) too. Contents: content.ts.
 * - Uploads are taken inside the submission window only (`settings.ecp.submissions`, DOMAIN §4 [S]
 *   07:00–15:00, by the world's clock): outside it a file is not opened for writing (PERMISSION_DENIED).
 * - A real upload (a file closed in `/upload`) is written to the trace (`ecp.wire` upload) and answered:
 *   `ecp.wire` response-ready is written for now + the server's modelled delay (`responseAfter`, the
 *   model's default 600 s), and the response file (name and size by the model's rules) appears when the
 *   world reaches it.
 * - Gate: for each (participant, server), at the start and after every step that changes the world or a
 *   site (twin/rig/world-changes.ts): the server's site closed (backup site before failover, followed
 *   through `ecp.server` opened/closed) → refused; the server node down → every session lost silently
 *   (reset when the node is up again: sftp-port.ts), then unreachable; `pathNow(P.bss → server)` not open
 *   → unreachable; its MTU below a full segment → MTU cut (sftp-port.ts). Stalled sessions fail after
 *   `failAfter` (the model's 60 s).
 *
 * Pacing: everything follows `onAdvanced`, which the live pacer drives, so a file appears and a path
 * fails on the wire when the map shows it. Nothing here runs without the rig: a run without it has no
 * `ecp.wire` and its trace stays byte for byte the same.
 */
import { mkdirSync, realpathSync, rmSync } from "node:fs"
import { join } from "node:path"
import { premises } from "../../../topology/model.ts"
import { type EcpWireData, responseParticipant } from "../../contract/kinds-csc-ecp.ts"
import { isKind } from "../../contract/trace-event.ts"
import { formatTimeOfDay, type Micros } from "../../engine/time.ts"
import { defaultEcpSchedule, defaultResponseAfter, defaultTransferPolicy, ecpSchedule, type FileJob, responseBytes, responseFile } from "../../models/ecp/index.ts"
import { defaultResponseMinBytes, defaultResponseRatio } from "../../models/ecp/config.ts"
import type { RigContext, RigEndpoint, RigEndpointFactory, RigListing } from "../../rig/rig-endpoint.ts"
import { changesTheWorld } from "../../rig/world-changes.ts"
import type { LiveWorldView } from "../../serve/live-world-view.ts"
import type { EcpSubmissionWindow } from "../../settings/ecp.ts"
import { scheduleSettings } from "../../simulate/wire-ecp.ts"
import { DOWNLOAD, UPLOAD } from "./confine.ts"
import { writeFile } from "./content.ts"
import { ecpDir, ensureHostKey, ensureParticipantKey } from "./keys.ts"
import { defaultPortLimits, type PortLimits, type Reach, SftpPort, type UserShare } from "./sftp-port.ts"

export const ECP_SERVER_KIND = "ecp-sftp-server"

export interface EcpEndpointOptions {
  readonly limits?: Partial<PortLimits>
  /** A stalled session is dropped after this much of the world's time (default: the model's failAfter, 60 s). */
  readonly failAfter?: Micros
  /** Delay from a real upload to its response (default: the model's, 600 s). */
  readonly responseAfter?: Micros
}

/** The MTU of a full segment on the hosts' links: a path MTU below it black-holes full-size segments. */
const FULL_SEGMENT = 1500

/** The reach of `participant`'s `server` now. */
export const reachOf = (session: LiveWorldView, participant: string, server: string, siteOpen: boolean): Reach => {
  if (!siteOpen) return { _tag: "closed" }
  if (session.state.nodesDown.has(server)) return { _tag: "unreachable" }
  const path = session.pathNow(premises(participant).bss, server)
  if (path === undefined || !path.open) return { _tag: "unreachable" }
  return path.mtu < FULL_SEGMENT ? { _tag: "mtu", mtu: path.mtu } : { _tag: "open" }
}

/** Why an upload is refused at `now` (outside `[from, until)`), or undefined inside the window. */
export const uploadRefusal = (window: EcpSubmissionWindow, now: Micros): string | undefined =>
  now >= window.from && now < window.until
    ? undefined
    : `uploads are taken ${formatTimeOfDay(window.from)}–${formatTimeOfDay(window.until)} only (now ${formatTimeOfDay(now)})`

/** The participant's folder: `home/P`, with `/download` and `/upload` emptied (a new day). */
export const userHome = (stateDir: string, participant: string): string => {
  const root = join(ecpDir(stateDir), "home", participant)
  for (const sub of [DOWNLOAD, UPLOAD]) {
    rmSync(join(root, sub), { recursive: true, force: true })
    mkdirSync(join(root, sub), { recursive: true, mode: 0o755 })
  }
  return realpathSync(root)
}

/** The downloads the model gives `participant` in the world's window, by time. */
export const dayDownloads = (session: LiveWorldView, participant: string): ReadonlyArray<FileJob> =>
  ecpSchedule({ ...scheduleSettings(session.settings.ecp, participant), participant, seed: session.seed })
    .filter((j) => j.direction === "download" && j.at >= session.window.from && j.at < session.window.to)
    .sort((a, b) => a.at - b.at)

export interface EcpSftpEndpoint extends RigEndpoint {
  /** Resolves when every port has applied the reach of the last step (listeners swapped). */
  readonly settled: () => Promise<void>
  /** The reach `participant`'s port for `server` was last given (undefined: no such port). */
  readonly reach: (participant: string, server: string) => Reach | undefined
}

export const startEcpSftp = async (ctx: RigContext, options: EcpEndpointOptions = {}): Promise<EcpSftpEndpoint> => {
  const { session } = ctx
  const model = session.model
  const limits: PortLimits = { ...defaultPortLimits, ...options.limits }
  const failAfter = options.failAfter ?? defaultTransferPolicy.failAfter
  const responseAfter = options.responseAfter ?? defaultResponseAfter
  const submissions = session.settings.ecp?.submissions ?? { from: defaultEcpSchedule.submitFrom, until: defaultEcpSchedule.submitUntil }
  const servers = model.file.nodes.filter((n) => n.kind === ECP_SERVER_KIND)
  const siteOpen = new Map(servers.map((s) => [s.id, s.closedUntilFailover !== true]))
  const crashed = new Set<string>()
  const users = ctx.watched.filter((p) => model.participantById.get(p)?.ecp === true)
  // Nobody to serve (an estate without ECP, `--rig none`): no keys, no folders, no ports.
  if (users.length === 0 || servers.length === 0) return { listing: () => [], settled: async () => undefined, reach: () => undefined, close: async () => undefined }
  const hostKey = ensureHostKey(ctx.stateDir)

  interface User {
    readonly id: string
    readonly root: string
    readonly pending: Array<FileJob>
    readonly ports: Array<SftpPort>
  }
  const byId = new Map<string, User>()
  const ports: Array<SftpPort> = []
  const wire = (participant: string) => (data: EcpWireData) => session.recordAt(session.now, "ecp.wire", participant, data)
  const put = (u: User, file: string, bytes: number) => writeFile(join(u.root, DOWNLOAD, file), session.seed, u.id, file, bytes)

  try {
    for (const p of users) {
      const u: User = { id: p, root: userHome(ctx.stateDir, p), pending: [...dayDownloads(session, p)], ports: [] }
      byId.set(p, u)
      const userKey = ensureParticipantKey(ctx.stateDir, p)
      const share: UserShare = { sessions: 0 }
      for (const s of servers) {
        const record = wire(p)
        const port = await SftpPort.open({
          host: ctx.host,
          participant: p,
          server: s.id,
          hostKey,
          userKey,
          root: u.root,
          limits,
          share,
          wire: record,
          uploadsRefused: () => uploadRefusal(submissions, session.now),
          closed: (direction, file, bytes) => {
            record({ event: direction, server: s.id, file, bytes })
            if (direction !== "upload") return
            const answer = responseFile(file)
            const size = responseBytes({ responseRatio: defaultResponseRatio, responseMinBytes: defaultResponseMinBytes }, bytes)
            session.recordAt(session.now + responseAfter, "ecp.wire", p, { event: "response-ready", server: s.id, file: answer, bytes: size, answers: file })
          }
        }, reachOf(session, p, s.id, siteOpen.get(s.id) ?? false))
        u.ports.push(port)
        ports.push(port)
      }
    }
  } catch (e) {
    for (const port of ports) await port.close()
    throw e
  }

  /**
   * After a step to `now`: the downloads due, then — when the step changed the world or a site
   * (`rejudge`) — crashes and every port's reach, then the sessions' stall timers.
   */
  const follow = (now: Micros, rejudge: boolean) => {
    for (const u of byId.values()) {
      while (u.pending.length > 0 && u.pending[0]!.at <= now) {
        const job = u.pending.shift()!
        put(u, job.file, job.bytes)
      }
    }
    if (rejudge) {
      for (const s of servers) {
        const down = session.state.nodesDown.has(s.id)
        if (down === crashed.has(s.id)) continue
        const on = [...byId.values()].flatMap((u) => u.ports.filter((port) => port.options.server === s.id))
        if (down) {
          for (const port of on) port.crash()
          crashed.add(s.id)
        } else {
          for (const port of on) port.restart()
          crashed.delete(s.id)
        }
      }
    }
    for (const u of byId.values()) {
      for (const port of u.ports) {
        if (rejudge) void port.setReach(reachOf(session, u.id, port.options.server, siteOpen.get(port.options.server) ?? false))
        port.tick(now, failAfter)
      }
    }
  }

  // ECP only: on two threads it runs while the trading path's thread finishes the step.
  session.onPartAdvanced((fresh, now) => {
    if (closed) return
    // Reach follows the paths and the state (they change only with the world: twin/rig/world-changes.ts)
    // and the sites (`ecp.server` opened/closed).
    let rejudge = changesTheWorld(fresh)
    for (const e of fresh) {
      if (isKind(e, "ecp.server") && siteOpen.has(e.subject)) {
        const d = e.data
        if (d.event === "opened" || d.event === "closed") {
          siteOpen.set(e.subject, d.event === "opened")
          rejudge = true
        }
        if (d.event === "response-ready") {
          const u = byId.get(responseParticipant(d))
          if (u !== undefined) put(u, d.file, d.bytes)
        }
      }
      if (isKind(e, "ecp.wire")) {
        const d = e.data
        const u = byId.get(e.subject)
        if (u !== undefined && d.event === "response-ready" && d.file !== undefined && d.bytes !== undefined) put(u, d.file, d.bytes)
      }
    }
    follow(now, rejudge)
  })
  let closed = false
  follow(session.now, true)

  const listing: Array<RigListing> = [...byId.values()].flatMap((u) =>
    u.ports.map((port) => ({
      service: "ecp-sftp",
      name: `${u.id} sftp ${port.options.server}`,
      participant: u.id,
      transport: "tcp" as const,
      address: ctx.host,
      port: port.port,
      element: port.options.server,
      role: "sftp"
    }))
  )
  if (users.length > 0) ctx.log(`ecp-sftp: ${users.length} user(s) on ${servers.length} server(s); keys: twin ecp key P --state ${ctx.stateDir}`)
  return {
    listing: () => listing,
    settled: async () => void (await Promise.all(ports.map((p) => p.settled()))),
    reach: (participant, server) => byId.get(participant)?.ports.find((p) => p.options.server === server)?.currentReach,
    close: async () => {
      closed = true
      for (const port of ports) await port.close()
    }
  }
}

export const ecpSftpEndpoint: RigEndpointFactory = { service: "ecp-sftp", start: (ctx) => startEcpSftp(ctx) }
