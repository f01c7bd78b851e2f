/**
 * What the repo's prose names, for test/docs/paths.test.ts: the comments of a TypeScript file, the repo
 * paths a text names, its `DOMAIN §n` citations, its Markdown links, the anchors of a Markdown file's
 * headings, and whether a named path exists.
 *
 * A repo path is a token that starts with one of the repo's top-level folders and a slash
 * (`twin/models/ocg/rules.ts`, `scenarios/library/`, `twin/simulate/wire-*.ts`); a `#anchor` or trailing
 * punctuation is not part of it. `out/…` and other output folders are not repo folders, so not paths.
 * A TypeScript file named alone (`rules.ts`, as a comment names a sibling) must be a file of the repo.
 */
import { existsSync, readdirSync } from "node:fs"
import { join } from "node:path"
import ts from "typescript"

export const topFolders = ["twin", "scenarios", "topology", "viewer", "docs", "test", "bench"] as const

/** The text of every comment of a TypeScript source, with its 1-based line. Strings and regexes are not comments. */
export const commentsOf = (fileName: string, source: string): ReadonlyArray<{ readonly line: number; readonly text: string }> => {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS)
  const seen = new Set<number>()
  const out: Array<{ line: number; text: string }> = []
  const take = (ranges: ReadonlyArray<ts.CommentRange> | undefined) => {
    for (const r of ranges ?? []) {
      if (seen.has(r.pos)) continue
      seen.add(r.pos)
      out.push({ line: file.getLineAndCharacterOfPosition(r.pos).line + 1, text: source.slice(r.pos, r.end) })
    }
  }
  const visit = (node: ts.Node) => {
    take(ts.getLeadingCommentRanges(source, node.getFullStart()))
    take(ts.getTrailingCommentRanges(source, node.getEnd()))
    node.forEachChild(visit)
  }
  visit(file)
  // Comments after the last statement hang on the end-of-file token.
  take(ts.getLeadingCommentRanges(source, file.endOfFileToken.getFullStart()))
  return out.sort((a, b) => a.line - b.line)
}

const pathPattern = new RegExp(`(?<![\\w./@*-])((?:${topFolders.join("|")})/[\\w.*/-]*)`, "g")

/** The repo paths a text names, each with its 1-based line (relative to the text). */
export const pathsIn = (text: string): ReadonlyArray<{ readonly line: number; readonly path: string }> =>
  text.split("\n").flatMap((line, i) =>
    [...line.matchAll(pathPattern)].map((m) => ({ line: i + 1, path: m[1]!.replace(/[.,:;]+$/, "") }))
  )

