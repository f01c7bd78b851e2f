/**
 * The instructor's clock controls: start the drill (opens the gate), pause/resume, speed, end the drill,
 * and a hint to every page. Buttons follow the gate's state. `[data-testid="drill-controls"]`.
 */
import type { GateState } from "../../../twin/contract/drill-protocol.ts"
import { el } from "../util/dom.ts"
import type { Outgoing } from "./connection.ts"

const SPEEDS = [1, 2, 5, 10, 30, 60, 120, 300, 1000]

export class InstructorControls {
  readonly root: HTMLElement
  private readonly start: HTMLButtonElement
  private readonly pause: HTMLButtonElement
  private readonly end: HTMLButtonElement
  private readonly speed: HTMLSelectElement
  private state: GateState = "waiting"

  constructor(send: (m: Outgoing) => void) {
    this.root = el("div", { class: "drill-controls", "data-testid": "drill-controls" })
    this.start = el("button", { type: "button", "data-action": "start-drill", class: "primary" }, "Start drill")
    this.start.addEventListener("click", () => send({ type: "start" }))
    this.pause = el("button", { type: "button", "data-action": "pause-drill" }, "Pause")
    this.pause.addEventListener("click", () => send({ type: this.state === "paused" ? "resume" : "pause" }))
    this.end = el("button", { type: "button", "data-action": "end-drill" }, "End drill")
    // Two clicks: the first asks, the second (within 5 s) ends — a slip does not end a drill.
    let armed: ReturnType<typeof setTimeout> | undefined
    this.end.addEventListener("click", () => {
      if (armed === undefined) {
        this.end.textContent = "Confirm: end and score"
        armed = setTimeout(() => {
          armed = undefined
          this.end.textContent = "End drill"
        }, 5000)
        return
      }
      clearTimeout(armed)
      armed = undefined
      this.end.textContent = "End drill"
      send({ type: "end-drill" })
    })
    this.speed = el("select", { id: "drill-speed", name: "drill-speed" })
    for (const v of SPEEDS) this.speed.append(el("option", { value: String(v) }, `×${v}`))
    this.speed.addEventListener("change", () => send({ type: "speed", speed: Number(this.speed.value) }))
    const row = el("div", { class: "row" })
    row.append(this.start, this.pause, el("label", { for: this.speed.id }, "speed"), this.speed, this.end)
    const hintForm = el("form", { class: "hint-form", "aria-label": "Give a hint" })
    const hint = el("input", { id: "drill-hint", name: "hint", maxlength: "2000", placeholder: "e.g. look at the tickets' carriers", autocomplete: "off" })
    hintForm.append(el("label", { for: hint.id }, "Hint to the trainee"), hint, el("button", { type: "submit", "data-action": "send-hint" }, "Send hint"))
    hintForm.addEventListener("submit", (ev) => {
      ev.preventDefault()
      const text = hint.value.trim()
      if (text === "") return
      send({ type: "hint", text })
      hint.value = ""
    })
    this.root.append(row, hintForm)
    this.gate("waiting")
  }

  gate(state: GateState): void {
    this.state = state
    this.start.disabled = state !== "waiting"
    this.pause.disabled = state !== "running" && state !== "paused"
    this.pause.textContent = state === "paused" ? "Resume" : "Pause"
    this.end.disabled = state === "over" || state === "waiting"
  }

  clock(speed: number): void {
    if (document.activeElement !== this.speed) this.speed.value = String(speed)
  }
}
