/**
 * The `csc` section of a scenario's `settings` (and of the estate's): China Connect northbound: daily quota, order mix (buys, sells, cancels), quota adjustments (DOMAIN §2).
 * Decoded with Schema (durations and clock times as scenarios write them), turned into the typed
 * `CscSettings` the wirings read (twin/settings/csc.ts).
 */
import { Schema } from "effect"
import type { CscSettings } from "../../twin/settings/csc.ts"

export const CscSettingsInput = Schema.Struct({})
export type CscSettingsInput = typeof CscSettingsInput.Type

export const resolveCscSettings = (_input: CscSettingsInput): CscSettings => ({})
