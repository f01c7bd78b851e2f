/**
 * The trainee's alarms: what the estate's monitoring raises (lines silent, sessions disconnected, transfers
 * late), one row per group of alike alarms with how many it holds — never one row per circuit. Newest
 * first; cleared groups stay, greyed, so the trainee sees what came and went. `[data-testid="alarms"]`.
 */
import { formatClock } from "../util/clock.ts"
import { el } from "../util/dom.ts"

export interface AlarmRow {
  readonly id: string
  readonly severity: string
  readonly text: string
  readonly count: number
  readonly since: number
  /** When the group cleared (every alarm in it), or null while raised. */
  readonly cleared: number | null
  /** A few words per member (circuits, sessions, participants), for the row's details. */
  readonly members: ReadonlyArray<string>
}

export class AlarmsPanel {
  private readonly root: HTMLElement
  private readonly count: HTMLElement
  private lastKey = ""

  constructor(root: HTMLElement, count: HTMLElement) {
    this.root = root
    this.count = count
  }

  update(rows: ReadonlyArray<AlarmRow>): void {
    const key = rows.map((r) => `${r.id}:${r.count}:${r.cleared}:${r.text}`).join("|")
    if (key === this.lastKey) return
    this.lastKey = key
    const raised = rows.filter((r) => r.cleared === null).length
    this.count.textContent = String(raised)
    if (rows.length === 0) return this.root.replaceChildren(el("p", { class: "empty" }, "no alarm"))
    const sorted = [...rows].sort((a, b) => Number(a.cleared !== null) - Number(b.cleared !== null) || b.since - a.since || (a.id < b.id ? -1 : 1))
    this.root.replaceChildren(
      ...sorted.map((r) => {
        const row = el("details", { class: "alarm", "data-alarm": r.id, "data-severity": r.severity, "data-cleared": String(r.cleared !== null) })
        const sum = el("summary")
        sum.append(
          el("span", { class: "alarm-sev" }, r.severity),
          el("span", { class: "alarm-t" }, formatClock(r.since)),
          el("span", { class: "alarm-text" }, r.text),
          el("span", { class: "count", "aria-label": `${r.count} alarms` }, `×${r.count}`)
        )
        row.append(sum)
        if (r.cleared !== null) row.append(el("div", { class: "alarm-cleared" }, `cleared ${formatClock(r.cleared)}`))
        if (r.members.length > 0) row.append(el("div", { class: "alarm-members" }, r.members.join(", ")))
        return row
      })
    )
  }
}
