/**
 * The timeline strip: the window's hours, phases as bands (coloured by how they ended), faults as red
 * bands, the health of the whole estate as a thin heat strip, and the cursor. Click or drag to scrub.
 */
import * as d3 from "d3"
import type { HealthSample, TraceIndex } from "../state/trace-index.ts"
import { formatClock, formatClockExact } from "../util/clock.ts"

const HEIGHT = 92

/** OMD Trading Session Status codes (OMD-C spec, Trading Session Status message). */
const sessionLabel: Record<number, string> = { 0: "", 20: "pre-opening", 30: "continuous", 40: "closing auction", 50: "closed", 100: "day closed" }
const MINUTE = 60_000_000

/** Ticks on round clock times: the smallest step of 1, 2, 5, 10, 15, 30, 60, 120 minutes giving ≤ `most`. */
export const clockTicks = (from: number, to: number, most: number): Array<number> => {
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 240].map((m) => m * MINUTE)
  const step = steps.find((s) => (to - from) / s <= most) ?? steps[steps.length - 1]!
  const ticks: Array<number> = []
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push(t)
  return ticks
}

const stripClass = (s: HealthSample): "down" | "degraded" | "ok" => (s.atOnce.down > 0 ? "down" : s.atOnce.degraded > 0 ? "degraded" : "ok")

/**
 * A strip mark's words: the bucket's worst at one instant over all services (never a sum of per-service
 * worsts of different instants), then each service's own worst, labelled as such.
 */
