/**
 * One OCG-C Lookup Service endpoint (DOMAIN §1 Lookup Service): answers a Lookup Request with the Comp ID's
 * primary and secondary gateway, or rejects an unknown Comp ID.
 *
 * Closed (the backup site's endpoints until a failover) it refuses the connection at once: the BSS sees a
 * `Disconnect` with reason "refused", which it treats like a rejection (wait 5 s, try the next endpoint).
 * Open or close it with a `Control` message (`open` / `close`) from a scenario. An endpoint that is cut off
 * is the network's business: the request is lost and the BSS times out.
 *
 * `crash` stops the machine (a node down): it answers nothing until `restart`. It loses nothing a restart
 * needs — Comp ID assignments are configuration and Lookup connections last one request — so a restarted
 * endpoint answers at once; an open/close command while it is down still takes effect on restart.
 *
 * Gotcha: Lookup messages always carry sequence number 1 and do not touch the session's sequence numbers
 * (DOMAIN §1 Lookup Response).
 */
import { emit, type Machine, send, type Step } from "../../engine/machine.ts"
import { bytes, type OcgMessage, type OcgWire, wire } from "./messages.ts"
import { FIRST_SEQUENCE } from "./rules.ts"

export interface GatewayPair {
  readonly primary: string
  readonly secondary: string
}

export interface LookupServiceState {
  readonly open: boolean
  /** Crashed (absent: up). */
  readonly down?: boolean
  readonly assignments: ReadonlyMap<string, GatewayPair>
  readonly answered: number
  readonly refused: number
}

export const lookupService: Machine<LookupServiceState, OcgMessage> = {
  step: (state, input): Step<LookupServiceState, OcgMessage> => {
    if (input._tag !== "receive") return [state, []]
    const m = input.message
    if (m._tag === "Control") {
      if (m.command === "crash" || m.command === "restart") {
        const down = m.command === "crash"
        if (down === (state.down ?? false)) return [state, []]
        return [{ ...state, down }, [emit("ocg.lookup", { event: down ? "crashed" : "restarted" })]]
      }
      if (m.command !== "open" && m.command !== "close") return [state, []]
      const open = m.command === "open"
      if (open === state.open) return [state, []]
      return [{ ...state, open }, [emit("ocg.lookup", { event: open ? "opened" : "closed" })]]
    }
    if (m._tag !== "LookupRequest" || state.down === true) return [state, []]
    if (!state.open) {
      const refusal: OcgMessage = { _tag: "Disconnect", compId: m.compId, conn: m.conn, reason: "refused" }
      return [{ ...state, refused: state.refused + 1 }, [send(input.from, refusal, bytes(refusal), m.conn)]]
    }
    const pair = state.assignments.get(m.compId)
    const header = { compId: m.compId, conn: m.conn, seq: FIRST_SEQUENCE, possDup: false, possResend: false }
    const response: OcgWire = pair === undefined
      ? wire(header, { _tag: "LookupResponse", accepted: false, primary: undefined, secondary: undefined, reason: "invalid client" })
      : wire(header, { _tag: "LookupResponse", accepted: true, primary: pair.primary, secondary: pair.secondary, reason: undefined })
    return [{ ...state, answered: state.answered + 1 }, [send(input.from, response, bytes(response, false), m.conn)]]
  }
}
