/**
 * Every real endpoint the rig starts, in start-up order. One line each: the endpoint's own folder (one per
 * system under the twin's wire folder) holds everything else.
 */
import { ecpSftpEndpoint } from "../wire/ecp/endpoint.ts"
import { ocgRig } from "../wire/ocg/rig-endpoint.ts"
import { omdRig } from "../wire/omd/rig/omd-endpoint.ts"
import type { RigEndpointFactory } from "./rig-endpoint.ts"

export const rigEndpoints: ReadonlyArray<RigEndpointFactory> = [
  omdRig(),
  ecpSftpEndpoint,
  ocgRig
]
