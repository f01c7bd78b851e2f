/**
 * The alarms: what the estate's monitoring raises (market data silent, sessions disconnected, transfers
 * late, service degraded, redundancy lost), one row per group (what × service) with how many participants it
 * holds and a sample of them — never one row per circuit. Raised first, newest first; cleared groups stay,
 * greyed, so the trainee sees what came and went. `[data-testid="alarms"]`.
 */
import type { Alarm } from "../../../twin/contract/drill-protocol.ts"
import { formatClock } from "../util/clock.ts"
import { el } from "../util/dom.ts"

/** Raised before cleared, then the newest first, then by id: the order the panel lists them. */
export const alarmOrder = (alarms: ReadonlyArray<Alarm>): Array<Alarm> =>
  [...alarms].sort((a, b) => Number(a.cleared !== null) - Number(b.cleared !== null) || b.since - a.since || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))

export class AlarmsPanel {
  private readonly root: HTMLElement
  private readonly count: HTMLElement
  private lastKey = ""

  constructor(root: HTMLElement, count: HTMLElement) {
    this.root = root
    this.count = count
  }

  update(alarms: ReadonlyArray<Alarm>): void {
    const key = JSON.stringify(alarms)
    if (key === this.lastKey) return
    this.lastKey = key
    this.count.textContent = String(alarms.filter((a) => a.cleared === null).length)
    if (alarms.length === 0) return this.root.replaceChildren(el("li", { class: "empty" }, "no alarm"))
    this.root.replaceChildren(
      ...alarmOrder(alarms).map((a) => {
        const li = el("li", {
          class: "alarm",
          "data-alarm": a.id,
          "data-what": a.what,
          "data-service": a.service,
          "data-severity": a.severity,
          "data-count": String(a.count),
          "data-sample": a.sample.join(" "),
          "data-cleared": String(a.cleared !== null)
        })
        const head = el("div", { class: "alarm-head" })
        head.append(
          el("span", { class: "alarm-sev" }, a.severity),
          el("span", { class: "alarm-t" }, formatClock(a.since)),
          el("span", { class: "alarm-text" }, a.title)
        )
        li.append(head)
        const more = a.count > a.sample.length ? ` and ${a.count - a.sample.length} more` : ""
        const state = a.cleared === null ? `${a.count} now, peak ${a.peak}` : `cleared ${formatClock(a.cleared)}, peak ${a.peak}`
        li.append(el("div", { class: "alarm-detail" }, `${state}${a.sample.length > 0 ? ` · ${a.sample.join(", ")}${more}` : ""}`))
        return li
      })
    )
  }
}
