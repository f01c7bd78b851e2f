/** Who the default estate says should be hit, worked out from the estate file alone (not from a run). */
import { readFileSync } from "node:fs"
import { Result } from "effect"
import { defaultEstatePath, parseEstate } from "../../../topology/load.ts"

const parsed = parseEstate("default", readFileSync(defaultEstatePath, "utf8"))
if (Result.isFailure(parsed)) throw new Error("default estate does not parse")
const participants = parsed.success.participants

/** Every cutover unit of the estate, sorted. */
export const allUnits: ReadonlyArray<string> = parsed.success.cutoverUnits.map((u) => u.id).sort()

const ids = (keep: (p: (typeof participants)[number]) => boolean): ReadonlyArray<string> => participants.filter(keep).map((p) => p.id).sort()

export const omdCSubscribers = ids((p) => p.omdC.length > 0)
export const onCarrier = (carrier: string) => ids((p) => p.circuits.some((c) => c.carrier === carrier))
export const onlyOnCarrier = (carrier: string) => ids((p) => p.circuits.every((c) => c.carrier === carrier))
export const withPrimaryGateway = (gateway: string) => ids((p) => p.ocgSessions.some((s) => s.primary === gateway))
export const ecpUsers = ids((p) => p.ecp)
export const atPop = (pop: string) => ids((p) => p.circuits.some((c) => c.pop === pop))
export const ocgUsers = ids((p) => p.ocgSessions.length > 0)
