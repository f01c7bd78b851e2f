/** The ECP wire tests' estate (ecp-estate.yaml: the tiny estate with three ECP SFTP servers) and a live world on it. */
import { readFileSync } from "node:fs"
import { Result } from "effect"
import { parseEstate } from "../../../../topology/load.ts"
import { buildModel, type EstateModel } from "../../../../topology/model.ts"
import { LiveSession } from "../../../../twin/serve/live-session.ts"
import type { Settings } from "../../../../twin/settings/settings.ts"

const parsed = parseEstate("ecp-estate", readFileSync(new URL("./ecp-estate.yaml", import.meta.url), "utf8"))
if (Result.isFailure(parsed)) throw new Error("ecp-estate does not parse")
export const ecpEstate: EstateModel = buildModel(parsed.success)

export const NINE = 9 * 3600 * 1_000_000
export const seconds = (s: number): number => s * 1_000_000
export const minutes = (m: number): number => m * 60_000_000

/**
 * No seeded files (counts 0), one named download of 100 000 bytes at 09:01 for every ECP participant:
 * named files are numbered on from the seeded ones per direction, so it is `DAILY_P1_01.csv` for P1.
 */
export const ecpSettings: Settings = {
  ecp: {
    uploads: { count: 0 },
    downloads: { count: 0 },
    files: [{ kind: "DAILY", direction: "download", at: NINE + minutes(1), bytes: 100_000 }]
  }
}

export const liveEcp = (seed = 7): LiveSession =>
  new LiveSession({ model: ecpEstate, seed, window: { from: NINE, to: NINE + minutes(30) }, moved: [], settings: ecpSettings })
