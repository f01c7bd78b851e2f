/**
 * `twin participant` as text: the participant's place in the estate, the plan steps that touch it, and its
 * timeline per service with causes. JSON is the same three parts as objects (participant-command.ts).
 */
import type { ParticipantTimeline } from "../../scenarios/participant-timeline.ts"
import type { TouchingStep } from "../../scenarios/participant-steps.ts"
import type { ParticipantProfile } from "../../topology/participant-profile.ts"
import { clockOfDay } from "../contract/cause-chain.ts"

const table = (rows: ReadonlyArray<ReadonlyArray<string>>): Array<string> => {
  const widths = rows.reduce<Array<number>>((w, r) => r.map((c, i) => Math.max(w[i] ?? 0, c.length)), [])
  return rows.map((r) => `  ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join("  ")}`)
}

const orNone = (lines: Array<string>): Array<string> => (lines.length === 0 ? ["  none"] : lines)

export const renderProfile = (estate: string, p: ParticipantProfile): Array<string> => [
  `${p.id} — ${p.name}; kind ${p.kind}; estate ${estate}`,
  "circuits",
  ...table(p.circuits.map((c) => [c.id, `carrier ${c.carrier}`, `PoP ${c.pop}`])),
  "sessions",
  ...orNone([
    ...table(p.ocgSessions.map((s) => [`OCG-C ${s.compId}`, s.type, `primary ${s.primary}`, `secondary ${s.secondary}`])),
    ...table(p.cscSessions.map((s) => [`CSC ${s.id}`, `primary ${s.primary}`, `secondary ${s.secondary}`]))
  ]),
  `subscriptions: ${p.subscriptions.length === 0 ? "none" : p.subscriptions.join(", ")}`,
  "flows",
  ...orNone(table(p.flows.map((f) => [f.id, f.service, f.role, f.members.join(", ")]))),
  "cutover units on its paths",
  ...orNone(table(p.units.map((u) => [u.id, u.flows.join(", ")])))
]

const stepWords = (s: TouchingStep): string =>
  [s.move.length > 0 ? `moves ${s.move.join(", ")}` : "", s.back.length > 0 ? `moves back ${s.back.join(", ")}` : ""].filter((x) => x !== "").join(" and ")

export const renderSteps = (scenario: string, steps: ReadonlyArray<TouchingStep>): Array<string> => [
  `plan steps of ${scenario} that touch them`,
  ...orNone(table(steps.map((s) => [clockOfDay(s.at), s.phase, stepWords(s)])))
]

export const renderTimeline = (trace: string, timeline: ParticipantTimeline): Array<string> => [
  `timeline (${trace})`,
  ...orNone(timeline.services.flatMap((s) => [
    `  ${s.service}`,
    ...s.changes.flatMap((c) => [
      `    ${clockOfDay(c.t)}  ${c.status}${c.previous === null ? (c.status === s.baseline ? "" : ` (by design ${s.baseline})`) : ` (was ${c.previous})`}${c.cause === "" ? "" : ` — ${c.cause}`}`,
      ...(c.chain === "" ? [] : [`      cause: ${c.chain}`])
    ])
  ])),
  ...(timeline.orders.length === 0
    ? ["  orders: no answer late, no order unanswered or waiting"]
    : ["  orders", ...timeline.orders.map((n) => `    ${clockOfDay(n.t)}  ${n.session} (${n.service})  ${n.text}`)])
]
