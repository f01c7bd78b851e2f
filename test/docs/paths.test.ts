import { readdirSync, readFileSync } from "node:fs"
import { join, dirname } from "node:path"
import { describe, expect, it } from "vitest"
import {
  commentsOf,
  domainCitationsIn,
  domainQuotesIn,
  domainSectionsOf,
  domainSectionTextsOf,
  headingAnchorsOf,
  markdownLinksIn,
  pathExists,
  pathsIn,
  sectionSays,
  tsNamesIn
} from "./repo-paths.ts"

// The repo's prose names files, folders and the sections of docs/domain.md; a rename that forgets them
// leaves readers a dead end. This reads text only: no simulation.

/** Named on purpose though not in a checkout: the viewer's build output (`npm run build:viewer`, or `twin serve`). */
const notRepoPaths: ReadonlyArray<string> = ["viewer/dist"]

const files = (dir: string, ext: RegExp): Array<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.name === "node_modules" || e.name === "dist" || e.name.startsWith(".")
      ? []
      : e.isDirectory()
        ? files(join(dir, e.name), ext)
        : ext.test(e.name)
          ? [join(dir, e.name)]
          : []
  )

const sourceFolders = ["twin", "scenarios", "topology", "viewer/src", "bench", "test"]
const tsFiles = sourceFolders.flatMap((d) => files(d, /\.ts$/))
const markdown = [...files("docs", /\.md$/), "README.md"]
const yamlFiles = [...files("scenarios", /\.ya?ml$/), ...files("topology", /\.ya?ml$/)]
const read = (file: string) => readFileSync(file, "utf8")
const commentCache = new Map<string, ReturnType<typeof commentsOf>>()
const comments = (file: string) => commentCache.get(file) ?? commentCache.set(file, commentsOf(file, read(file))).get(file)!
/** Where citations are read from: all the text of these files (test names cite rules too), but this test's made-up texts. */
const citing = [...tsFiles.filter((f) => !f.startsWith("test/docs/")), ...markdown, ...yamlFiles]

/** Every (file:line, path) the prose names: comments of the .ts files, all of the Markdown and YAML. */
const named = (): Array<{ where: string; path: string }> => [
  ...tsFiles.flatMap((f) =>
    comments(f).flatMap((c) => pathsIn(c.text).map((p) => ({ where: `${f}:${c.line + p.line - 1}`, path: p.path })))
  ),
  ...[...markdown, ...yamlFiles].flatMap((f) => pathsIn(read(f)).map((p) => ({ where: `${f}:${p.line}`, path: p.path })))
]

const missing = (list: ReadonlyArray<{ where: string; path: string }>, root: string) =>
  list.filter((n) => !notRepoPaths.includes(n.path) && !pathExists(root, n.path)).map((n) => `${n.where}: ${n.path}`)

describe("the extractor (made-up texts)", () => {
  it("reads comments, not strings or regexes", () => {
    const source = [
      `const url = "ws://host/live" // twin/serve/ (the server)`,
      `const re = /a\\/b/g`,
      `/** Reads topology/schema.ts and docs/`,
      ` *  trace.md#kinds. */`,
      "const s = `twin/not-a-comment.ts`"
    ].join("\n")
    const comments = commentsOf("x.ts", source)
    expect(comments.map((c) => [c.line, c.text])).toEqual([
      [1, "// twin/serve/ (the server)"],
      [3, "/** Reads topology/schema.ts and docs/\n *  trace.md#kinds. */"]
    ])
    expect(comments.flatMap((c) => pathsIn(c.text).map((p) => [c.line + p.line - 1, p.path]))).toEqual([
      [1, "twin/serve/"],
      [3, "topology/schema.ts"],
      [3, "docs/"]
    ])
  })

  it("takes paths whole, without anchors or trailing punctuation, and not inside other paths or URLs", () => {
    expect(
      pathsIn("see twin/models/ocg/rules.ts, docs/scenario-format.md#settings and twin/simulate/wire-*.ts.\n" +
        "not ../elsewhere/twin/x.ts nor https://example.com/docs/a.md nor out/twin/y.ts; test/docs/")
    ).toEqual([
      { line: 1, path: "twin/models/ocg/rules.ts" },
      { line: 1, path: "docs/scenario-format.md" },
      { line: 1, path: "twin/simulate/wire-*.ts" },
      { line: 2, path: "test/docs/" }
    ])
  })

  it("fails on a named path that is missing, and on a citation of a section the reference lacks", () => {
    const text = "// Rules in twin/models/ocg/rules.ts; the gateway in twin/nodes/ocg-gateway.ts (DOMAIN §1, §7).\n" +
      "// Wired in twin/simulate/wire-*.ts and twin/simulate/wire-zz-*.ts; tests under test/docs/ and test/nowhere/."
    const list = commentsOf("made-up.ts", text).flatMap((c) => pathsIn(c.text).map((p) => ({ where: `made-up.ts:${c.line}`, path: p.path })))
    expect(missing(list, ".")).toEqual([
      "made-up.ts:1: twin/nodes/ocg-gateway.ts",
      "made-up.ts:2: twin/simulate/wire-zz-*.ts",
      "made-up.ts:2: test/nowhere/"
    ])
    // A sibling named alone: the one a rename left behind is found by name.
    expect(tsNamesIn("// See expand.ts and rules.ts, not ocg/rules.ts or wire-*.ts.").map((n) => n.name)).toEqual(["expand.ts", "rules.ts"])
    // A file named with a trailing slash is not a folder.
    expect(pathExists(".", "twin/models/ocg/rules.ts/")).toBe(false)
    const sections = domainSectionsOf("# Ref\n## 1. One\n### 2. Not a section\n## 3. Three\n")
    expect([...sections]).toEqual(["1", "3"])
    expect(domainCitationsIn(text).filter((c) => !sections.has(c.section))).toEqual([{ line: 1, section: "7" }])
  })

  it("reads the words a citation quotes, and finds a misquote", () => {
    const reference = "# Ref\n## 1. One\n| Heartbeat | **20 s**. After **3 intervals** of inactivity a Test Request is\nsent. |\n## 2. Two\n"
    const text = `// DOMAIN §1 Heartbeat: "After 3 intervals of inactivity a test request is sent."\n` +
      `// DOMAIN §1 Heartbeat: "20 s … is sent". DOMAIN §2 RTS limits (spec §4.3 "System limits")\n` +
      `// DOMAIN §1 Heartbeat: "30 s"; DOMAIN §2: "20 s"`
    const quotes = domainQuotesIn(text)
    expect(quotes.map((q) => [q.line, q.section, q.quote])).toEqual([
      [1, "1", "After 3 intervals of inactivity a test request is sent."],
      [2, "1", "20 s … is sent"],
      [3, "1", "30 s"],
      [3, "2", "20 s"]
    ])
    const sections = domainSectionTextsOf(reference)
    expect(quotes.filter((q) => !sectionSays(sections.get(q.section)!, q.quote)).map((q) => q.line)).toEqual([3, 3])
  })

  it("reads every section of a citation list", () => {
    expect(domainCitationsIn("(DOMAIN §3, §1 timetable) and DOMAIN §4's; DOMAIN §2 / §5").map((c) => c.section)).toEqual([
      "3",
      "1",
      "4",
      "2",
      "5"
    ])
  })

  it("anchors headings as GitHub does", () => {
    expect([...headingAnchorsOf("## 3. OMD-C (OMD-C spec) [V]\n```\n## not a heading\n```\n### settings.ocg\n")]).toEqual([
      "3-omd-c-omd-c-spec-v",
      "settingsocg"
    ])
  })
})

