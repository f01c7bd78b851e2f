/** The debrief as one self-contained HTML page (debrief.ts builds what it shows). */
import { html } from "../../../scenarios/report/html/escape.ts"
import type { DrillScore, Harm } from "../../contract/drill-protocol.ts"
import { SERVICES } from "../../contract/services.ts"
import { formatClock, type Micros } from "../../engine/time.ts"
import type { Debrief, RunSummary } from "./debrief.ts"

const clock = (t: Micros) => formatClock(t).slice(0, 8)
const minutes = (us: number | null) => (us === null ? "never" : `${(us / 60_000_000).toFixed(1)} min`)

const harmRows = (a: Harm, b: Harm): string => {
  return SERVICES.filter((s) => a.down[s] !== undefined || b.down[s] !== undefined)
    .map((s) => {
      const x = a.down[s] ?? 0
      const y = b.down[s] ?? 0
      return `<tr><td>${html(s)}</td><td>${x}</td><td>${y}</td><td>${Math.round((x - y) * 100) / 100}</td></tr>`
    })
    .join("")
}

const marks = (s: DrillScore) =>
  `<tr><td>detection</td><td>${s.marks.detection}</td></tr><tr><td>diagnosis</td><td>${s.marks.diagnosis}</td></tr><tr><td>actions</td><td>${s.marks.actions}</td></tr><tr><td>harm</td><td>${s.marks.harm}</td></tr><tr><th>total</th><th>${s.marks.total} / ${s.marks.max}</th></tr>`

const run = (r: RunSummary) => `
<section class="run" data-run="${r.run}">
  <h2>${r.run === "trainee" ? "The trainee's run" : "The ideal response"}</h2>
  <p>Detected after ${minutes(r.score.detectedAfter)}; right diagnosis after ${minutes(r.score.diagnosedAfter)}; ${r.harm.totalDown} participant-minutes down, ${r.harm.totalDegraded} degraded.</p>
  <table><tbody>${marks(r.score)}</tbody></table>
  <h3>Submissions</h3>
  <table><thead><tr><th>#</th><th>at</th><th>what</th></tr></thead><tbody>${r.submissions
    .map((s) => `<tr><td>${s.n}</td><td>${clock(s.at)}</td><td>${html(s.request.type === "act" ? `${s.request.action} ${s.request.target}` : `${s.request.fault} on ${s.request.element} (${s.request.services.join(", ")}; ${s.request.participants.length} participants)`)}</td></tr>`)
    .join("")}</tbody></table>
  ${r.score.diagnosis.beforeIncident === true ? `<p class="wrong">Diagnosed only before the incident: a diagnosis made before it counts for nothing.</p>` : ""}
  ${r.score.wrongActions.length === 0 ? "" : `<p class="wrong">Actions not expected: ${r.score.wrongActions.map((w) => html(`${w.action} ${w.target}${w.after < 0 ? " (before the incident)" : ""}`)).join("; ")}</p>`}
</section>`

export const debriefHtml = (d: Debrief): string => {
  const [trainee, ideal] = d.runs
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Debrief — ${html(d.drill.name)}</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}.wrong{color:#a00}.t-trainee{background:#eef}.t-ideal{background:#efe}.t-script,.t-instructor{background:#fee}</style>
</head><body>
<h1>Debrief — ${html(d.drill.name)}</h1>
<p>${html(d.drill.briefing)}</p>
<p>Window ${clock(d.drill.window.from)}–${clock(d.drill.window.to)}; the incident (${html(d.drill.incident.fault)}) at ${clock(d.drill.incident.at)}.
Expected: ${html(d.expected.diagnosis.fault)} on ${html(d.expected.diagnosis.elements.join(" or "))}, services ${html(d.expected.diagnosis.services.join(", "))}, ${d.expected.diagnosis.participants.length} participants;
actions ${d.expected.actions.map((a) => html(`${a.action} ${a.target} within ${minutes(a.within)}`)).join("; ")}.</p>
<h2>The difference</h2>
<p>Marks: trainee ${trainee.score.marks.total}, ideal ${ideal.score.marks.total} (${d.difference.marks}). Participant-minutes down: trainee ${trainee.harm.totalDown}, ideal ${ideal.harm.totalDown} (${d.difference.totalDown > 0 ? "+" : ""}${d.difference.totalDown}).</p>
<table><thead><tr><th>service</th><th>trainee</th><th>ideal</th><th>difference</th></tr></thead><tbody>${harmRows(trainee.harm, ideal.harm)}</tbody></table>
${run(trainee)}
${run(ideal)}
<h2>What the trainee saw</h2>
<p>${d.seen.alarms.length} alarms, ${d.seen.tickets} calls.</p>
<table><thead><tr><th>since</th><th>cleared</th><th>alarm</th></tr></thead><tbody>${d.seen.alarms
    .map((a) => `<tr><td>${clock(a.since)}</td><td>${a.cleared === null ? "" : clock(a.cleared)}</td><td>${html(a.title)}</td></tr>`)
    .join("")}</tbody></table>
<h2>Timeline</h2>
<table><thead><tr><th>at</th><th>who</th><th>what</th></tr></thead><tbody>${d.timeline
    .map((e) => `<tr class="t-${e.source}"><td>${clock(e.t)}</td><td>${e.source}</td><td>${html(e.what)}</td></tr>`)
    .join("")}</tbody></table>
</body></html>
`
}
