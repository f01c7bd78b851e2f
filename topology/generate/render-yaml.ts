/**
 * Estate → YAML text that stays readable at hundreds of participants: sections in block style, each
 * assumption, node, link, circuit and session on one line (flow style).
 */
import { Document, isCollection, isMap, isSeq } from "yaml"
import type { EstateFile } from "../schema.ts"

const header = `# The default estate of backbone-twin. Generated: do not edit by hand.
# Regenerate with: npm run generate:estate   (topology/generate/write-default-estate.ts)
# Facts marked status U under assumptions are unverified and configurable (see docs/domain.md).
`

export const renderEstateYaml = (estate: EstateFile): string => {
  const doc = new Document(estate)
  if (!isMap(doc.contents)) throw new Error("estate must render as a map")
  for (const section of doc.contents.items) {
    const key = String((section.key as { value?: unknown }).value)
    const value = section.value
    if (isMap(value)) {
      for (const item of value.items) {
        if (!isCollection(item.value)) continue
        // A list of pairs (roles.drPairs) reads best one pair per line; anything else on one line.
        if (isSeq(item.value) && item.value.items.some(isCollection)) for (const entry of item.value.items) {
          if (isCollection(entry)) entry.flow = true
        }
        else item.value.flow = true
      }
    } else if (isSeq(value)) {
      for (const item of value.items) {
        if (!isMap(item)) continue
        if (key === "participants" || key === "flows") {
          // One participant (or flow) per block; its lists one entry per line.
          for (const field of item.items) {
            if (!isSeq(field.value)) continue
            if (field.value.items.every((entry) => !isCollection(entry))) field.value.flow = true
            else for (const entry of field.value.items) if (isCollection(entry)) entry.flow = true
          }
        } else item.flow = true
      }
    }
  }
  return header + doc.toString({ lineWidth: 0, flowCollectionPadding: false })
}
