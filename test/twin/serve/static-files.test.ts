import { describe, expect, it } from "vitest"
import { insideRoot } from "../../../twin/serve/static-files.ts"

describe("static files: paths stay inside their folder", () => {
  it("resolves ordinary paths under the root", () => {
    expect(insideRoot("/srv/dist", "/index.html")).toBe("/srv/dist/index.html")
    expect(insideRoot("/srv/dist", "/assets/app%20x.js")).toBe("/srv/dist/assets/app x.js")
    expect(insideRoot("/srv/dist", "/")).toBe("/srv/dist/")
  })

  it("refuses paths that climb out, encoded or not, NUL bytes and malformed escapes", () => {
    expect(insideRoot("/srv/dist", "/../etc/passwd")).toBe(undefined)
    expect(insideRoot("/srv/dist", "/%2e%2e/%2e%2e/etc/passwd")).toBe(undefined)
    expect(insideRoot("/srv/dist", "/assets/..%2f..%2f..%2fetc/passwd")).toBe(undefined)
    expect(insideRoot("/srv/dist", "/../dist-other/x.js")).toBe(undefined)
    expect(insideRoot("/srv/dist", "/x%00.js")).toBe(undefined)
    expect(insideRoot("/srv/dist", "/%E0%A4%A")).toBe(undefined)
  })
})
