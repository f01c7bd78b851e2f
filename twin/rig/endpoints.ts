/**
 * Every real endpoint the rig starts, in start-up order. One line each: the endpoint's own folder holds
 * everything else (twin/wire/ecp for ECP SFTP; OMD-C and OCG-C have theirs beside it).
 */
import { ecpSftpEndpoint } from "../wire/ecp/endpoint.ts"
import type { RigEndpointFactory } from "./rig-endpoint.ts"

export const rigEndpoints: ReadonlyArray<RigEndpointFactory> = [
  ecpSftpEndpoint
]