export const stripTitle = (s: HealthSample, next: number): string => {
  const down = s.atOnce.down > 0
  const perService = Object.entries(s.counts)
    .map(([sv, c]) => [sv, down ? c.down : c.degraded] as const)
    .filter(([, n]) => n > 0)
    .map(([sv, n]) => `${sv} ${n}`)
  const atOnce = down ? `${s.atOnce.down} participant-services down at once at worst` : `${s.atOnce.degraded} degraded at once at worst`
  return `${formatClock(s.t)}–${formatClock(next)}: ${atOnce}${perService.length > 1 ? ` (each service's own worst: ${perService.join(", ")})` : ""}`
}

export class Timeline {
  private readonly root: HTMLElement
  private readonly onSeek: (t: number) => void
  private x = d3.scaleLinear()
  private cursorLine: d3.Selection<SVGLineElement, unknown, null, undefined> | undefined

  constructor(root: HTMLElement, onSeek: (t: number) => void) {
    this.root = root
    this.onSeek = onSeek
    window.addEventListener("resize", () => this.index !== undefined && this.draw(this.index))
  }

  private index: TraceIndex | undefined

  draw(index: TraceIndex): void {
    this.index = index
    this.root.replaceChildren()
    // The content box: clientWidth counts the padding, and an SVG that wide pushed the page 8 px past the window.
    const css = getComputedStyle(this.root)
    const width = Math.max(400, this.root.clientWidth - parseFloat(css.paddingLeft) - parseFloat(css.paddingRight))
    const margin = { left: 16, right: 16 }
    this.x = d3.scaleLinear().domain([index.from, Math.max(index.to, index.from + 1)]).range([margin.left, width - margin.right])
    const svg = d3.select(this.root).append("svg").attr("width", width).attr("height", HEIGHT)
    const x = this.x

    // health strip: the worst of each bucket (a sample is its bucket's worst: state/trace-index.ts), so a
    // 4-second loss of both lines is a red mark at a whole-window zoom
    const hatch = svg.append("defs").append("pattern").attr("id", "tl-hatch-down").attr("patternUnits", "userSpaceOnUse").attr("width", 4).attr("height", 4).attr("patternTransform", "rotate(45)")
    hatch.append("rect").attr("width", 4).attr("height", 4).attr("fill", "#d7263d")
    hatch.append("rect").attr("width", 1.5).attr("height", 4).attr("fill", "#ffffff")
    const strip = svg.append("g").attr("class", "tl-health")
    // Live: with the open bucket, so an outage is marked as soon as it is in the trace.
    const samples = index.samplesSoFar()
    for (let i = 0; i < samples.length; i++) {
      const s = samples[i]!
      const next = index.sampleEnd(i, samples)
      const cls = stripClass(s)
      if (cls === "ok") continue
      // By shape as well as colour: down is the full band, hatched; degraded the lower half, solid.
      strip.append("rect").attr("class", `tl-h ${cls}`).attr("x", x(s.t)).attr("y", cls === "down" ? 60 : 63).attr("width", Math.max(1, x(next) - x(s.t))).attr("height", cls === "down" ? 6 : 3)
        .attr("data-from", s.t).attr("data-to", next)
        .append("title").text(stripTitle(s, next))
    }

    const market = svg.append("g").attr("class", "tl-market")
    index.market.forEach((m, i) => {
      const end = index.market[i + 1]?.t ?? index.to
      const label = sessionLabel[m.status] ?? m.name
      if (m.status === 0 || m.status === 100) return
      const g = market.append("g").attr("class", `tl-session s${m.status}`).attr("data-session", label)
      g.append("rect").attr("x", x(m.t)).attr("y", 72).attr("width", Math.max(1, x(end) - x(m.t))).attr("height", 14)
      if (x(end) - x(m.t) > 50) g.append("text").attr("x", x(m.t) + 3).attr("y", 83).text(label)
      g.append("title").text(`market ${label} (${m.name}) ${formatClock(m.t)}–${formatClock(end)}`)
    })
    const phases = svg.append("g").attr("class", "tl-phases")
    for (const p of index.phases) {
      const end = p.end ?? index.to
      const g = phases.append("g").attr("class", "tl-phase").attr("data-phase", p.id).attr("data-status", p.status)
      g.append("rect").attr("x", x(p.start)).attr("y", 6).attr("width", Math.max(3, x(end) - x(p.start))).attr("height", 18).attr("rx", 3)
      g.append("text").attr("x", x(p.start) + 4).attr("y", 19).text(p.name)
      g.append("title").text(`phase ${p.id}: ${p.name} — ${p.status} (${formatClockExact(p.start)}–${formatClockExact(end)})`)
      g.attr("data-start", p.start)
    }
    const faults = svg.append("g").attr("class", "tl-faults")
    for (const f of index.faults) {
      const end = f.end ?? index.to
      const g = faults.append("g").attr("class", "tl-fault").attr("data-fault", f.id)
      g.append("rect").attr("x", x(f.start)).attr("y", 28).attr("width", Math.max(3, x(end) - x(f.start))).attr("height", 12).attr("rx", 2)
      g.append("text").attr("x", x(f.start) + 4).attr("y", 38).text(`${f.id} (${f.name})`)
      g.append("title").text(`fault ${f.id}: ${f.name} (${formatClockExact(f.start)}–${formatClockExact(end)})`)
    }
    const axis = d3
      .axisBottom(x)
      .tickValues(clockTicks(index.from, index.to, Math.max(2, Math.floor(width / 80))))
      .tickFormat((d) => formatClock(Number(d)).slice(0, 5))
    svg.append("g").attr("class", "tl-axis").attr("transform", `translate(0,44)`).call(axis)
    this.cursorLine = svg.append("line").attr("class", "tl-cursor").attr("y1", 2).attr("y2", HEIGHT - 4)

    const seekAt = (ev: PointerEvent) => {
      const [px] = d3.pointer(ev, svg.node())
      this.onSeek(Math.round(x.invert(px)))
    }
    svg.on("pointerdown", (ev: PointerEvent) => {
      // a phase marker jumps to the phase's start; anywhere else scrubs
      const phase = (ev.target as Element).closest("[data-start]")
      if (phase !== null) return this.onSeek(Number(phase.getAttribute("data-start")))
      svg.node()?.setPointerCapture(ev.pointerId)
      seekAt(ev)
      svg.on("pointermove", (m: PointerEvent) => seekAt(m))
    })
    svg.on("pointerup pointercancel", () => svg.on("pointermove", null))
  }

  setCursor(t: number): void {
    const px = this.x(t)
    this.cursorLine?.attr("x1", px).attr("x2", px)
  }
}
