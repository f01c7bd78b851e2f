/**
 * ECP SFTP in a simulated world: one server machine per ECP SFTP node (the backup site's closed until
 * failover), one client per participant using ECP, with that participant's file schedule for the window:
 * the seeded day, shaped by `settings.ecp` (twin/settings/ecp.ts), and the files it names for the
 * participant. Servers are tried in the order of the members of the estate's ECP SFTP session flow (whose id the
 * clients report their flow under); a DR failover opens the
 * backup site's servers; a server node down crashes that server, back up restarts it, and each client whose
 * session was open on it reports it down from that instant (`server-lost`, client.ts).
 */
import { ecpClient, type EcpClientState, ecpClientState, EcpOutbox, serverLostStatus, ecpSchedule, type EcpScheduleConfig, ecpServer, ecpServerState, type ServerRef } from "../models/ecp/index.ts"
import type { EcpSeededFiles, EcpSettings } from "../settings/ecp.ts"
import type { Micros } from "../engine/time.ts"
import { FLOW_STATUS } from "../models/flow-status.ts"
import { ecpKeepalive } from "./keepalive-ecp.ts"
import { KeepaliveElision } from "./keepalive-elision.ts"
import type { Wiring } from "./wiring.ts"

type Seeded = Omit<EcpScheduleConfig, "participant" | "seed" | "named">

/** Only the fields the user set, so that the schedule's defaults hold for the rest. */
const seeded = (prefix: "upload" | "download", s: EcpSeededFiles | undefined): Seeded => {
  if (s === undefined) return {}
  const window = prefix === "upload" ? (["submitFrom", "submitUntil"] as const) : (["downloadFrom", "downloadUntil"] as const)
  const out: Record<string, unknown> = {}
  if (s.count !== undefined) out[`${prefix}s`] = s.count
  if (s.kinds !== undefined) out[`${prefix}Kinds`] = s.kinds
  if (s.from !== undefined) out[window[0]] = s.from
  if (s.until !== undefined) out[window[1]] = s.until
  if (s.bytes !== undefined) out[`${prefix}Bytes`] = s.bytes
  if (s.deadlineAfter !== undefined) out[`${prefix}DeadlineAfter`] = s.deadlineAfter
  return out as Seeded
}

/** The schedule config of `participant`: the seeded day as set, and the named files that are for it. */
export const scheduleSettings = (settings: EcpSettings | undefined, participant: string): Omit<EcpScheduleConfig, "participant" | "seed"> => {
  if (settings === undefined) return {}
  const named = (settings.files ?? []).filter((f) => f.participants === undefined || f.participants.includes(participant))
  return {
    ...seeded("upload", settings.uploads),
    ...seeded("download", settings.downloads),
    ...(named.length > 0 ? { named: named.map(({ participants: _, ...f }) => f) } : {})
  }
}

/**
 * `elideKeepalives: false` simulates every keepalive (the reference the elision is tested against); the
 * trace is the same either way (keepalive-elision.ts).
 */
export const ecpWiringOf = (options: { readonly elideKeepalives: boolean }): Wiring => ({
  system: "ecp-sftp",
  wire: ({ model, runtime, window, seed, world, settings }) => {
    const template = model.file.flows.find((f) => f.service === "ecp-sftp" && f.pattern === "session")
    if (template === undefined) return
    const servers: Array<ServerRef> = (template.members ?? []).flatMap((m) => m.targets).map((id) => ({
      id,
      closedUntilFailover: model.nodeById.get(id)?.closedUntilFailover ?? false
    }))
    // One file store behind every server (server.ts): a poll on any of them lists the responses ready.
    const outbox = new EcpOutbox()
    for (const s of servers) runtime.add(s.id, s.id, ecpServer, ecpServerState({ open: !s.closedUntilFailover, outbox }), window.from)
    const clients: Array<string> = []
    // DR failover opens the backup site's servers (closed until failover); undoing it closes them again.
    world.onChange((change) => {
      if (change._tag === "NodeDown" && servers.some((s) => s.id === change.node)) {
        const up = !world.state.nodesDown.has(change.node)
        runtime.inject(runtime.now, change.node, { _tag: "receive", from: "scenario", message: { _tag: "power", up } })
        // Its sessions are down from the crash, as OTP-C and China Connect sessions on a dead gateway are:
        // written now, before health judges the change, and the client told so that it takes it as its own.
        if (!up) {
          for (const c of clients) {
            const state = runtime.stateOf<EcpClientState>(c)
            const lost = serverLostStatus(state, change.node)
            if (lost === undefined) continue
            runtime.record(FLOW_STATUS, state.settings.participant, lost)
            runtime.inject(runtime.now, c, { _tag: "receive", from: "scenario", message: { _tag: "server-lost", server: change.node } })
          }
        }
      }
      if (change._tag !== "DrFailover") return
      for (const s of servers) {
        if (s.closedUntilFailover) runtime.inject(runtime.now, s.id, { _tag: "receive", from: "scenario", message: { _tag: "site", open: world.state.drFailover } })
      }
    })
    const units: Array<{ readonly node: string; readonly clients: ReadonlyArray<string> }> = []
    let period: Micros | undefined
    for (const p of model.file.participants) {
      if (!p.ecp) continue
      const jobs = ecpSchedule({ ...scheduleSettings(settings.ecp, p.id), participant: p.id, seed }).filter((j) => j.at >= window.from && j.at < window.to)
      const state = ecpClientState({ participant: p.id, flowTemplate: template.id, servers, jobs })
      period ??= state.settings.session.keepaliveEvery
      runtime.add(`${p.id}.ecp`, `${p.id}.bss`, ecpClient, state, window.from)
      clients.push(`${p.id}.ecp`)
      units.push({ node: `${p.id}.bss`, clients: [`${p.id}.ecp`] })
    }
    if (options.elideKeepalives && period !== undefined) new KeepaliveElision(runtime, world, ecpKeepalive, period, units).start(window.from + period)
  }
})

export const ecpWiring: Wiring = ecpWiringOf({ elideKeepalives: true })
