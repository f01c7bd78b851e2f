/**
 * The BSS side of one OCG-C session driven by a real FIX client (issue 20 item 3: the real session IS the
 * model's session for its Comp ID). It stands where `clientSession` would for that Comp ID and does none of
 * its work — no Lookup, no Logon, no heartbeats, no orders: the real client does those on the wire
 * (twin/wire/ocg/). It only says in the trace what the real session did, as the model's BSS would: an
 * `ocg.session` event on every change of its connection (`logon`, `disconnected`) and a `flow.status` for
 * its session flow on change (`up` 1 of 2 while logged on to its primary or secondary, as client-session.ts).
 *
 * Its inputs are `RealSessionReport`s the endpoint hands the live world (LiveSession.tell) at the instant
 * they happened; it has no timers. At its start it reports the flow down, "not logged on yet", as the
 * modelled BSS does. Its machine id is not the session's flow id (`realClientMachineId`), so
 * what reads a `ClientState` by that id (the execution ledger, the heartbeat elision, the gateway-down
 * report of wire-ocg.ts) finds no modelled BSS for the Comp ID and leaves it alone.
 */
import type { Machine, Step } from "../../engine/machine.ts"
import { emit } from "../../engine/machine.ts"
import { flowStatus } from "../flow-status.ts"
import type { Role } from "./client-state.ts"

/** What the endpoint reports of a real session. */
export type RealSessionReport =
  | { readonly _tag: "RealLogon"; readonly gateway: string; readonly role: Role }
  | { readonly _tag: "RealDisconnected"; readonly gateway: string; readonly role: Role; readonly reason: string }

export interface RealClientState {
  readonly participant: string
  readonly compId: string
  /** The session's flow id (topology/model.ts), as client-session.ts reports it. */
  readonly flow: string
  /** Where it is logged on now, if anywhere. */
  readonly at: { readonly gateway: string; readonly role: Role } | undefined
}

export const realClientState = (config: { readonly participant: string; readonly compId: string; readonly flow: string }): RealClientState => ({
  ...config,
  at: undefined
})

/** The machine id of a real session's stand-in: distinct from the flow id the modelled BSS uses. */
export const realClientMachineId = (flow: string): string => `${flow}/real`

export const realClient: Machine<RealClientState, RealSessionReport> = {
  step: (state, input): Step<RealClientState, RealSessionReport> => {
    const { participant, compId, flow } = state
    // At the start of the day, as the modelled BSS reports its flow (client-session.ts).
    if (input._tag === "start") return [state, [flowStatus({ participant, flow, service: "otp-c", up: 0, of: 2, degraded: false, detail: "not logged on yet" })]]
    if (input._tag !== "receive") return [state, []]
    const m = input.message
    if (m._tag === "RealLogon") {
      const next = { ...state, at: { gateway: m.gateway, role: m.role } }
      return [next, [
        emit("ocg.session", { compId, flow, event: "logon", gateway: m.gateway, role: m.role }, participant),
        flowStatus({ participant, flow, service: "otp-c", up: 1, of: 2, degraded: false, detail: `logged on to ${m.gateway} (${m.role})` })
      ]]
    }
    // A disconnect of a connection that is not the logged-on one (a duplicate's, a stale one) changes nothing.
    if (state.at === undefined || state.at.gateway !== m.gateway) return [state, []]
    return [{ ...state, at: undefined }, [
      emit("ocg.session", { compId, flow, event: "disconnected", gateway: m.gateway, role: m.role, reason: m.reason }, participant),
      flowStatus({ participant, flow, service: "otp-c", up: 0, of: 2, degraded: false, detail: m.reason })
    ]]
  }
}
