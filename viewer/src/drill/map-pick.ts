/**
 * Choosing an element on the map for a form: while armed, the next click on the map names an element of the
 * kinds asked (element-options.ts `elementAt`) instead of opening the detail panel; Escape or a click on
 * nothing pickable leaves the map as it was. One pick at a time: arming another cancels the first.
 */
import type { EstateLayout } from "../trace/types.ts"
import { type ElementKind, elementAt } from "./element-options.ts"

export class MapPick {
  private readonly svg: SVGSVGElement
  private readonly layout: () => EstateLayout | null
  private cancel: (() => void) | undefined

  constructor(svg: SVGSVGElement, layout: () => EstateLayout | null) {
    this.svg = svg
    this.layout = layout
  }

  /** Waits for one click on the map; `done` gets the element, or undefined when cancelled. */
  arm(kinds: ReadonlyArray<ElementKind>, done: (picked: { kind: ElementKind; id: string } | undefined) => void): void {
    this.cancel?.()
    const layout = this.layout()
    if (layout === null) return done(undefined)
    const finish = (picked: { kind: ElementKind; id: string } | undefined): void => {
      this.svg.removeEventListener("click", onClick, { capture: true })
      document.removeEventListener("keydown", onKey, { capture: true })
      document.body.removeAttribute("data-map-picking")
      this.cancel = undefined
      done(picked)
    }
    const onClick = (ev: MouseEvent): void => {
      // Captured before the viewer's own click handler (the detail panel): a pick is not a selection.
      ev.stopPropagation()
      finish(elementAt(ev.target as Element, layout, kinds))
    }
    const onKey = (ev: KeyboardEvent): void => {
      if (ev.key === "Escape") finish(undefined)
    }
    this.svg.addEventListener("click", onClick, { capture: true })
    document.addEventListener("keydown", onKey, { capture: true })
    document.body.setAttribute("data-map-picking", kinds.join(" "))
    this.cancel = () => finish(undefined)
  }
}
