/**
 * The report's colours, one per meaning, used by the charts and the CSS alike. Status colours run green →
 * amber → orange → red with the darker shades chosen so white text on them (badges) and the marks against
 * the white page keep at least 3:1 contrast; the amber is the exception and is always drawn with a legend.
 */
import type { Status } from "../describe.ts"

export const statusColour: Record<Status, string> = {
  served: "#2e7d32",
  "served-without-redundancy": "#f0b400",
  degraded: "#e8650a",
  down: "#c62828"
}

/** Phase windows: a light band behind the label, a faint veil over the plot. */
export const phaseBand = "#d7e3f4"
export const phaseVeil = "#0b3d91"
/** Move steps of a cut-over phase. */
export const stepColour = "#102a43"
/** Fault windows and their start/end markers. */
export const faultColour = "#6a1b9a"
export const axisColour = "#4a4a4a"
export const gridColour = "#ffffff"
