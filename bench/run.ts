/** `npm run bench`: every benchmark of the project, printed as tables. Figures, never assertions. */
import { benchEstate, renderEstateBench } from "./estate.ts"

console.log(`backbone-twin benchmarks — Node ${process.version}, ${new Date().toISOString()}`)
console.log()
console.log(renderEstateBench(benchEstate()))
