/**
 * A check entry as written in a scenario (`{id, check, at?, …params}`) in the words a change team reads in
 * a runbook: what must hold for a go, a PRT pass or a rollback. The common kinds have a sentence
 * (docs/checks.md); any other reads as its kind and parameters, as written.
 */
type Entry = Readonly<Record<string, unknown>>

const text = (v: unknown): string => (Array.isArray(v) ? v.map(text).join(", ") : typeof v === "object" && v !== null ? JSON.stringify(v) : String(v))

const worstWords: Record<string, string> = {
  served: "every participant served with redundancy",
  "served-without-redundancy": "nobody degraded or down",
  degraded: "nobody down",
  "as-before": "nobody worse off than when the window opened"
}

const sentences: Record<string, (e: Entry) => string> = {
  health: (e) => {
    const service = e["service"] === undefined || e["service"] === "all" ? "every service" : text(e["service"])
    const worst = worstWords[text(e["worst"] ?? "served-without-redundancy")] ?? `nobody worse than ${text(e["worst"])}`
    const extra = [
      e["maxDuration"] === undefined ? "" : `for longer than ${text(e["maxDuration"])}`,
      e["maxParticipants"] === undefined ? "" : `(up to ${text(e["maxParticipants"])} participants excepted)`,
      e["participants"] === undefined ? "" : `among ${text(e["participants"])}`
    ].filter((x) => x !== "")
    return `${service}: ${worst}${extra.length > 0 ? ` ${extra.join(" ")}` : ""}`
  },
  "omd-dual-line-loss": (e) => `${text(e["service"] ?? "omd-c")}: no subscriber without both lines for longer than ${text(e["max"] ?? "0s")}`,
  "omd-unrecovered-gaps": (e) => `${text(e["service"] ?? "all")} market data: at most ${text(e["maxGaps"] ?? 0)} unrecovered gaps`,
  "ocg-session-recovery": (e) => `every OCG-C session that drops logged on again within ${text(e["within"])}`,
  "executions-exactly-once": () => "every execution delivered exactly once",
  "csc-northbound-available": (e) => `China Connect northbound available${e["maxDown"] === undefined ? "" : ` (down at most ${text(e["maxDown"])})`}`
}

const HIDDEN = new Set(["id", "check", "at", "during", "require"])

export const describeCheck = (entry: Entry): string => {
  const kind = text(entry["check"])
  const sentence = sentences[kind]
  if (sentence !== undefined) return sentence(entry)
  const params = Object.entries(entry).filter(([k]) => !HIDDEN.has(k)).map(([k, v]) => `${k} ${text(v)}`)
  return params.length === 0 ? kind : `${kind} (${params.join(", ")})`
}
