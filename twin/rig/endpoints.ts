/**
 * Every real endpoint the rig starts, in start-up order. One line each: the endpoint's own folder holds
 * everything else (twin/wire/omd, twin/wire/ecp, twin/wire/ocg).
 */
import { ocgRig } from "../wire/ocg/rig-endpoint.ts"
import type { RigEndpointFactory } from "./rig-endpoint.ts"

export const rigEndpoints: ReadonlyArray<RigEndpointFactory> = [ocgRig]
