/**
 * The viewer's one screen: a trace index (file or live), the map, the timeline, the panels and the player,
 * and the frame loop that puts the state at the cursor on all of them.
 *
 * While playing (or following live) a frame stands for the interval since the frame before: it shows that
 * interval's worst (state/worst-of-interval.ts), and says so beside the clock, so no outage falls between
 * two frames. The map and the panels are put on the screen together from the same state, at most every
 * 100 ms while playing (the lists of text cannot follow 60 Hz), the clock and cursors every frame.
 */
import { drawMap, type MapElements } from "./map/draw.ts"
import { MapUpdater } from "./map/update.ts"
import { AffectedPanel } from "./panels/affected.ts"
import { DetailPanel, type Selection } from "./panels/detail.ts"
import { EventLog } from "./panels/event-log.ts"
import { HealthPanel } from "./panels/health.ts"
import { ScenarioPanel } from "./panels/scenario.ts"
import { UnitsPanel } from "./panels/units.ts"
import { TraceIndex } from "./state/trace-index.ts"
import { Player } from "./timeline/player.ts"
import { Timeline } from "./timeline/timeline.ts"
import type { TraceEvent } from "./trace/types.ts"
import { formatClockExact, formatClockMs } from "./util/clock.ts"
import { worstOfInterval } from "./state/worst-of-interval.ts"
import { must } from "./util/dom.ts"

/** Frame times for the benchmark (bench/viewer.ts reads `window.__viewerFrames`). */
declare global {
  interface Window {
    __viewerFrames?: Array<number>
    /** Per frame: ms spent putting the state on the screen (JS side, before the browser paints). */
    __viewerRenderMs?: Array<number>
    __viewerReadyMs?: number
    /** performance.now() when the loaded trace was drawn: load-to-ready from navigation start. */
    __viewerReadyAt?: number
  }
}

export class App {
  index: TraceIndex = new TraceIndex()
  readonly player: Player
  private map: MapElements | undefined
  private updater: MapUpdater | undefined
  private readonly timeline: Timeline
  private readonly units: UnitsPanel
  private readonly scenario: ScenarioPanel
  private readonly health: HealthPanel
  private readonly affected: AffectedPanel
  private readonly log: EventLog
  private readonly detail: DetailPanel
  private readonly clock: HTMLElement
  private readonly frameNote: HTMLElement
  private readonly deepLink: HTMLAnchorElement
  private readonly playButton: HTMLButtonElement
  private readonly svg: SVGSVGElement
  private chartsDrawnAt = 0
  /** Failures in the index when the live charts were last drawn: a new one redraws them at once. */
  private chartsFailures = 0
  private readonly pauseOnWorse = must<HTMLInputElement>(document, '[data-testid="pause-on-worse"]')
  /** The cursor of the last frame: a playing cursor that passed a worsening since pauses there. */
  private lastCursor = 0
  private panelsAt = 0
  /** The end of the interval the map and panels last showed: the next playing frame shows the worst since. */
  private shownTo = 0
  /** The next frame is a jump (seek, follow switched on), not playback: it shows the instant, not an interval. */
  private jumped = true
  /** Live mode follows the newest event unless the user scrubbed back; play/pause then means follow/freeze. */
  follow = false
  live = false
  /** Live: the server's latest clock (µs), the edge the cursor follows. */
  liveEdge = 0

  constructor() {
    this.player = new Player((t, frameMs) => this.render(t, frameMs))
    this.svg = must<SVGSVGElement>(document, "#map")
    this.clock = must(document, '[data-testid="clock"]')
    this.frameNote = must(document, '[data-testid="frame-note"]')
    this.deepLink = must<HTMLAnchorElement>(document, '[data-testid="deep-link"]')
    this.playButton = must(document, '[data-action="play"]')
    this.timeline = new Timeline(must(document, '[data-testid="timeline"]'), (t) => {
      this.follow = false
      this.jumped = true
      this.player.seek(t)
    })
    this.units = new UnitsPanel(must(document, '[data-testid="moved-units"]'))
    this.scenario = new ScenarioPanel(must(document, '[data-testid="scenario"]'))
    this.health = new HealthPanel(must(document, '[data-testid="health"]'))
    this.detail = new DetailPanel(must(document, "#detail-panel"), (sel) => this.select(sel), () => this.index, (t) => this.jump(t))
    this.affected = new AffectedPanel(
      must(document, '[data-testid="affected"]'),
      must(document, '[data-testid="affected-search"]'),
      must(document, "#affected-count"),
      (p) => this.select({ participant: p }),
      () => this.index.causes
    )
    this.log = new EventLog(must(document, '[data-testid="event-log"]'), must(document, "#log-all"))
    this.wireControls()
  }

