/**
 * The `ecp` section of a scenario's `settings` (and of the estate's): ECP SFTP: the file types exchanged, with sizes and times (DOMAIN §4).
 * Decoded with Schema (durations and clock times as scenarios write them), turned into the typed
 * `EcpSettings` the wirings read (twin/settings/ecp.ts).
 */
import { Schema } from "effect"
import type { EcpSettings } from "../../twin/settings/ecp.ts"

export const EcpSettingsInput = Schema.Struct({})
export type EcpSettingsInput = typeof EcpSettingsInput.Type

export const resolveEcpSettings = (_input: EcpSettingsInput): EcpSettings => ({})
