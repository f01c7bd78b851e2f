/**
 * Text into HTML. Every string of a report that came from a scenario, an estate or a model (ids, names,
 * summaries, evidence details) reaches the page through `html`, whether as element text or an attribute
 * value: participant ids and details may hold `<`, `&`, `"`.
 */
const entities: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }

/** Escaped for element text and for double- or single-quoted attribute values alike. */
export const html = (text: string | number): string => String(text).replace(/[&<>"']/g, (c) => entities[c]!)

/** An id for an element made from arbitrary text: letters, digits, `-` and `_` only (the rest become `-`). */
export const slug = (text: string): string => text.replace(/[^A-Za-z0-9_-]/g, "-")
