/**
 * A CCCG whose node goes down crashes (its machine told `power`, twin/models/csc/gateway.ts: sessions and
 * connections lost, a fresh host when the node comes back) — as an OCG-C gateway does (wire-ocg.ts) — and
 * every China Connect session logged on to it, as its BSS sees it, can no longer trade: reported down from
 * this instant (`flow.status`, as the session model words it), not from when the BSS notices (six silent
 * heartbeat intervals, or the reset of the restarted host). The session's own report when it gives the
 * gateway up keeps it down; its next logon brings it up. The same rule as OCG-C's (issue 13: a session on a
 * dead gateway is down), so both trading services read alike in health, reports and drills.
 */
import { fromOps } from "../engine/machine.ts"
import type { Runtime } from "../engine/runtime.ts"
import { type CscMessage, type CscSessionState, gatewayOf } from "../models/csc/index.ts"
import { FLOW_STATUS, gatewayDownStatus } from "../models/flow-status.ts"
import type { World } from "../world/world.ts"

export const cscGatewayCrash = (
  runtime: Runtime,
  world: World,
  gateways: ReadonlyArray<string>,
  /** The session machines, each with the participant it belongs to. */
  sessions: ReadonlyArray<{ readonly machine: string; readonly participant: string }>
): void => {
  world.onChange((change) => {
    if (change._tag !== "NodeDown" || !gateways.includes(change.node)) return
    const g = change.node
    const down = world.state.nodesDown.has(g)
    runtime.inject(runtime.now, g, fromOps<CscMessage>({ _tag: "power", up: !down }))
    if (!down) return
    for (const s of sessions) {
      const state = runtime.stateOf<CscSessionState>(s.machine)
      if (state.link._tag !== "logged-on" || gatewayOf(state, state.link.target) !== g) continue
      runtime.record(FLOW_STATUS, s.participant, gatewayDownStatus(state.settings.flow, "otp-csc", g))
    }
  })
}
