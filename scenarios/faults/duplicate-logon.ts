/**
 * `duplicate-logon`: a second connection for an OCG-C Comp ID logs on while the session is up — a standby
 * BSS started with the live session's Comp ID, a mis-set failover script. DOMAIN §1 Duplicate logon: the
 * gateway drops **both** connections, with no Logout; the session then reconnects as after any drop (10 s,
 * the primary first: twin/models/ocg/client-connect.ts), and Cancel-on-Disconnect, if the Comp ID has it,
 * is armed and cancelled by that reconnect within its delay (twin/models/ocg/otp-c.ts).
 *
 * An instant, not a state: at the fault's start the session's BSS machine is told (`duplicate-logon`
 * control) to send the second connection's Logon to the gateway it is logged on to; `for:` has no effect.
 * Unlike the network faults it acts on a machine, not on `World`, so it leaves no `world.change`: its trace
 * is `ocg.session` `duplicate-logon-sent`, then the gateway's `ocg.gateway` `duplicate-logon` and
 * `session-end`. A session not logged on at that instant has nothing to duplicate: nothing happens.
 */
import { Schema } from "effect"
import { issue } from "../../topology/input-issue.ts"
import type { EstateModel } from "../../topology/model.ts"
import { clientMachineId, control } from "../../twin/models/ocg/index.ts"
import { ElementId } from "./estate-refs.ts"
import type { FaultKind } from "./fault.ts"

export const DuplicateLogonParams = Schema.Struct({
  /** The OCG-C session's Comp ID (trading or drop-copy). */
  compId: ElementId
})
export type DuplicateLogonParams = typeof DuplicateLogonParams.Type

/** The participant holding the Comp ID, if the estate has it. */
const holderOf = (model: EstateModel, compId: string): string | undefined =>
  model.file.participants.find((p) => p.ocgSessions.some((s) => s.compId === compId))?.id

export const duplicateLogon: FaultKind<DuplicateLogonParams> = {
  kind: "duplicate-logon",
  description: "A second connection for an OCG-C Comp ID logs on while its session is up: the gateway drops both (no Logout); the session reconnects by the rules.",
  params: DuplicateLogonParams,
  validate: (p, model) =>
    holderOf(model, p.compId) === undefined ? [issue("compId", "an OCG-C Comp ID of the estate's participants", JSON.stringify(p.compId))] : [],
  targets: (p, model) => [holderOf(model, p.compId)!],
  schedule: (p, ctx, window) => {
    const client = clientMachineId(holderOf(ctx.model, p.compId)!, p.compId)
    // Looked up when due: the OCG-C wiring adds the session's machine (absent in a run without OTP-C).
    ctx.runtime.at(window.start, () => {
      if (ctx.runtime.has(client)) ctx.runtime.inject(ctx.runtime.now, client, control("duplicate-logon"))
    })
  }
}
