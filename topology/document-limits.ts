/**
 * Limits on a parsed input document, checked before any Schema walks it, so that a hostile file costs a
 * bounded time and memory and gets one line:
 * - nesting at most MAX_DEPTH deep (an estate or scenario is under ten; js-yaml refuses YAML deeper than
 *   100 while parsing, JSON is checked here);
 * - aliases may not blow the document up: YAML anchors and aliases share one parsed object, but every
 *   reader walks the tree as written out, so the values counted with aliases expanded must stay within
 *   MAX_EXPANDED or EXPANSION× the values actually written, whichever is more (the "billion laughs": nine
 *   levels of nine aliases are 9⁹ values from a hundred written);
 * - no alias inside the node it names (a cycle would never end).
 * The walk is iterative and visits each distinct object once (sizes memoised by identity).
 */
import { issue, type InputIssue } from "./input-issue.ts"

export const MAX_DEPTH = 100
export const MAX_EXPANDED = 2_000_000
export const EXPANSION = 4
/** Text longer than this is refused before parsing (the default estate is ~0.5 MB). */
export const MAX_TEXT_LENGTH = 256 * 1024 * 1024

interface Frame {
  readonly node: object
  readonly children: ReadonlyArray<unknown>
  next: number
  size: number
  depth: number
}

const childrenOf = (node: object): ReadonlyArray<unknown> => (Array.isArray(node) ? node : Object.values(node))

/** The first limit the document breaks, or undefined. */
export const documentLimitIssue = (root: unknown): InputIssue | undefined => {
  if (root === null || typeof root !== "object") return undefined
  // Expanded size and depth of each distinct object, computed once: the walk costs what was written.
  const done = new Map<object, { readonly size: number; readonly depth: number }>()
  const open = new Set<object>([root])
  const stack: Array<Frame> = [{ node: root, children: childrenOf(root), next: 0, size: 1, depth: 1 }]
  let written = 1
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!
    if (top.next < top.children.length) {
      const child = top.children[top.next++]
      const known = child !== null && typeof child === "object" ? done.get(child) : undefined
      if (child === null || typeof child !== "object") {
        top.size++
        written++
      } else if (known !== undefined) {
        top.size += known.size
        top.depth = Math.max(top.depth, known.depth + 1)
      } else if (open.has(child)) {
        return issue("", "no alias inside the node it names", "a value that contains itself")
      } else if (stack.length >= MAX_DEPTH) {
        return issue("", `nesting at most ${MAX_DEPTH} deep`, `more than ${MAX_DEPTH} levels`)
      } else {
        open.add(child)
        written++
        stack.push({ node: child, children: childrenOf(child), next: 0, size: 1, depth: 1 })
      }
      continue
    }
    stack.pop()
    open.delete(top.node)
    done.set(top.node, { size: top.size, depth: top.depth })
    const parent = stack[stack.length - 1]
    if (parent !== undefined) {
      parent.size += top.size
      parent.depth = Math.max(parent.depth, top.depth + 1)
    }
  }
  const expanded = done.get(root)!.size
  if (expanded > Math.max(MAX_EXPANDED, EXPANSION * written)) {
    return issue(
      "",
      `at most ${MAX_EXPANDED.toLocaleString("en-US")} values once YAML aliases are expanded (or ${EXPANSION}× the ${written.toLocaleString("en-US")} written)`,
      expanded > Number.MAX_SAFE_INTEGER ? "more than 2^53" : expanded.toLocaleString("en-US")
    )
  }
  return undefined
}
