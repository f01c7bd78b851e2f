/**
 * The drill pages' skeleton, built in place of the viewer's playback screen: a bar (drill name, clock, the
 * gate's state, the connection), the map, and panels in named slots. The trainee's page has one side column;
 * the instructor's a second, on the left, for the script and the controls.
 */
import { el, must } from "../util/dom.ts"

export interface DrillSlots {
  readonly title: HTMLElement
  readonly clock: HTMLElement
  readonly gate: HTMLElement
  readonly status: HTMLElement
  readonly svg: SVGSVGElement
  readonly problem: HTMLElement
  readonly side: HTMLElement
  /** The instructor's column; undefined on the trainee's page. */
  readonly left: HTMLElement | undefined
}

/** A titled panel with an optional live count in its heading; returns the panel and its body. */
export const panel = (title: string, testid: string, body: HTMLElement, counted = false): { section: HTMLElement; body: HTMLElement; count: HTMLElement } => {
  const id = `h-${testid}`
  const section = el("section", { class: "panel", "aria-labelledby": id })
  const h = el("h2", { id }, title)
  const count = el("span", { class: "count" }, "0")
  if (counted) h.append(count)
  body.setAttribute("data-testid", testid)
  section.append(h, body)
  return { section, body, count }
}

export const buildDrillPage = (role: "trainee" | "instructor"): DrillSlots => {
  document.body.setAttribute("data-mode", "drill")
  document.body.setAttribute("data-role", role)
  const bar = el("header", { class: "bar" })
  const brand = el("div", { class: "brand" }, "backbone-twin drill")
  const title = el("span", { class: "sub", id: "title" })
  brand.append(title)
  const transport = el("div", { class: "transport" })
  const clock = el("span", { class: "clock", "data-testid": "clock", "aria-label": "drill clock" }, "--:--:--")
  const gate = el("span", { class: "gate-state", "data-testid": "gate-state", role: "status" }, "connecting")
  const status = el("span", { class: "live-status", "data-testid": "live-status" }, "connecting")
  transport.append(clock, gate, status)
  bar.append(brand, transport)
  const main = el("main", { class: `drill-main drill-${role}` })
  const left = role === "instructor" ? el("aside", { class: "side side-left", "aria-label": "Instructor" }) : undefined
  const mapWrap = el("section", { class: "map-wrap", "aria-label": "Estate map" })
  mapWrap.innerHTML = '<svg id="map" role="img" aria-label="Estate map: elements up or down"></svg>'
  const problem = el("div", { class: "error", role: "alert" })
  problem.hidden = true
  mapWrap.append(problem)
  const side = el("aside", { class: "side", "aria-label": role === "trainee" ? "Monitoring and response" : "Monitoring" })
  if (left !== undefined) main.append(left)
  main.append(mapWrap, side)
  document.body.replaceChildren(bar, main)
  document.title = "backbone-twin drill"
  return { title, clock, gate, status, svg: must<SVGSVGElement>(mapWrap, "#map"), problem, side, left }
}
