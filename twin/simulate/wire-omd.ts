/**
 * OMD-C and OMD-CC in a simulated world: per channel group and line a publisher on the line's publisher
 * node (primary site) and a refresh publisher on the line's refresh server, the DR channel, the four RTS
 * servers, and the participants' feed handlers — grouped into cohorts (cohort.ts): participants taking the
 * same channel group over the same PoPs (in circuit order) share one feed-handler machine, hosted on the
 * cohort's first member. On the default estate that is about 60 machines instead of about 1,070.
 *
 * World changes reach the machines: a publisher node down crashes its publishers (back up restarts them,
 * without catch-up), an RTS server node down crashes that server (its sessions are lost); a clock skew on a
 * publisher node shifts the SendTime of every publisher on it (the DR channel's too); a DR failover sends
 * DR Signal 1 on the DR channel.
 *
 * A cohort holds while its members' paths are the same: when a fault touches one member's own circuit or
 * premises, that member leaves (or, if it hosts the cohort, the others leave) with a copy of the cohort's
 * feed-handler state, so from then on each side sees its own path. The copy starts a fresh RTS session of
 * its own (one session per user); a recovery in flight at the split stays with the original machine.
 */
import type { Participant } from "../../topology/schema.ts"
import type { Runtime } from "../engine/runtime.ts"
import { type Control as OmdControl, type Line, LINES } from "../models/omd/messages.ts"
import {
  drPublisherNode,
  feedHandler,
  type FeedHandlerState,
  feedHandlerNode,
  publisherNode,
  refreshPublisherNode,
  rtsServerNode
} from "../models/omd/index.ts"
import { initialRtsClient } from "../models/omd/rts-client.ts"
import { cohortMachine } from "./cohort.ts"
import type { Wiring } from "./wiring.ts"

interface Product {
  /** Channel group as the models name it. */
  readonly group: string
  readonly channel: string
  readonly service: "omd-c" | "omd-cc"
  /** Flow template id in the estate (topology/generate/backbone.ts). */
  readonly flowTemplate: string
  readonly publisherNode: (line: Line) => string
  readonly refreshNode: (line: Line) => string | undefined
  readonly takes: (p: Participant) => boolean
}

const line = (l: Line) => l.toLowerCase()

const products: ReadonlyArray<Product> = [
  ...(["SS", "SP", "SF"] as const).map((g): Product => ({
    group: g,
    channel: `omdc/${g}`,
    service: "omd-c",
    flowTemplate: `omdc-${g.toLowerCase()}`,
    publisherNode: (l) => `omdc-pub-dc1-${line(l)}`,
    refreshNode: (l) => `refresh-dc1-${line(l)}`,
    takes: (p) => p.omdC.includes(g)
  })),
  {
    group: "CC",
    channel: "omdcc/CC",
    service: "omd-cc",
    flowTemplate: "omdcc",
    publisherNode: (l) => `omdcc-pub-dc1-${line(l)}`,
    refreshNode: () => undefined, // OMD-CC refresh is not modelled yet: recovery through RTS only
    takes: (p) => p.omdCC
  }
]

const RTS_ENDPOINTS = ["rts-dc1-1", "rts-dc1-2", "rts-dc2-1", "rts-dc2-2"]