  private wireControls(): void {
    this.playButton.addEventListener("click", () => this.togglePlay())
    must(document, '[data-action="next-event"]').addEventListener("click", () => this.nextEvent())
    must(document, '[data-action="next-failure"]').addEventListener("click", () => this.jump(this.index.failures.nextFailureAfter(this.player.cursor)))
    must(document, '[data-action="previous-failure"]').addEventListener("click", () => this.jump(this.index.failures.previousFailureBefore(this.player.cursor)))
    const speed = must<HTMLSelectElement>(document, '[data-testid="speed"]')
    this.player.speed = Number(speed.value)
    speed.addEventListener("change", () => {
      this.player.speed = Number(speed.value)
    })
    this.svg.addEventListener("click", (ev) => {
      const target = ev.target as Element
      const dot = target.closest("[data-p]")
      if (dot !== null) return this.select({ participant: dot.getAttribute("data-p")! })
      const group = target.closest("[data-group]")
      if (group !== null) return this.select({ group: group.getAttribute("data-group")! })
      const unit = target.closest("[data-unit-box]")
      if (unit !== null) return this.select({ element: "unit", id: unit.getAttribute("data-unit-box")! })
      const node = target.closest("[data-node]")
      if (node !== null) return this.select({ element: "node", id: node.getAttribute("data-node")! })
      const link = target.closest("[data-link]")
      if (link !== null) return this.select({ element: "link", id: link.getAttribute("data-link")! })
    })
    document.addEventListener("keydown", (ev) => {
      if ((ev.target as Element).closest("input, textarea, select") !== null) return
      if (ev.key === " ") {
        ev.preventDefault()
        this.togglePlay()
      } else if (ev.key === "ArrowRight") this.nextEvent()
      else if (ev.key === "ArrowLeft") this.jump(this.index.previousNotableBefore(this.player.cursor))
      else if (ev.key === "Home") this.jump(this.index.from)
      else if (ev.key === "End") this.jump(this.index.to)
      else if (ev.key === "n") this.jump(this.index.failures.nextFailureAfter(this.player.cursor))
      else if (ev.key === "p") this.jump(this.index.failures.previousFailureBefore(this.player.cursor))
    })
  }

  togglePlay(): void {
    if (this.live) {
      this.follow = !this.follow
      this.jumped = true
      if (this.follow) this.player.seek(Math.max(this.liveEdge, this.index.events[this.index.events.length - 1]?.t ?? 0))
      this.syncPlayButton()
      return
    }
    if (this.player.playing) {
      this.player.pause()
      this.render(this.player.cursor, 0) // the panels catch up with the cursor
    } else this.player.play()
    this.syncPlayButton()
  }

  private syncPlayButton(): void {
    const running = this.live ? this.follow : this.player.playing
    this.playButton.textContent = this.live ? (running ? "❚❚ Freeze" : "▶ Follow live") : running ? "❚❚ Pause" : "▶ Play"
    this.playButton.setAttribute("data-playing", String(running))
  }

  /** Stops following and playing, and stands at t (nothing there: stays). */
  jump(t: number | undefined): void {
    if (t === undefined) return
    this.follow = false
    this.jumped = true
    if (this.player.playing) this.player.pause()
    this.player.seek(t)
    this.syncPlayButton()
  }

