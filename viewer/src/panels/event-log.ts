/**
 * The event log that follows the cursor: the last events at or before it, newest first — the notable
 * ones (scenario, world, health changes, gateway/publisher events) or, with "all kinds", every event.
 * Health changes within one second (hundreds when a core router fails) fold into one line, so the scenario's
 * own events stay in view; the line counts the whole second's changes, those after the cursor too (a line
 * saying 38 when 572 happened within 1.3 ms would contradict the report), and says how many are by the cursor.
 */
import type { TraceIndex } from "../state/trace-index.ts"
import { upperBound } from "../state/trace-index.ts"
import type { TraceEvent } from "../trace/types.ts"
import { formatClockMs } from "../util/clock.ts"
import { el } from "../util/dom.ts"

const ROWS = 60

const summary = (e: TraceEvent): string => {
  const d = e.data
  switch (e.kind) {
    case "health":
      return `${String(d.service)}: ${String(d.previous)} → ${String(d.status)}${d.cause ? ` — ${String(d.cause)}` : ""}`
    case "health.cause":
      return `${String(d.service)}: still ${String(d.status)} — ${String(d.cause)}`
    case "world.change":
      return Object.entries(d).map(([k, v]) => (k === "what" ? String(v) : `${k}=${JSON.stringify(v)}`)).join(" ")
    case "scenario.phase":
      return `${String(d.status)}${d.name ? ` — ${String(d.name)}` : ""}${d.reason ? ` — ${String(d.reason)}` : ""}`
    case "scenario.check": {
      // A scenario's own check is written at the window's end; `at` says where the window it judged ended.
      const whose = d.role === "scenario"
        ? ` (the scenario's check${typeof d.at === "number" && d.at !== e.t ? `, over its window to ${formatClockMs(d.at)}` : ""})`
        : typeof d.phase === "string" ? ` (${String(d.role)} of ${d.phase})` : ""
      return `${String(d.verdict)}${whose}: ${String(d.summary)}`
    }
    case "scenario.fault":
      return `${String(d.kind)} ${String(d.status)} on ${Array.isArray(d.targets) ? d.targets.join(", ") : ""}`
    case "omd.session-status":
      return `trading session status ${String(d.name)} (${String(d.status)}) on ${String(d.channel)}`
    case "estate.layout":
      return "the estate's map"
    default: {
      const text = JSON.stringify(d)
      return text.length > 160 ? `${text.slice(0, 160)}…` : text
    }
  }
}

export class EventLog {
  private readonly root: HTMLElement
  private readonly all: HTMLInputElement
  private index: TraceIndex | undefined
  private lastKey = ""

  constructor(root: HTMLElement, all: HTMLInputElement) {
    this.root = root
    this.all = all
    all.addEventListener("change", () => {
      this.lastKey = ""
      if (this.index !== undefined) this.update(this.lastCursor)
    })
  }
  private lastCursor = 0

  setIndex(index: TraceIndex): void {
    this.index = index
    this.lastKey = ""
  }

  update(cursor: number): void {
    this.lastCursor = cursor
    const index = this.index
    if (index === undefined) return
    const end = upperBound(index.events, cursor)
    const picked: Array<number> = []
    /** Rows: an event index, or a run of health events at one instant [first, last, count]. */
    const runs = new Map<number, number>()
    /** Health changes of the newest row's second after the cursor (its run goes on past it). */
    let later = 0
    if (this.all.checked) {
      for (let i = end - 1; i >= 0 && picked.length < ROWS; i--) picked.push(i)
    } else {
      // notable indices are sorted: find the last one before `end`
      let lo = 0
      let hi = index.notable.length
      while (lo < hi) {
        const mid = (lo + hi) >>> 1
        if (index.notable[mid]! < end) lo = mid + 1
        else hi = mid
      }
      for (let k = lo - 1; k >= 0 && picked.length < ROWS; k--) {
        const i = index.notable[k]!
        const e = index.events[i]!
        const prev = picked[picked.length - 1]
        const pe = prev === undefined ? undefined : index.events[prev]
        if (e.kind === "health" && pe?.kind === "health" && Math.floor(pe.t / 1e6) === Math.floor(e.t / 1e6)) {
          runs.set(prev!, (runs.get(prev!) ?? 1) + 1)
          continue
        }
        picked.push(i)
      }
      const newest = picked[0] === undefined ? undefined : index.events[picked[0]]
      if (newest?.kind === "health") {
        const second = Math.floor(newest.t / 1e6)
        for (let k = lo; k < index.notable.length; k++) {
          const e = index.events[index.notable[k]!]!
          if (e.kind !== "health" || Math.floor(e.t / 1e6) !== second) break
          later++
        }
        if (later > 0) runs.set(picked[0]!, runs.get(picked[0]!) ?? 1)
      }
    }
    const key = `${this.all.checked}|${picked[0] ?? -1}|${picked.length}|${later}`
    if (key === this.lastKey) return
    this.lastKey = key
    this.root.replaceChildren(
      ...picked.map((i) => {
        const e = index.events[i]!
        const li = el("li", { class: `ev k-${e.kind.split(".")[0]}`, "data-kind": e.kind, "data-index": String(i) })
        li.append(el("span", { class: "ev-t" }, formatClockMs(e.t)), el("span", { class: "ev-k" }, e.kind), el("span", { class: "ev-s" }, e.subject))
        const run = runs.get(i)
        const more = i === picked[0] ? later : 0
        const count = run === undefined ? "" : more > 0 ? `${run + more} health changes in this second (${run} by the cursor)` : `${run} health changes in this second`
        li.append(el("span", { class: "ev-d" }, run === undefined ? summary(e) : `${count}, e.g. ${e.subject} ${summary(e)}`))
        return li
      })
    )
  }
}
