/**
 * Every real endpoint the rig (twin/rig) starts, in start-up order. One line each: the endpoint's own
 * folder beside this file holds everything else. Here, not in twin/rig, so that the rig's seam imports
 * no endpoint: the endpoints sit above the seam they plug into.
 */
import type { RigEndpointFactory } from "../rig/rig-endpoint.ts"
import { ecpSftpEndpoint } from "./ecp/endpoint.ts"
import { ocgRig } from "./ocg/rig-endpoint.ts"
import { omdRig } from "./omd/rig/omd-endpoint.ts"

export const rigEndpoints: ReadonlyArray<RigEndpointFactory> = [
  omdRig(),
  ecpSftpEndpoint,
  ocgRig
]
