/**
 * One window of the OCG-C/OTP-C trading path's part, as `twin simulate` runs it, in a checkout of the
 * project (trading-pairs.ts): `node bench/trading-window.ts ROOT PARTICIPANTS FROM TO` builds ROOT's default
 * estate (640) or its generated one of PARTICIPANTS, starts ROOT's trading part for the whole day, runs it to
 * FROM, then measures it from FROM to TO and prints one JSON line: engine events, CPU ms (user + system, all
 * threads: the collector's helpers included) and wall ms. ROOT's code is loaded by path, so any checkout
 * whose `startPart` (twin/simulate/parts.ts) takes a model, a part and settings can be measured alike.
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { pathToFileURL } from "node:url"

const [root, participantsArg, from, to] = process.argv.slice(2)
if (root === undefined || participantsArg === undefined || from === undefined || to === undefined) {
  console.error("usage: node bench/trading-window.ts ROOT PARTICIPANTS FROM TO")
  process.exit(2)
}
const load = (path: string) => import(pathToFileURL(join(root, path)).href)
const { defaultEstatePath, parseEstate } = await load("topology/load.ts")
const { buildModel } = await load("topology/model.ts")
const { defaultSeed, generateEstate } = await load("topology/generate/default-estate.ts")
const { startPart, systemParts } = await load("twin/simulate/parts.ts")
const { parseClock } = await load("twin/engine/time.ts")

const participants = Number(participantsArg)
const estate = (() => {
  if (participants !== 640) return generateEstate({ participants, seed: defaultSeed })
  // The default estate itself; a `Result` of ROOT's own copy of effect, read by its shape.
  const parsed = parseEstate("default", readFileSync(defaultEstatePath, "utf8"))
  if (!("success" in parsed)) throw new Error(`${root}: the default estate does not parse`)
  return parsed.success
})()
const part = systemParts[0]
const started = startPart(buildModel(estate), part, { seed: 1, window: { from: parseClock("06:00"), to: parseClock("18:30") }, moved: [] })
const simulation = started.simulation
simulation.runTo(parseClock(from))
const cpu = process.cpuUsage()
const wall = performance.now()
const events = simulation.runtime.events
simulation.runTo(parseClock(to))
const used = process.cpuUsage(cpu)
console.log(JSON.stringify({ events: simulation.runtime.events - events, cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - wall }))
