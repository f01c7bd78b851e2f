/** One line saying the last ack, receipt or error, announced to screen readers. `[data-testid="control-result"]`. */
import { el } from "../util/dom.ts"

export const resultLine = (): { root: HTMLElement; say: (text: string, error: boolean) => void } => {
  const root = el("div", { class: "control-result", "data-testid": "control-result", role: "status", "aria-live": "polite" })
  return {
    root,
    say: (text, error) => {
      root.textContent = text
      root.setAttribute("data-result", error ? "error" : "ack")
    }
  }
}
