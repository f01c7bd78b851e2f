/** Tiny DOM helpers for the panels (no framework: a few elements each). */
export const el = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  text?: string
): HTMLElementTagNameMap[K] => {
  const e = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v)
  if (text !== undefined) e.textContent = text
  return e
}

export const must = <T extends Element = HTMLElement>(root: ParentNode, selector: string): T => {
  const e = root.querySelector<T>(selector)
  if (e === null) throw new Error(`viewer: missing element ${selector}`)
  return e
}