  /** A deep link (`?t=…&p=…`, state/deep-link.ts): stand at t, select the participant. */
  openAt(t: number | undefined, participant: string | undefined): void {
    // A time outside the trace's window opens at its nearer end, and says so (it used to open silently at the start).
    if (t !== undefined && (t < this.index.from || t > this.index.to)) {
      const at = t < this.index.from ? this.index.from : this.index.to
      this.showError(`t=${formatClockExact(t)} is outside this trace's window ${formatClockExact(this.index.from)}–${formatClockExact(this.index.to)}: showing ${formatClockExact(at)}`)
    }
    if (t !== undefined) this.jump(t)
    if (participant !== undefined) this.select({ participant })
  }

  nextEvent(): void {
    const t = this.index.nextNotableAfter(this.player.cursor)
    if (t === undefined) return
    this.follow = false
    this.jumped = true
    this.player.seek(t)
  }

  private select(sel: Selection): void {
    for (const e of Array.from(this.svg.querySelectorAll("[data-selected]"))) e.removeAttribute("data-selected")
    if (sel !== null) {
      const e = "group" in sel ? this.svg.querySelector(`[data-group="${sel.group}"]`)
        : "element" in sel ? this.svg.querySelector(`[${sel.element === "unit" ? "data-unit-box" : `data-${sel.element}`}="${sel.id}"]`)
        : this.svg.querySelector(`[data-p="${sel.participant}"]`)
      e?.setAttribute("data-selected", "true")
    }
    this.selected = sel !== null && "participant" in sel ? sel.participant : undefined
    this.detail.select(sel, this.index.stateAt(this.player.cursor))
    this.syncDeepLink()
  }

  private selected: string | undefined

  /** The link to the cursor's exact instant (µs: a whole second may be before the harm) and the selected participant. */
  private syncDeepLink(): void {
    const trace = new URLSearchParams(location.search).get("trace")
    this.deepLink.hidden = this.live || trace === null || this.player.playing
    if (this.deepLink.hidden) return
    const params = new URLSearchParams({ trace: trace! })
    params.set("t", formatClockExact(Math.round(this.player.cursor)))
    if (this.selected !== undefined) params.set("p", this.selected)
    const href = `?${params.toString().replaceAll("%2F", "/").replaceAll("%3A", ":")}`
    if (this.deepLink.getAttribute("href") !== href) this.deepLink.setAttribute("href", href)
  }

  /** A whole trace (file or URL): index it, draw, and stand at the start. */
  load(events: ReadonlyArray<TraceEvent>, title: string): void {
    const started = performance.now()
    this.index = new TraceIndex(events)
    this.index.finish()
    const scenario = this.index.final.scenario
    this.drawAll(scenario === null ? title : `${scenario.name} · ${title}`)
    this.player.pause()
    this.player.setWindow(this.index.from, this.index.to)
    this.player.seek(this.index.from)
    this.syncPlayButton()
    document.body.setAttribute("data-ready", "true")
    window.__viewerReadyMs = performance.now() - started
    window.__viewerReadyAt = performance.now()
  }

  /** Live: events appended as they arrive; the first batch draws the map. */
  appendLive(events: ReadonlyArray<TraceEvent>): void {
    const hadLayout = this.index.final.layout !== null
    this.index.append(events)
    this.player.setWindow(this.index.from, Math.max(this.index.to, this.index.events[this.index.events.length - 1]?.t ?? 0))
    const needsDraw = !hadLayout && this.index.final.layout !== null
    if (needsDraw) {
      this.drawAll(`live · ${this.index.final.scenario?.name ?? this.index.final.estate ?? ""}`)
      this.follow = true
      document.body.setAttribute("data-ready", "true")
    } else if (
      events.some((e) => e.kind === "scenario.phase" || e.kind === "scenario.fault") ||
      this.index.failures.worsenings.length !== this.chartsFailures ||
      performance.now() - this.chartsDrawnAt > 3000
    ) {
      // The window's charts grow with the live trace: redrawn on markers, as soon as anyone's status got
      // worse (an outage is on the strip once it is in the trace), and every few seconds — the last batch
      // too, by a timer (a stream that ends or pauses leaves no batch to draw it).
      this.drawLiveCharts()
    } else this.chartsTimer ??= setTimeout(() => this.drawLiveCharts(), 3000)
    const last = this.index.events[this.index.events.length - 1]
    if (this.follow && last !== undefined) this.player.seek(last.t)
  }

