/**
 * How the drill pages read the server's frames (twin/contract/drill-protocol.ts, docs/drills.md
 * "Protocol"): JSON with a known `type`. A frame that is not is reported as a line, never thrown.
 */
import type { DrillServerMessage } from "../../../twin/contract/drill-protocol.ts"

const TYPES = new Set<string>([
  "welcome", "gate", "clock", "alarms", "tickets", "health", "map", "submitted", "submissions", "hint", "score", "ack", "error",
  "script", "active-faults"
])

/** Which arrays a message of each type must carry (the rest of a frame is trusted as the server's). */
const ARRAYS: Readonly<Record<string, ReadonlyArray<string>>> = {
  alarms: ["alarms"],
  tickets: ["tickets"],
  health: ["services"],
  submissions: ["submissions"],
  "active-faults": ["faults"],
  script: ["faults", "actions"],
  welcome: ["actions"]
}

export const decodeDrillMessage = (text: string): DrillServerMessage | string => {
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch {
    return `drill: expected a JSON message, got ${JSON.stringify(text.slice(0, 40))}`
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) return "drill: expected a message object"
  const type = (v as { type?: unknown }).type
  if (typeof type !== "string" || !TYPES.has(type)) return `drill: expected a message of a known type, got ${JSON.stringify(type)}`
  for (const field of ARRAYS[type] ?? []) {
    if (!Array.isArray((v as Record<string, unknown>)[field])) return `drill: ${type}.${field}: expected an array`
  }
  return v as DrillServerMessage
}
