/**
 * Zoom and pan on the map (issue 15 item 9: a 640-participant estate is small print at 1280×720): the wheel
 * or a pinch zooms (×1–×8), a drag pans, within the map's own bounds; with the map focused (Tab reaches
 * it), `+` / `-` zoom about the centre and `0` puts it back. A click without a drag still selects.
 */
import * as d3 from "d3"
import { HEIGHT, WIDTH } from "./layout.ts"

export const MAX_ZOOM = 8

export const enableZoom = (svgElement: SVGSVGElement, layer: SVGGElement): void => {
  const svg = d3.select(svgElement)
  const zoom = d3.zoom<SVGSVGElement, unknown>()
    .scaleExtent([1, MAX_ZOOM])
    .translateExtent([[0, 0], [WIDTH, HEIGHT]])
    .on("zoom", (e: d3.D3ZoomEvent<SVGSVGElement, unknown>) => {
      layer.setAttribute("transform", e.transform.toString())
      svgElement.dataset["zoom"] = String(Math.round(e.transform.k * 100) / 100)
    })
  svg.call(zoom).on("dblclick.zoom", null)
  svgElement.setAttribute("tabindex", "0")
  svgElement.setAttribute("data-testid", "map")
  svgElement.setAttribute("aria-label", "Map of the estate: + and - zoom, 0 resets, drag to pan")
  svgElement.dataset["zoom"] = "1"
  svgElement.onkeydown = (e: KeyboardEvent) => {
    if (e.key === "+" || e.key === "=") svg.call(zoom.scaleBy, 1.5)
    else if (e.key === "-") svg.call(zoom.scaleBy, 1 / 1.5)
    else if (e.key === "0") svg.call(zoom.transform, d3.zoomIdentity)
    else return
    e.preventDefault()
    e.stopPropagation()
  }
}