export const omdWiring: Wiring = {
  system: "omd",
  wire: ({ model, runtime, window, world }) => {
    const present = (id: string | undefined): id is string => id !== undefined && model.nodeById.has(id)
    const start = Math.min(window.from, 6 * 3_600_000_000) // publishers start the day at or before 06:00
    for (const product of products) {
      for (const l of LINES) {
        const pubNode = product.publisherNode(l)
        if (!present(pubNode)) continue
        const pub = publisherNode({ group: product.group, channel: product.channel, line: l })
        runtime.add(`${pubNode}/${product.group}`, pubNode, pub.machine, pub.state, start)
        const refreshNode = product.refreshNode(l)
        if (present(refreshNode)) {
          const refresh = refreshPublisherNode({ group: product.group, channel: product.channel, line: l })
          const id = `${refreshNode}/${product.group}`
          runtime.add(id, refreshNode, refresh.machine, refresh.state, start)
          for (const g of refresh.subscribe) runtime.subscribe(g, id)
        }
      }
    }
    for (const l of LINES) {
      const node = `omdc-pub-dc1-${line(l)}`
      if (!present(node)) continue
      const dr = drPublisherNode(l)
      runtime.add(`${node}/DR`, node, dr.machine, dr.state, start)
    }
    const rtsEndpoints = RTS_ENDPOINTS.filter(present)
    for (const id of rtsEndpoints) {
      const rts = rtsServerNode({
        channels: products.map((p) => ({ channel: p.channel, meanMessageBytes: 32 }))
      })
      runtime.add(id, id, rts.machine, rts.state, start)
      for (const g of rts.subscribe) runtime.subscribe(g, id)
    }

    const cohorts: Array<Cohort> = []
    for (const product of products) {
      const byPops = new Map<string, Array<string>>()
      for (const p of model.file.participants) {
        if (!product.takes(p)) continue
        const key = p.circuits.map((c) => c.pop).join(",")
        const members = byPops.get(key)
        if (members === undefined) byPops.set(key, [p.id])
        else members.push(p.id)
      }
      for (const members of byPops.values()) {
        const representative = members[0]!
        const fh = feedHandlerNode({
          participant: representative,
          group: product.group,
          channel: product.channel,
          service: product.service,
          flow: `${representative}/${product.flowTemplate}`,
          rtsEndpoints
        })
        const cohort: Cohort = { id: `${representative}.fh/${product.group}`, group: product.group, representative, host: representative, members, subscribe: fh.subscribe }
        runtime.add(cohort.id, `${representative}.fh`, cohortMachine(fh.machine, representative, () => cohort.members), fh.state, window.from)
        for (const g of fh.subscribe) runtime.subscribe(g, cohort.id)
        cohorts.push(cohort)
      }
    }

    const publishers: Array<{ readonly id: string; readonly node: string }> = []
    for (const product of products) {
      for (const l of LINES) {
        const node = product.publisherNode(l)
        if (present(node)) publishers.push({ id: `${node}/${product.group}`, node })
      }
    }
    const drNodes = LINES.map((l) => `omdc-pub-dc1-${line(l)}`).filter(present)
    const drPublishers = drNodes.map((n) => `${n}/DR`)
    const ops = (command: OmdControl) => ({ _tag: "receive" as const, from: "ops", message: command })
    world.onChange((what, subject) => {
      if (what === "node") {
        const down = world.state.nodesDown.has(subject)
        for (const p of publishers) {
          if (p.node === subject) runtime.inject(runtime.now, p.id, ops(down ? { _tag: "control", command: "crash" } : { _tag: "control", command: "restart", catchUp: false }))
        }
        if (rtsEndpoints.includes(subject)) {
          runtime.inject(runtime.now, subject, ops(down ? { _tag: "control", command: "crash" } : { _tag: "control", command: "restart", catchUp: false }))
        }
      }
      if (what === "clock") {
        const skew = world.state.clockSkew.get(subject) ?? 0
        const onNode = [...publishers.filter((p) => p.node === subject).map((p) => p.id), ...(drNodes.includes(subject) ? [`${subject}/DR`] : [])]
        for (const id of onNode) runtime.inject(runtime.now, id, ops({ _tag: "control", command: "clock-skew", skew }))
      }
      if (what === "dr-failover" && world.state.drFailover) {
        // DOMAIN §3: DR Signal 1 (in progress, clear caches) now; 2 (completed) is sent by operations later.
        for (const id of drPublishers) runtime.inject(runtime.now, id, ops({ _tag: "control", command: "dr-signal", drStatus: 1 }))
      }
    })
    world.onChange((_what, subject) => {
      const participant = model.linkById.get(subject)?.participant ?? model.nodeById.get(subject)?.participant
      if (participant === undefined) return
      for (const cohort of [...cohorts]) {
        if (cohort.members.length < 2 || !cohort.members.includes(participant)) continue
        const leaving = participant === cohort.host ? cohort.members.filter((m) => m !== participant) : [participant]
        cohort.members = cohort.members.filter((m) => !leaving.includes(m))
        cohorts.push(split(runtime, cohort, leaving))
      }
    })
  }
}

interface Cohort {
  readonly id: string
  readonly group: string
  /** The participant the machine's state speaks for (its events are renamed to each member). */
  readonly representative: string
  /** The participant whose feed-handler node hosts the machine: traffic follows its path. */
  readonly host: string
  members: ReadonlyArray<string>
  readonly subscribe: ReadonlyArray<string>
}

/** A new machine for `members`, hosted on the first of them, with a copy of the cohort's state. */
const split = (runtime: Runtime, from: Cohort, members: ReadonlyArray<string>): Cohort => {
  const host = members[0]!
  const state = runtime.stateOf<FeedHandlerState>(from.id)
  const copy: FeedHandlerState = {
    ...state,
    // Lazy timers are re-armed by the machine when these are unset (the new slot has no timers).
    silenceAt: undefined,
    expiryAt: undefined,
    rts: initialRtsClient({ ...state.rts.config, user: `${host}-${from.group}` })
  }
  const cohort: Cohort = { id: `${host}.fh/${from.group}`, group: from.group, representative: from.representative, host, members, subscribe: from.subscribe }
  runtime.add(cohort.id, `${host}.fh`, cohortMachine(feedHandler, from.representative, () => cohort.members), copy, runtime.now)
  for (const g of from.subscribe) runtime.subscribe(g, cohort.id)
  runtime.record("omd.cohort.split", cohort.id, { from: from.id, members: [...members] })
  return cohort
}