  private chartsTimer: ReturnType<typeof setTimeout> | undefined

  private drawLiveCharts(): void {
    clearTimeout(this.chartsTimer)
    this.chartsTimer = undefined
    this.timeline.draw(this.index)
    this.health.draw(this.index)
    this.chartsDrawnAt = performance.now()
    this.chartsFailures = this.index.failures.worsenings.length
  }

  /** Live: forget everything (a resync from zero). */
  resetLive(): void {
    this.index = new TraceIndex()
    document.body.removeAttribute("data-ready")
  }

  private drawAll(title: string): void {
    const layout = this.index.final.layout
    must(document, "#title").textContent = title
    must(document, "#drop-hint").hidden = true
    if (layout !== null) {
      this.map = drawMap(this.svg, layout)
      this.updater = new MapUpdater(this.map)
    }
    this.timeline.draw(this.index)
    this.health.draw(this.index)
    this.chartsFailures = this.index.failures.worsenings.length
    this.log.setIndex(this.index)
  }

  render(cursor: number, frameMs: number): void {
    const passed = this.lastCursor
    this.lastCursor = cursor
    if (this.player.playing && !this.live && this.pauseOnWorse.checked && cursor > passed) {
      const worse = this.index.failures.firstWorseningIn(passed, cursor)
      if (worse !== undefined) return this.jump(worse)
    }
    const started = performance.now()
    const playing = this.player.playing && !this.live
    // Map and panels together, from one state: every frame when paused or following live (a batch is a
    // frame), at 10 Hz while playing.
    if (!playing || this.jumped || started - this.panelsAt > 100 || cursor >= this.player.to) {
      this.panelsAt = started
      // A tick of playback (frameMs > 0: the last one too, where it stops at the window's end) or a live frame.
      const interval = !this.jumped && (frameMs > 0 || (this.live && this.follow)) && cursor > this.shownTo
      const from = this.shownTo
      this.shownTo = cursor
      this.jumped = false
      const frame = interval ? worstOfInterval(this.index, from, cursor) : { state: this.index.stateAt(cursor), worse: false }
      const s = frame.state
      this.updater?.update(s)
      this.units.update(s)
      this.scenario.update(s)
      this.health.update(s)
      this.affected.update(s)
      this.detail.update(s)
      this.log.update(cursor)
      this.note(interval ? { from, to: cursor, worse: frame.worse } : undefined, cursor)
    }
    this.timeline.setCursor(cursor)
    this.health.setCursor(cursor)
    const text = formatClockExact(Math.round(cursor))
    if (this.clock.textContent !== text) this.clock.textContent = text
    if (!this.player.playing) this.syncPlayButton()
    if (!this.player.playing) this.syncDeepLink()
    else this.deepLink.hidden = true
    if (frameMs > 0) {
      window.__viewerFrames?.push(frameMs)
      window.__viewerRenderMs?.push(performance.now() - started)
    }
  }

  /**
   * Beside the clock, what the picture is of: the worst of an interval while playing (marked when something
   * in it was worse than at the cursor), or at a failure's stop, the episode it is the worst instant of.
   */
  private note(interval: { readonly from: number; readonly to: number; readonly worse: boolean } | undefined, cursor: number): void {
    let text = ""
    let worse = false
    if (interval !== undefined) {
      text = `worst of ${formatClockMs(interval.from)}–${formatClockMs(interval.to)}`
      worse = interval.worse
    } else {
      const episode = this.index.failures.episodeAt(cursor)
      if (episode !== undefined) {
        const w = episode.worst
        text = `failure from ${formatClockExact(episode.start)}; its worst instant${w === undefined ? "" : `: ${w.down} down, ${w.degradedOrWorse - w.down} degraded`}`
        worse = true
      }
    }
    this.frameNote.hidden = text === ""
    if (this.frameNote.textContent !== text) this.frameNote.textContent = text
    this.frameNote.setAttribute("data-worse", String(worse))
    this.frameNote.setAttribute("data-interval", interval === undefined ? "" : `${interval.from}-${interval.to}`)
  }

  showError(message: string): void {
    const box = must(document, "#error")
    box.textContent = message
    box.hidden = false
  }
}
