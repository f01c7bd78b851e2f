/**
 * The stand-in for a BSS a real FIX client drives (twin/models/ocg/real-client.ts): it relays what the
 * endpoint tells it to the model's gateway as the model's own messages, numbered by the model session, and
 * hands what the gateway answers to the endpoint (`relayed`), each execution once.
 */
import { describe, expect, it } from "vitest"
import type { Action, Input } from "../../../../twin/engine/machine.ts"
import {
  type Execution,
  type OcgMessage,
  type OcgWire,
  realClient,
  realClientMachineId,
  type RealClientState,
  realClientState,
  type RealSessionReport
} from "../../../../twin/models/ocg/index.ts"

type In = RealSessionReport | OcgMessage
const tell = (message: RealSessionReport): Input<In> => ({ _tag: "receive", from: "rig", message })
const from = (gateway: string, message: OcgMessage): Input<In> => ({ _tag: "receive", from: gateway, message })
const emitted = (actions: ReadonlyArray<Action<In>>) => actions.filter((a) => a._tag === "emit").map((a) => (a._tag === "emit" ? [a.kind, a.data] : []))
/** The messages sent, as [to, tag, seq, conn, detail]. */
const sent = (actions: ReadonlyArray<Action<In>>) =>
  actions.flatMap((a) => {
    if (a._tag !== "send") return []
    const m = a.message
    const seq = "seq" in m ? m.seq : undefined
    const detail = m._tag === "Logon" ? m.nextExpected : m._tag === "NewOrder" ? m.clOrdId : m._tag === "Heartbeat" ? m.testReqId : m._tag === "ResendRequest" ? m.start : undefined
    return [[a.to, m._tag, seq, "conn" in m ? m.conn : undefined, detail]]
  })

const G1 = "ocg-dc1"
const G2 = "ocg-dc2"
const at = (conn: number, seq: number, body: Record<string, unknown>, flags: { possDup?: boolean; possResend?: boolean } = {}): OcgMessage =>
  ({ compId: "P1T01", conn, seq, possDup: flags.possDup ?? false, possResend: flags.possResend ?? false, ...body }) as OcgWire
const execution = (execId: number, execType: Execution["execType"]): Execution => ({
  execId,
  compId: "P1T01",
  clOrdId: 7,
  execType,
  status: execType === "new" ? "new" : "filled",
  quantity: 1000,
  cumQty: execType === "trade" ? 1000 : 0,
  price: 100,
  cancelOnDisconnect: false,
  dropCopyFor: undefined,
  text: undefined
})

/** Runs `inputs` from `s`, returning the last state and every step's actions. */
const run = (s: RealClientState, inputs: ReadonlyArray<Input<In>>) => {
  const steps: Array<ReadonlyArray<Action<In>>> = []
  let state = s
  for (const [i, input] of inputs.entries()) {
    const [next, actions] = realClient.step(state, input, i)
    steps.push(actions)
    state = next
  }
  return { state, steps }
}

