/**
 * Entry: `?trace=URL` plays a trace file (`&t=06:30:04&p=P0123`: at that time, that participant selected), `?live` follows `twin serve` (with `&token=` the instructor's
 * controls), `?drill` is a trainee's drill page and `?drill&token=` the instructor's (`twin drill`, drill/); otherwise open or drop a trace file.
 */
import { App } from "./app.ts"
import { startDrill } from "./drill/start-drill.ts"
import { startLive } from "./live/client.ts"
import { readDeepLink } from "./state/deep-link.ts"
import { loadTraceFile, loadTraceUrl } from "./trace/load.ts"
import { must } from "./util/dom.ts"

declare global {
  interface Window {
    /** For the benchmark and the console: the running app. */
    __viewer?: App
  }
}

const params = new URLSearchParams(location.search)
// A drill page replaces the playback screen and never builds the trace viewer (the trainee gets no trace).
if (params.has("drill")) startDrill(params.get("token"))
else startViewer()

function startViewer(): void {
  const app = new App()
  window.__viewer = app

  const open = async (load: () => Promise<Parameters<App["load"]>[0]>, title: string): Promise<void> => {
    try {
      must(document, "#drop-hint").textContent = `Loading ${title}…`
      app.load(await load(), title)
      // A deep link (`&t=06:30:04&p=P0123`) opens the trace at that time with that participant selected.
      const link = readDeepLink(params)
      if (link.problem !== "") app.showError(link.problem)
      app.openAt(link.t, link.participant)
    } catch (e) {
      app.showError(e instanceof Error ? e.message : String(e))
    }
  }

  const traceUrl = params.get("trace")
  if (params.has("live")) startLive(app, params.get("token"))
  else if (traceUrl !== null) void open(() => loadTraceUrl(traceUrl), traceUrl.split("/").slice(-2).join("/"))

  // A button (reached with Tab) that opens the hidden file input: a <label> around it is not focusable.
  must(document, '[data-action="open"]').addEventListener("click", () => must<HTMLInputElement>(document, "#file").click())
  must<HTMLInputElement>(document, "#file").addEventListener("change", (ev) => {
    const file = (ev.target as HTMLInputElement).files?.[0]
    if (file !== undefined) void open(() => loadTraceFile(file), file.name)
  })
  document.addEventListener("dragover", (ev) => ev.preventDefault())
  document.addEventListener("drop", (ev) => {
    ev.preventDefault()
    const file = ev.dataTransfer?.files[0]
    if (file !== undefined) void open(() => loadTraceFile(file), file.name)
  })
}
