/**
 * ECP SFTP in a simulated world: one server machine per ECP SFTP node (the backup site's closed until
 * failover), one client per participant using ECP, with that participant's seeded file schedule for the
 * window. Servers are tried in the order of the estate's `ecp-sftp` flow members; a DR failover opens the
 * backup site's servers; a server node down crashes that server, back up restarts it.
 */
import { ecpClient, ecpClientState, ecpSchedule, ecpServer, ecpServerState, type ServerRef } from "../models/ecp/index.ts"
import type { Wiring } from "./wiring.ts"

export const ecpWiring: Wiring = {
  system: "ecp-sftp",
  wire: ({ model, runtime, window, seed, world }) => {
    const template = model.file.flows.find((f) => f.service === "ecp-sftp" && f.pattern === "session")
    if (template === undefined) return
    const servers: Array<ServerRef> = (template.members ?? []).flatMap((m) => m.targets).map((id) => ({
      id,
      closedUntilFailover: model.nodeById.get(id)?.closedUntilFailover ?? false
    }))
    for (const s of servers) runtime.add(s.id, s.id, ecpServer, ecpServerState({ open: !s.closedUntilFailover }), window.from)
    // DR failover opens the backup site's servers (closed until failover); undoing it closes them again.
    world.onChange((what, subject) => {
      if (what === "node" && servers.some((s) => s.id === subject)) {
        runtime.inject(runtime.now, subject, { _tag: "receive", from: "scenario", message: { _tag: "power", up: !world.state.nodesDown.has(subject) } })
      }
      if (what !== "dr-failover") return
      for (const s of servers) {
        if (s.closedUntilFailover) runtime.inject(runtime.now, s.id, { _tag: "receive", from: "scenario", message: { _tag: "site", open: world.state.drFailover } })
      }
    })
    for (const p of model.file.participants) {
      if (!p.ecp) continue
      const jobs = ecpSchedule({ participant: p.id, seed }).filter((j) => j.at >= window.from && j.at < window.to)
      runtime.add(`${p.id}.ecp`, `${p.id}.bss`, ecpClient, ecpClientState({ participant: p.id, servers, jobs }), window.from)
    }
  }
}
