/**
 * The fault catalogue: every fault kind a scenario may name (`kind:`), one module each. docs/faults.md
 * lists them with their parameters and effects.
 */
import { bandwidthCap } from "./bandwidth-cap.ts"
import { carrierCircuitLoss } from "./carrier-circuit-loss.ts"
import { makeCompound } from "./compound.ts"
import { duplicateLogon } from "./duplicate-logon.ts"
import type { AnyFaultKind } from "./fault.ts"
import { firewallPortBlocked } from "./firewall-port-blocked.ts"
import { linkBlackhole } from "./link-blackhole.ts"
import { linkDown } from "./link-down.ts"
import { linkFlap } from "./link-flap.ts"
import { linkLatency } from "./link-latency.ts"
import { linkLoss } from "./link-loss.ts"
import { multicastNotForwarded } from "./multicast-not-forwarded.ts"
import { mtuCut } from "./mtu-cut.ts"
import { nodeCrash } from "./node-crash.ts"
import { publisherClockSkew } from "./publisher-clock-skew.ts"
import { siteLoss } from "./site-loss.ts"
import { wrongRoute } from "./wrong-route.ts"

const kinds = new Map<string, AnyFaultKind>()

const all: ReadonlyArray<AnyFaultKind> = [
  linkDown,
  linkFlap,
  linkLoss,
  linkLatency,
  linkBlackhole,
  mtuCut,
  bandwidthCap,
  multicastNotForwarded,
  nodeCrash,
  siteLoss,
  carrierCircuitLoss,
  firewallPortBlocked,
  wrongRoute,
  publisherClockSkew,
  duplicateLogon,
  // Members are looked up when a scenario is resolved, by then `kinds` is complete.
  makeCompound((kind) => kinds.get(kind))
]
for (const k of all) kinds.set(k.kind, k)

/** Fault kind → its module, in the order docs/faults.md lists them. */
export const faultCatalogue: ReadonlyMap<string, AnyFaultKind> = kinds
