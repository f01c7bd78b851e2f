/** The map's key: what the colours and dashes mean. Drawn in the free corner between the carriers. */
import type * as d3 from "d3"
import { healthStatuses } from "../trace/types.ts"
import { WIDTH } from "./layout.ts"
import { generationColour, healthColour, healthLabel, lineColour, stateColour } from "./palette.ts"

export const drawLegend = (svg: d3.Selection<SVGSVGElement, unknown, null, undefined>): void => {
  const g = svg.append("g").attr("class", "legend").attr("transform", `translate(${WIDTH - 344},${592})`)
  g.append("rect").attr("class", "legend-box").attr("width", 340).attr("height", 98).attr("rx", 8).attr("x", -8).attr("y", -14)
  const row = (y: number, draw: (r: d3.Selection<SVGGElement, unknown, null, undefined>) => void, text: string, x = 0) => {
    const r = g.append("g").attr("transform", `translate(${x},${y})`)
    draw(r)
    r.append("text").attr("x", 30).attr("y", 4).text(text)
  }
  const line = (colour: string, dash = "", width = 2.5, opacity = 1) => (r: d3.Selection<SVGGElement, unknown, null, undefined>) => {
    r.append("line").attr("x1", 0).attr("x2", 24).attr("stroke", colour).attr("stroke-width", width).attr("stroke-dasharray", dash).attr("opacity", opacity)
  }
  row(0, line(generationColour.old!), "old backbone")
  row(0, line(generationColour.new!), "new backbone", 112)
  row(0, line(generationColour.access!, "", 1.5), "access, carrier", 224)
  row(18, line("#8a94a0", "3 4", 1.5, 0.6), "dark (unit's other side)")
  row(18, line(stateColour.impaired, "", 3), "impaired", 160)
  row(18, line(stateColour.down, "6 4", 3), "down", 250)
  healthStatuses.forEach((s, i) => {
    const r = g.append("g").attr("transform", `translate(${i * 84},${40})`)
    r.append("circle").attr("cx", 6).attr("r", 4.5).attr("fill", healthColour[s])
    r.append("text").attr("x", 16).attr("y", 4).text(healthLabel[s])
  })
  const f = g.append("text").attr("y", 62)
  f.append("tspan").attr("fill", lineColour.A).attr("font-weight", 600).text("A")
  f.append("tspan").text(" line A, ")
  f.append("tspan").attr("fill", lineColour.B).attr("font-weight", 600).text("B")
  f.append("tspan").text(" line B, ")
  f.append("tspan").attr("font-weight", 600).text("S")
  f.append("tspan").text(" sessions: participant flows up / all")
}
