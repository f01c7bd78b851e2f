/**
 * Regenerates `topology/default-estate.yaml` (or, with a participant count and a path, a larger estate for
 * benchmarks): `node topology/generate/write-default-estate.ts [PARTICIPANTS OUT]`.
 */
import { writeFileSync } from "node:fs"
import { defaultEstatePath } from "../load.ts"
import { defaultParticipants, defaultSeed, generateEstate } from "./default-estate.ts"
import { renderEstateYaml } from "./render-yaml.ts"

const [count, out] = process.argv.slice(2)
const participants = count === undefined ? defaultParticipants : Number(count)
writeFileSync(out ?? defaultEstatePath, renderEstateYaml(generateEstate({ participants, seed: defaultSeed })))
