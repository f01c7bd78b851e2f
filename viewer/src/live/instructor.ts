/**
 * The instructor's panel (only with a token): inject a fault (YAML or JSON, as in a scenario's `faults:`
 * list without `at`), end it, start a phase, move units, set speed, pause/resume. Shows the last ack/error.
 */
import { parse as parseYaml } from "yaml"
import { el } from "../util/dom.ts"
import type { Welcome } from "./protocol.ts"

export class InstructorPanel {
  private readonly root: HTMLElement
  private readonly send: (message: Record<string, unknown>) => void
  private readonly resultBox: HTMLElement
  private readonly phases: HTMLElement
  private readonly units: HTMLSelectElement
  private readonly speed: HTMLSelectElement
  private readonly pause: HTMLButtonElement
  private readonly kinds: HTMLElement
  private ref = 0

  constructor(slot: HTMLElement, send: (message: Record<string, unknown>) => void) {
    this.send = send
    this.root = el("div", { "data-testid": "instructor", class: "instructor" })
    this.root.append(el("h2", {}, "Instructor"))
    const fault = el("textarea", { name: "fault", rows: "4", placeholder: "kind: link-down\nlink: ca-pop-1--ar-dc1-a" }) as HTMLTextAreaElement
    const forInput = el("input", { name: "for", placeholder: "for (e.g. 5m)", size: "8" }) as HTMLInputElement
    const idInput = el("input", { name: "fault-id", placeholder: "id (optional)", size: "10" }) as HTMLInputElement
    const inject = el("button", { "data-action": "inject" }, "Inject fault")
    inject.addEventListener("click", () => {
      let parsed: unknown
      try {
        // JSON is YAML 1.2: one parser for both, and it refuses a repeated key where JSON.parse keeps the last
        parsed = parseYaml(fault.value.trim())
      } catch (e) {
        return this.result(`fault: expected YAML or JSON, got ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`, true)
      }
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return this.result("fault: expected a mapping like {kind: link-down, link: …}", true)
      this.command({
        type: "inject",
        fault: parsed,
        ...(forInput.value.trim() === "" ? {} : { for: forInput.value.trim() }),
        ...(idInput.value.trim() === "" ? {} : { id: idInput.value.trim() })
      })
    })
    const endId = el("input", { name: "end-fault-id", placeholder: "fault id", size: "10" }) as HTMLInputElement
    const end = el("button", { "data-action": "end-fault" }, "End fault")
    end.addEventListener("click", () => this.command({ type: "end-fault", id: endId.value.trim() }))
    this.kinds = el("details", { class: "fault-kinds" })
    this.phases = el("div", { class: "phase-buttons" })
    this.units = el("select", { name: "units", multiple: "true", size: "4" }) as HTMLSelectElement
    const move = el("button", { "data-action": "move" }, "Move")
    const back = el("button", { "data-action": "move-back" }, "Move back")
    const picked = () => Array.from(this.units.selectedOptions).map((o) => o.value)
    move.addEventListener("click", () => this.command({ type: "move", units: picked() }))
    back.addEventListener("click", () => this.command({ type: "move", units: picked(), back: true }))
    this.speed = el("select", { name: "live-speed" }) as HTMLSelectElement
    for (const v of [1, 2, 5, 10, 30, 60, 120, 300, 1000]) this.speed.append(el("option", { value: String(v) }, `×${v}`))
    this.speed.addEventListener("change", () => this.command({ type: "speed", speed: Number(this.speed.value) }))
    this.pause = el("button", { "data-action": "pause" }, "Pause")
    this.pause.addEventListener("click", () => this.command({ type: this.pause.dataset.paused === "true" ? "resume" : "pause" }))
    this.resultBox = el("div", { "data-testid": "control-result", class: "control-result" })
    this.root.append(
      el("h3", {}, "Fault"),
      fault,
      el("div", { class: "row" }),
      this.kinds
    )
    const row = this.root.querySelector(".row")!
    row.append(idInput, forInput, inject)
    this.root.append(el("div", { class: "row" }))
    this.root.lastElementChild!.append(endId, end)
    this.root.append(el("h3", {}, "Phases"), this.phases, el("h3", {}, "Units"), this.units)
    this.root.append(el("div", { class: "row" }))
    this.root.lastElementChild!.append(move, back)
    this.root.append(el("h3", {}, "Clock"))
    this.root.append(el("div", { class: "row" }))
    this.root.lastElementChild!.append(this.speed, this.pause)
    this.root.append(this.resultBox)
    slot.replaceChildren(this.root)
  }

  private command(message: Record<string, unknown>): void {
    this.ref++
    this.send({ ...message, ref: `c${this.ref}` })
  }

  configure(w: Welcome): void {
    this.phases.replaceChildren(
      ...(w.scenario?.phases ?? []).map((p) => {
        const b = el("button", { "data-action": "start-phase", "data-phase-id": p.id, title: p.name }, p.name)
        b.addEventListener("click", () => this.command({ type: "phase", phase: p.id }))
        return b
      })
    )
    if ((w.scenario?.phases ?? []).length === 0) this.phases.append(el("p", { class: "empty" }, "no phases in this scenario"))
    this.units.replaceChildren(...w.units.map((u) => el("option", { value: u }, u)))
    this.kinds.replaceChildren(
      el("summary", {}, `${w.faultKinds.length} fault kinds`),
      ...w.faultKinds.map((k) => el("div", { class: "fault-kind", title: k.summary }, `${k.kind}: ${k.params.join(", ")}`))
    )
    this.speed.value = String(w.speed)
  }

  clock(speed: number, paused: boolean): void {
    if (document.activeElement !== this.speed && this.speed.value !== String(speed)) this.speed.value = String(speed)
    this.pause.dataset.paused = String(paused)
    this.pause.textContent = paused ? "Resume" : "Pause"
  }

  result(text: string, error: boolean): void {
    this.resultBox.textContent = text
    this.resultBox.setAttribute("data-result", error ? "error" : "ack")
  }
}
