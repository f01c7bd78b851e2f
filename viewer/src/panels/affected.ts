/**
 * The participants affected now (state/derive.ts `affectedParticipants`), searchable by id, name, group,
 * service or cause: `[data-testid="affected"]`, one `[data-participant]` row each. Redrawn only when the
 * affected set or the search changed.
 *
 * Each row tells the cause of its worst service (the worst status, the earliest to reach it): the cause chain
 * of the instant that status began — the step, rollback, fault or person's action that changed last and the faults on then,
 * as the report words it (twin/contract/cause-chain.ts) — in `.aff-cause`, and what the twin saw of that
 * service in `.aff-detail`.
 */
import type { CauseIndex } from "../../../twin/contract/cause-chain.ts"
import { healthColour, healthGlyph, healthLabel } from "../map/palette.ts"
import { affectedNowCsv, affectedNowFileName } from "./affected-csv.ts"
import { type AffectedParticipant, affectedParticipants } from "../state/derive.ts"
import type { ViewState } from "../state/view-state.ts"
import { el } from "../util/dom.ts"

const LIMIT = 300

export class AffectedPanel {
  private readonly root: HTMLElement
  private readonly search: HTMLInputElement
  private readonly count: HTMLElement
  private readonly onPick: (participant: string) => void
  private readonly causes: () => CauseIndex
  private lastKey = ""
  private lastApplied = -1
  private rows: Array<AffectedParticipant & { readonly chain: string }> = []
  /** The instant the list is of (µs), for the downloaded file's name. */
  private now = 0

  constructor(root: HTMLElement, search: HTMLInputElement, count: HTMLElement, onPick: (participant: string) => void, causes: () => CauseIndex) {
    this.root = root
    this.search = search
    this.count = count
    this.onPick = onPick
    this.causes = causes
    search.addEventListener("input", () => this.render())
    // Whom to notify, as it stands at the instant shown: every affected participant and service (affected-csv.ts).
    const exportButton = el("button", { type: "button", class: "aff-export", "data-testid": "affected-export", title: "Download the list as CSV (every affected participant and service, with causes)" }, "CSV")
    exportButton.addEventListener("click", () => this.download())
    search.insertAdjacentElement("afterend", exportButton)
  }

  update(s: ViewState): void {
    this.now = s.t
    if (s.versions.health === this.lastApplied) return
    this.lastApplied = s.versions.health
    const causes = this.causes()
    this.rows = affectedParticipants(s).map((a) => ({ ...a, chain: causes.chainAt(a.worstService.since)?.sentence ?? "" }))
    this.render()
  }

  /** The list as CSV, as a file the browser saves. */
  private download(): void {
    const url = URL.createObjectURL(new Blob([affectedNowCsv(this.rows, this.causes())], { type: "text/csv;charset=utf-8" }))
    const link = el("a", { href: url, download: affectedNowFileName(this.now) })
    document.body.append(link)
    link.click()
    link.remove()
    setTimeout(() => URL.revokeObjectURL(url), 0)
  }

  private render(): void {
    const q = this.search.value.trim().toLowerCase()
    const shown = q === ""
      ? this.rows
      : this.rows.filter((a) =>
          [a.participant.id, a.participant.name, a.participant.group, a.chain, ...a.services.flatMap((x) => [x.service, x.status, x.cause])]
            .some((v) => v.toLowerCase().includes(q))
        )
    const key = `${q}|${shown.map((a) => `${a.participant.id}:${a.services.map((x) => `${x.service}=${x.status}@${x.since}`).join(",")}`).join(";")}`
    if (key === this.lastKey) return
    this.lastKey = key
    this.count.textContent = q === "" ? `${this.rows.length}` : `${shown.length} of ${this.rows.length}`
    if (shown.length === 0) {
      this.root.replaceChildren(el("p", { class: "empty" }, this.rows.length === 0 ? "Nobody is worse off than at the start." : "No match."))
      return
    }
    const rows = shown.slice(0, LIMIT).map((a) => {
      // A row is a control: reached with Tab, chosen with Enter or Space as with a click.
      const row = el("div", { class: "aff-row", "data-participant": a.participant.id, "data-worst": a.worst, tabindex: "0", role: "button" })
      // The worst status by shape as well as colour (map/palette.ts healthGlyph).
      row.append(el("span", { class: "aff-dot", style: `background:${healthColour[a.worst]}`, "aria-hidden": "true" }, healthGlyph[a.worst]))
      row.append(el("span", { class: "aff-id" }, a.participant.id))
      const svcs = el("span", { class: "aff-svcs" })
      for (const x of a.services) {
        const tag = el("span", { class: `svc-tag st-${x.status}`, title: x.cause })
        tag.append(el("span", { class: "glyph", "aria-hidden": "true" }, healthGlyph[x.status]), `${x.service} ${healthLabel[x.status]}`)
        svcs.append(tag)
      }
      row.append(svcs)
      const worst = a.worstService
      row.append(el("div", { class: "aff-cause", "data-service": worst.service }, a.chain === "" ? worst.cause : a.chain))
      if (a.chain !== "" && worst.cause !== "") row.append(el("div", { class: "aff-detail" }, `${worst.service}: ${worst.cause}`))
      row.addEventListener("click", () => this.onPick(a.participant.id))
      row.addEventListener("keydown", (ev) => {
        if (ev.key !== "Enter" && ev.key !== " ") return
        ev.preventDefault()
        this.onPick(a.participant.id)
      })
      return row
    })
    if (shown.length > LIMIT) rows.push(el("p", { class: "empty" }, `… and ${shown.length - LIMIT} more (refine the search)`))
    this.root.replaceChildren(...rows)
  }
}