/** TypeScript file names a text gives alone (`rules.ts`, not `ocg/rules.ts` or `wire-*.ts`), with their line. */
export const tsNamesIn = (text: string): ReadonlyArray<{ readonly line: number; readonly name: string }> =>
  text.split("\n").flatMap((line, i) => [...line.matchAll(/(?<![\w./*-])([\w-]+\.ts)\b/g)].map((m) => ({ line: i + 1, name: m[1]! })))

/** The section numbers of the `DOMAIN §n` citations in a text (`DOMAIN §3, §1 timetable` cites §3 and §1). */
export const domainCitationsIn = (text: string): ReadonlyArray<{ readonly line: number; readonly section: string }> =>
  text.split("\n").flatMap((line, i) =>
    [...line.matchAll(/DOMAIN §(\d+)((?:(?:,| and| or| ?\/) ?§\d+)*)/g)].flatMap((m) =>
      [m[1]!, ...[...m[2]!.matchAll(/§(\d+)/g)].map((n) => n[1]!)].map((section) => ({ line: i + 1, section }))
    )
  )

/**
 * The words a text quotes from a cited section: `DOMAIN §1 Heartbeat: "20 s"` quotes "20 s" from §1. A
 * quote after a `spec §n` in between is the spec's, not the reference's.
 */
export const domainQuotesIn = (text: string): ReadonlyArray<{ readonly line: number; readonly section: string; readonly quote: string }> =>
  text.split("\n").flatMap((line, i) =>
    [...line.matchAll(/DOMAIN §(\d+)([^"“\n]{0,40}?)["“]([^"”\n]+)["”]/g)]
      .filter((m) => !m[2]!.includes("spec"))
      .map((m) => ({ line: i + 1, section: m[1]!, quote: m[3]! }))
  )

const plain = (text: string): string => text.replace(/\*\*/g, "").replace(/\s+/g, " ").toLowerCase().trim()

/** The text of each `## n. Title` section of a domain reference, by number. */
export const domainSectionTextsOf = (text: string): ReadonlyMap<string, string> =>
  new Map(
    text
      .split(/^(?=## \d+\. )/m)
      .flatMap((part) => {
        const m = /^## (\d+)\. /.exec(part)
        return m ? [[m[1]!, part] as const] : []
      })
  )

/**
 * Whether a section says what a quote says: every piece of the quote between `…` is in the section's text,
 * bold, line breaks, case and a final full stop aside.
 */
export const sectionSays = (section: string, quote: string): boolean =>
  quote
    .split("…")
    .map((piece) => plain(piece).replace(/\.$/, ""))
    .filter((piece) => piece !== "")
    .every((piece) => plain(section).includes(piece))

/** Markdown link targets that are not URLs: `[text](target)` with its file part and its anchor. */
export const markdownLinksIn = (text: string): ReadonlyArray<{ readonly line: number; readonly file: string; readonly anchor: string | undefined }> =>
  text.split("\n").flatMap((line, i) =>
    [...line.matchAll(/\]\(([^)\s]+)\)/g)]
      .map((m) => m[1]!)
      .filter((target) => !/^[a-z]+:/i.test(target))
      .map((target) => {
        const [file, anchor] = target.split("#", 2) as [string, string | undefined]
        return { line: i + 1, file, anchor }
      })
  )

/** GitHub's anchor for a heading: lower case, punctuation but `-` and `_` dropped, spaces to `-`. */
export const headingAnchor = (heading: string): string =>
  heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-")

/** The anchors of a Markdown text's headings (outside fenced code). */
export const headingAnchorsOf = (text: string): ReadonlySet<string> => {
  const anchors = new Set<string>()
  let fenced = false
  for (const line of text.split("\n")) {
    if (line.startsWith("```")) fenced = !fenced
    const m = fenced ? null : /^#{1,6} (.*)$/.exec(line)
    if (m) anchors.add(headingAnchor(m[1]!))
  }
  return anchors
}

/** The section numbers of a domain reference's `## n. Title` headings. */
export const domainSectionsOf = (text: string): ReadonlySet<string> =>
  new Set([...text.matchAll(/^## (\d+)\. /gm)].map((m) => m[1]!))

const globSegment = (segment: string): RegExp =>
  new RegExp(`^${segment.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*")}$`)

/**
 * Whether `path` exists under `root`: a file or folder, or, with `*` in a segment, at least one match of
 * the pattern (`wire-*.ts`). A path ending in `/` must be a folder.
 */
export const pathExists = (root: string, path: string): boolean => {
  const segments = path.split("/")
  const folderOnly = path.endsWith("/")
  if (folderOnly) segments.pop()
  const walk = (dir: string, rest: ReadonlyArray<string>): boolean => {
    if (rest.length === 0) return true
    const [head, ...tail] = rest as [string, ...Array<string>]
    if (!head.includes("*")) {
      const next = join(dir, head)
      if (!existsSync(next)) return false
      return tail.length === 0 && !folderOnly ? true : isFolder(next) && walk(next, tail)
    }
    if (!isFolder(dir)) return false
    const match = globSegment(head)
    return readdirSync(dir, { withFileTypes: true }).some(
      (e) => match.test(e.name) && (tail.length === 0 ? !folderOnly || e.isDirectory() : e.isDirectory() && walk(join(dir, e.name), tail))
    )
  }
  return walk(root, segments)
}

const isFolder = (path: string): boolean => {
  try {
    readdirSync(path)
    return true
  } catch {
    return false
  }
}
