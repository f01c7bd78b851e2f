/** The map's colours, one place, so the legend and the drawing cannot disagree. */
import type { HealthStatus } from "../trace/types.ts"

export const generationColour: Record<string, string> = {
  old: "#b0703c",
  new: "#138a8a",
  access: "#6b7785",
  carrier: "#6b7785"
}

export const healthColour: Record<HealthStatus, string> = {
  served: "#2f9e58",
  "served-without-redundancy": "#e3a81e",
  degraded: "#ec6f23",
  down: "#d7263d"
}

export const healthLabel: Record<HealthStatus, string> = {
  served: "served",
  "served-without-redundancy": "no redundancy",
  degraded: "degraded",
  down: "down"
}

/**
 * Each status's shape, so a status is told without its colour (colour-blind readers, a grey printout):
 * shown beside the colour in the affected list, the health table and a participant's timeline.
 */
export const healthGlyph: Record<HealthStatus, string> = {
  served: "✓",
  "served-without-redundancy": "◐",
  degraded: "▲",
  down: "✕"
}

export const stateColour = { impaired: "#ec6f23", down: "#d7263d" }
export const lineColour = { A: "#2f6fdb", B: "#8e44c4", sessions: "#3c4a5a" }
