/**
 * The `rts` section of a scenario's `settings` (and of the estate's): RTS limits and line arbitration
 * (DOMAIN §3). Decoded with Schema (durations as scenarios write them), turned into the typed `RtsSettings`
 * the OMD wiring reads (twin/settings/settings.ts).
 */
import { Schema } from "effect"
import type { RtsSettings } from "../../twin/settings/settings.ts"

export const RtsSettingsInput = Schema.Struct({})
export type RtsSettingsInput = typeof RtsSettingsInput.Type

export const resolveRtsSettings = (_input: RtsSettingsInput): RtsSettings => ({})