describe("the real session's stand-in at the BSS", () => {
  const s0: RealClientState = realClientState({ participant: "P1", compId: "P1T01", flow: "P1/P1T01" })

  it("starts with its flow down, then logs on in the model only when the model's gateway answers", () => {
    const { state, steps } = run(s0, [{ _tag: "start" }, tell({ _tag: "RealLogon", gateway: G1, role: "primary", conn: 3 }), from(G1, at(3, 1, { _tag: "Logon", nextExpected: 2 }))])
    expect(emitted(steps[0]!)).toEqual([["flow.status", { flow: "P1/P1T01", service: "otp-c", up: 0, of: 2, degraded: false, detail: "not logged on yet" }]])
    // The endpoint's Logon becomes the model's: sequence 1 (first of the day), expecting the gateway's 1,
    // on the endpoint's connection number; nothing is reported until the gateway answers.
    expect([sent(steps[1]!), emitted(steps[1]!)]).toEqual([[[G1, "Logon", 1, 3, 1]], []])
    expect(emitted(steps[2]!)).toEqual([
      ["ocg.session", { compId: "P1T01", flow: "P1/P1T01", event: "logon", gateway: G1, role: "primary" }],
      ["flow.status", { flow: "P1/P1T01", service: "otp-c", up: 1, of: 2, degraded: false, detail: `logged on to ${G1} (primary)` }]
    ])
    expect([state.at, state.nextOut, state.nextIn, state.relayed]).toEqual([{ gateway: G1, role: "primary", conn: 3 }, 2, 2, [{ _tag: "LoggedOn", conn: 3 }]])
  })

  it("relays orders numbered by the model session, answers Test Requests itself, and hands each ExecID to the client once", () => {
    const { state, steps } = run(s0, [
      tell({ _tag: "RealLogon", gateway: G1, role: "primary", conn: 3 }),
      from(G1, at(3, 1, { _tag: "Logon", nextExpected: 2 })),
      tell({ _tag: "RealOrder", conn: 3, ref: 2, clOrdId: 7, side: "buy", quantity: 1000, price: 100 }),
      from(G1, at(3, 2, { _tag: "ExecutionReport", report: execution(41, "new") })),
      from(G1, at(3, 3, { _tag: "TestRequest", testReqId: 9 })),
      // The same execution again (a PossResend re-send after a failover): not handed on.
      from(G1, at(3, 4, { _tag: "ExecutionReport", report: execution(41, "new") }, { possResend: true })),
      from(G1, at(3, 5, { _tag: "BusinessMessageReject", refSeq: 2, reason: "throttle", usLeft: 250_000 }))
    ])
    expect(sent(steps[2]!)).toEqual([[G1, "NewOrder", 2, 3, 7]])
    expect(emitted(steps[2]!)).toEqual([["ocg.session", { compId: "P1T01", flow: "P1/P1T01", event: "order-relayed", gateway: G1, clOrdId: 7 }]])
    expect(emitted(steps[3]!)).toEqual([["ocg.session", { compId: "P1T01", flow: "P1/P1T01", event: "execution-relayed", gateway: G1, execId: 41, clOrdId: 7, execType: "new", possResend: false }]])
    // The model's Test Request is answered on the model's session (sequence 3), not relayed.
    expect(sent(steps[4]!)).toEqual([[G1, "Heartbeat", 3, 3, 9]])
    expect(run(s0, []).state.relayed).toEqual([])
    expect([emitted(steps[5]!), sent(steps[5]!)]).toEqual([[], []])
    expect([state.applied, state.duplicates, state.execHighWater, state.nextIn]).toEqual([1, 1, 41, 6])
    // The reject names the client's own message (its MsgSeqNum 2, ClOrdID 7), found by the model's sequence 2.
    expect(state.relayed).toEqual([{ _tag: "Rejected", conn: 3, ref: 2, clOrdId: 7, amend: undefined, mass: false, reason: "throttle", usLeft: 250_000 }])
  })

  it("asks once for a gap in the model's numbers, like a modelled BSS", () => {
    const { steps } = run(s0, [
      tell({ _tag: "RealLogon", gateway: G1, role: "primary", conn: 3 }),
      from(G1, at(3, 1, { _tag: "Logon", nextExpected: 2 })),
      from(G1, at(3, 4, { _tag: "Heartbeat", testReqId: undefined })),
      from(G1, at(3, 5, { _tag: "Heartbeat", testReqId: undefined }))
    ])
    expect(sent(steps[2]!)).toEqual([[G1, "ResendRequest", 2, 3, 2]])
    expect(sent(steps[3]!)).toEqual([])
  })

  it("the socket's end disconnects the model session; the Logon elsewhere continues the model's numbers", () => {
    const { state, steps } = run(s0, [
      tell({ _tag: "RealLogon", gateway: G1, role: "primary", conn: 3 }),
      from(G1, at(3, 1, { _tag: "Logon", nextExpected: 2 })),
      // A stale connection's end changes nothing.
      tell({ _tag: "RealDisconnected", gateway: G2, role: "secondary", conn: 2, reason: "x" }),
      tell({ _tag: "RealDisconnected", gateway: G1, role: "primary", conn: 3, reason: "connection closed by the client (closed)" }),
      tell({ _tag: "RealLogon", gateway: G2, role: "secondary", conn: 4 })
    ])
    expect([sent(steps[2]!), emitted(steps[2]!)]).toEqual([[], []])
    expect(sent(steps[3]!)).toEqual([[G1, "Disconnect", undefined, 3, undefined]])
    expect(emitted(steps[3]!)).toEqual([
      ["ocg.session", { compId: "P1T01", flow: "P1/P1T01", event: "disconnected", gateway: G1, role: "primary", reason: "connection closed by the client (closed)" }],
      ["flow.status", { flow: "P1/P1T01", service: "otp-c", up: 0, of: 2, degraded: false, detail: "connection closed by the client (closed)" }]
    ])
    // Sequence 2 (the Logon used 1), expecting the gateway's 2 (its Logon was 1).
    expect(sent(steps[4]!)).toEqual([[G2, "Logon", 2, 4, 2]])
    expect([state.at, state.pending]).toEqual([undefined, { gateway: G2, role: "secondary", conn: 4 }])
  })

  it("a Logout from the model's gateway is answered, reported and handed to the client", () => {
    const { state, steps } = run(s0, [
      tell({ _tag: "RealLogon", gateway: G1, role: "primary", conn: 3 }),
      from(G1, at(3, 1, { _tag: "Logon", nextExpected: 2 })),
      from(G1, at(3, 2, { _tag: "Logout", text: "no reply to Test Request" }))
    ])
    expect(sent(steps[2]!)).toEqual([[G1, "Logout", 2, 3, undefined]])
    expect(emitted(steps[2]!).map((e) => (e[1] as { detail?: string; reason?: string }).reason ?? (e[1] as { detail?: string }).detail)).toEqual([
      "Logout from gateway: no reply to Test Request",
      "Logout from gateway: no reply to Test Request"
    ])
    expect([state.at, state.relayed]).toEqual([undefined, [{ _tag: "LoggedOut", conn: 3, text: "no reply to Test Request" }]])
  })

  it("has a machine id apart from the flow id, so nothing reads it as a modelled BSS", () => {
    expect(realClientMachineId("P1/P1T01")).toBe("P1/P1T01/real")
  })
})
