/**
 * A small strict HTML reader for the report tests: enough of HTML to read what `renderHtml` writes (elements,
 * attributes, text, `<style>` as raw text, void and self-closed elements) and to fail on any tag that is not
 * closed where it should be. Not a general HTML parser: no implied end tags, no foreign-content subtleties.
 */
export interface HtmlElement {
  readonly tag: string
  readonly attrs: Readonly<Record<string, string>>
  readonly children: Array<HtmlNode>
}
export type HtmlNode = HtmlElement | string

const VOID = new Set(["meta", "link", "br", "hr", "img", "input", "source", "wbr"])
const RAW_TEXT = new Set(["style", "script"])
const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" }

export const decodeEntities = (text: string): string =>
  text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => entities[name]!)

const readAttrs = (source: string): Record<string, string> => {
  const attrs: Record<string, string> = {}
  for (const m of source.matchAll(/([^\s=/]+)(?:="([^"]*)")?/g)) {
    const name = m[1]!
    if (name in attrs) throw new Error(`attribute ${name} twice in <${source}>`)
    attrs[name] = decodeEntities(m[2] ?? "")
  }
  return attrs
}

/** The document's root elements; throws on an unbalanced or unknown construct. */
export const parseHtml = (source: string): Array<HtmlNode> => {
  const root: HtmlElement = { tag: "#root", attrs: {}, children: [] }
  const open: Array<HtmlElement> = [root]
  const token = /<!DOCTYPE[^>]*>|<!--[\s\S]*?-->|<\/([a-zA-Z][\w-]*)\s*>|<([a-zA-Z][\w-]*)((?:\s+[^\s=>/]+(?:="[^"]*")?)*)\s*(\/?)>|([^<]+)|(<)/g
  let m: RegExpExecArray | null
  while ((m = token.exec(source)) !== null) {
    const parent = open[open.length - 1]!
    const [whole, closeTag, openTag, attrText, selfClose, text, strayLt] = m
    if (strayLt !== undefined) throw new Error(`stray < at ${m.index}: ${source.slice(m.index, m.index + 40)}`)
    if (text !== undefined) parent.children.push(decodeEntities(text))
    else if (closeTag !== undefined) {
      if (parent.tag !== closeTag.toLowerCase()) throw new Error(`</${closeTag}> closes <${parent.tag}> at ${m.index}`)
      open.pop()
    } else if (openTag !== undefined) {
      const element: HtmlElement = { tag: openTag.toLowerCase(), attrs: readAttrs(attrText ?? ""), children: [] }
      parent.children.push(element)
      if (RAW_TEXT.has(element.tag)) {
        const end = source.indexOf(`</${element.tag}>`, token.lastIndex)
        if (end < 0) throw new Error(`<${element.tag}> never closed`)
        element.children.push(source.slice(token.lastIndex, end))
        token.lastIndex = end + element.tag.length + 3
      } else if (selfClose === "" && !VOID.has(element.tag)) open.push(element)
    } else if (!whole.startsWith("<!")) throw new Error(`unreadable at ${m.index}`)
  }
  if (open.length !== 1) throw new Error(`unclosed: ${open.slice(1).map((e) => e.tag).join(" > ")}`)
  return root.children
}

const isElement = (node: HtmlNode): node is HtmlElement => typeof node !== "string"

/** Every element below `nodes` (depth first, document order) that `test` accepts. */
export const findAll = (nodes: ReadonlyArray<HtmlNode>, test: (e: HtmlElement) => boolean): Array<HtmlElement> =>
  nodes.filter(isElement).flatMap((e) => [...(test(e) ? [e] : []), ...findAll(e.children, test)])

export const byClass = (nodes: ReadonlyArray<HtmlNode>, tag: string, className: string): Array<HtmlElement> =>
  findAll(nodes, (e) => e.tag === tag && (e.attrs["class"] ?? "").split(" ").includes(className))

export const byId = (nodes: ReadonlyArray<HtmlNode>, id: string): HtmlElement | undefined =>
  findAll(nodes, (e) => e.attrs["id"] === id)[0]

/** The text of a node as a reader sees it, `<title>` tooltips of SVG marks left out. */
export const textOf = (node: HtmlNode): string =>
  typeof node === "string" ? node : node.tag === "title" ? "" : node.children.map(textOf).join("")

/** Own text including `<title>` children (a chart mark's tooltip). */
export const titleOf = (element: HtmlElement): string =>
  element.children.filter(isElement).filter((e) => e.tag === "title").map((e) => e.children.join("")).join("")
