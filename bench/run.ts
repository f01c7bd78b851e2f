/** `npm run bench`: every benchmark of the project, printed as tables. Figures, never assertions. */
import { benchEstate, renderEstateBench } from "./estate.ts"
import { renderKernelBench } from "./kernel.ts"

const only = process.argv[2]
console.log(`backbone-twin benchmarks — Node ${process.version}, ${new Date().toISOString()}`)
if (only === undefined || only === "kernel") console.log(`\n${renderKernelBench()}`)
if (only === undefined || only === "estate") console.log(`\n${renderEstateBench(benchEstate())}`)
