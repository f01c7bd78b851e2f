/**
 * The trace kinds docs/trace.md documents: every backticked name in the first column of a table whose
 * first header is `kind` or `kinds` (the reference tables, one row per kind or per family of kinds).
 */
const cellsOf = (line: string): Array<string> => line.trim().replace(/^\||\|$/g, "").split("|").map((c) => c.trim())

export const documentedKinds = (markdown: string): Array<string> => {
  const out: Array<string> = []
  let inKindTable = false
  let header = true
  for (const line of markdown.split("\n")) {
    if (!line.trimStart().startsWith("|")) {
      inKindTable = false
      header = true
      continue
    }
    const cells = cellsOf(line)
    if (header) {
      inKindTable = cells[0] === "kind" || cells[0] === "kinds"
      header = false
      continue
    }
    if (!inKindTable || /^-+$/.test(cells[0] ?? "")) continue
    for (const m of (cells[0] ?? "").matchAll(/`([^`]+)`/g)) out.push(m[1]!)
  }
  return out
}
