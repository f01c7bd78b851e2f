/**
 * The rig: every real endpoint (twin/wire/endpoints.ts) started beside one live world, their listings gathered for
 * `/rig` and the start-up lines, all closed together. An endpoint that fails to start closes the ones
 * started before it and fails the whole rig: a drill with half its wires missing would mislead.
 */
import type { RigContext, RigEndpoint, RigEndpointFactory, RigListing } from "./rig-endpoint.ts"

export interface Rig {
  readonly listing: () => ReadonlyArray<RigListing>
  readonly close: () => Promise<void>
}

export class RigStartFailed extends Error {
  readonly service: string
  constructor(service: string, cause: unknown) {
    super(`${service}: ${cause instanceof Error ? cause.message : String(cause)}`)
    this.service = service
  }
}

export const startRig = async (factories: ReadonlyArray<RigEndpointFactory>, context: RigContext): Promise<Rig> => {
  const started: Array<RigEndpoint> = []
  const closeAll = async () => {
    for (const e of started.reverse()) await e.close().catch(() => undefined)
  }
  for (const f of factories) {
    try {
      started.push(await f.start(context))
    } catch (cause) {
      await closeAll()
      throw new RigStartFailed(f.service, cause)
    }
  }
  let closed: Promise<void> | undefined
  return {
    listing: () => started.flatMap((e) => e.listing()),
    close: () => (closed ??= closeAll())
  }
}

/** The start-up lines: one per listing, `service  name  transport address:port`. */
export const listingLines = (listing: ReadonlyArray<RigListing>): ReadonlyArray<string> =>
  listing.map((l) => `${l.service.padEnd(9)} ${l.name.padEnd(34)} ${l.transport} ${l.address}:${l.port}`)
