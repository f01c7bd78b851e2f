/**
 * The `ocg` section of a scenario's `settings` (and of the estate's): OCG-C order flow per participant or group, throttle per Comp ID, Cancel-on-Disconnect (DOMAIN §1).
 * Decoded with Schema (durations and clock times as scenarios write them), turned into the typed
 * `OcgSettings` the wirings read (twin/settings/ocg.ts).
 */
import { Schema } from "effect"
import type { OcgSettings } from "../../twin/settings/ocg.ts"

export const OcgSettingsInput = Schema.Struct({})
export type OcgSettingsInput = typeof OcgSettingsInput.Type

export const resolveOcgSettings = (_input: OcgSettingsInput): OcgSettings => ({})