describe("the repo's prose", () => {
  it("names only paths that exist", () => {
    const list = named()
    // A floor, so that an extractor that stopped finding paths cannot pass: the repo names well over this.
    expect(list.length).toBeGreaterThan(300)
    expect(missing(list, ".")).toEqual([])
  })

  it("names TypeScript files alone only when the repo has a file of that name", () => {
    const have = new Set(files(".", /\.ts$/).map((f) => f.slice(f.lastIndexOf("/") + 1)))
    const list = tsFiles.flatMap((f) =>
      comments(f).flatMap((c) => tsNamesIn(c.text).map((n) => ({ where: `${f}:${c.line + n.line - 1}`, name: n.name })))
    )
    expect(list.length).toBeGreaterThan(100)
    expect(list.filter((n) => !have.has(n.name)).map((n) => `${n.where}: ${n.name}`)).toEqual([])
  })

  it("cites only sections docs/domain.md has, and each of its sections is cited", () => {
    const sections = domainSectionsOf(read("docs/domain.md"))
    expect([...sections]).toEqual(["1", "2", "3", "4", "5", "6"])
    const citations = citing.flatMap((f) =>
      domainCitationsIn(read(f)).map((c) => ({ where: `${f}:${c.line}`, section: c.section }))
    )
    expect(citations.length).toBeGreaterThan(150)
    expect(citations.filter((c) => !sections.has(c.section)).map((c) => `${c.where}: DOMAIN §${c.section}`)).toEqual([])
    expect(new Set(citations.map((c) => c.section))).toEqual(sections)
  })

  it("quotes only what the cited section of docs/domain.md says", () => {
    const sections = domainSectionTextsOf(read("docs/domain.md"))
    const quotes = citing
      .filter((f) => f !== "docs/domain.md")
      .flatMap((f) => domainQuotesIn(read(f)).map((q) => ({ where: `${f}:${q.line}`, ...q })))
    expect(quotes.length).toBeGreaterThan(15)
    expect(quotes.filter((q) => !sectionSays(sections.get(q.section) ?? "", q.quote)).map((q) => `${q.where}: §${q.section} "${q.quote}"`)).toEqual([])
  })

  it("points nowhere outside the repo for the domain facts", () => {
    const outside = citing.filter((f) => /DOMAIN\.md|\.\.\/shared\//.test(read(f)))
    expect(outside).toEqual([])
  })

  it("links Markdown to files and headings that exist", () => {
    const broken = markdown.flatMap((f) =>
      markdownLinksIn(read(f)).flatMap((l) => {
        const target = l.file === "" ? f : join(dirname(f), l.file)
        if (!pathExists(".", target)) return [`${f}:${l.line}: ${l.file}`]
        if (l.anchor !== undefined && !headingAnchorsOf(read(target)).has(l.anchor)) return [`${f}:${l.line}: ${l.file}#${l.anchor}`]
        return []
      })
    )
    expect(broken).toEqual([])
  })
})
