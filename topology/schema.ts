/**
 * The estate file: the HKEX securities-market backbone as data.
 *
 * This module is the contract every other part imports (twin engine, scenarios, viewer). It only
 * describes shapes; cross-references (a link naming a node that exists, a session naming a gateway) are
 * checked in `validate.ts`, because Schema sees one value at a time while those rules need the whole file.
 *
 * Participants are written compactly (their circuits, subscriptions and sessions); `buildModel` (model.ts) turns each
 * one into its premises router, BSS and feed-handler nodes and its circuit links, so the file stays
 * readable at 600+ participants.
 */
import { SERVICES } from "../twin/contract/services.ts"
import { Schema } from "effect"

const Id = Schema.String.check(
  Schema.isPattern(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { expected: "an id of letters, digits, '.', '_' or '-'" })
)
/**
 * Each numeric field has a range (issue 17, item 4: a latency of 1e308 is finite but overflows every sum
 * the graph analysis makes): capacities up to 10 Tb/s, latencies up to 10 s one way.
 */
const CapacityMbps = Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 10_000_000, exclusiveMinimum: true }, { expected: "a capacity in Mb/s above 0, at most 10,000,000" }))
const LatencyUs = Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 10_000_000 }, { expected: "a one-way latency in µs from 0 to 10,000,000" }))

export const SiteKind = Schema.Literals(["primary-dc", "secondary-dc", "carrier", "participant"])
export type SiteKind = typeof SiteKind.Type

export const Site = Schema.Struct({
  id: Id,
  kind: SiteKind,
  name: Schema.String
})
export type Site = typeof Site.Type

/** Node kinds of the estate. Participant-premises kinds are produced by `buildModel` (model.ts), not written in files. */
export const NodeKind = Schema.Literals([
  "core-router",
  "distribution-router",
  "access-router",
  "firewall",
  "ocg-gateway",
  "lookup-service",
  "otp-c-host",
  "cccg-gateway",
  "mainland-link",
  "omd-c-publisher",
  "omd-cc-publisher",
  "rts-server",
  "refresh-server",
  "ecp-sftp-server",
  "carrier-pop"
])
export type NodeKind = typeof NodeKind.Type

export const PremisesKind = Schema.Literals(["participant-router", "participant-bss", "feed-handler"])
export type PremisesKind = typeof PremisesKind.Type

export const Generation = Schema.Literals(["old", "new"])
export type Generation = typeof Generation.Type

/** Multicast lines are kept on separate planes; an unplaned element may carry either line. */
export const Plane = Schema.Literals(["A", "B"])
export type Plane = typeof Plane.Type

export const Node = Schema.Struct({
  id: Id,
  kind: NodeKind,
  site: Id,
  name: Schema.optionalKey(Schema.String),
  /** Backbone routers belong to the old or the new generation. */
  generation: Schema.optionalKey(Generation),
  plane: Schema.optionalKey(Plane),
  /**
   * The node works only while it reaches, for every group, at least one node of that group
   * (an OCG-C gateway needs the OTP-C host; a CCCG needs the SSE and the SZSE links).
   */
  dependsOn: Schema.optionalKey(Schema.Array(Schema.Array(Id))),
  /** OCG-C spec: the backup-site Lookup Service is closed unless there has been a failover. */
  closedUntilFailover: Schema.optionalKey(Schema.Boolean),
  /**
   * Carrier PoPs only: the carrier lets HKEX carry its own traffic through this PoP (router to router).
   * Without it a PoP is only an end of a path — where participants' circuits land — never a hop between
   * two HKEX nodes.
   */
  transit: Schema.optionalKey(Schema.Boolean)
})
export type Node = typeof Node.Type

export const LinkGeneration = Schema.Literals(["old", "new", "access", "carrier"])
export type LinkGeneration = typeof LinkGeneration.Type

export const Link = Schema.Struct({
  id: Id,
  from: Id,
  to: Id,
  generation: LinkGeneration,
  capacityMbps: CapacityMbps,
  latencyUs: LatencyUs,
  mtu: Schema.Int.check(Schema.isBetween({ minimum: 576, maximum: 9216 }, { expected: "an MTU between 576 and 9216 bytes" })),
  plane: Schema.optionalKey(Plane)
})
export type Link = typeof Link.Type

/**
 * What moves from the old to the new backbone in one step: while the unit is not moved its `old` links
 * carry traffic and its `new` links are dark; once moved, the reverse.
 */
export const CutoverUnit = Schema.Struct({
  id: Id,
  description: Schema.String,
  old: Schema.Array(Id),
  new: Schema.Array(Id)
})
export type CutoverUnit = typeof CutoverUnit.Type

export const Service = Schema.Literals(SERVICES)
export type Service = typeof Service.Type
export const services: ReadonlyArray<Service> = Service.literals

export const ChannelGroup = Schema.Literals(["SS", "SP", "SF"])
export type ChannelGroup = typeof ChannelGroup.Type

/** Which participants a flow template applies to. */
export const Subscription = Schema.Literals([
  "omdC",
  "omdC:SS",
  "omdC:SP",
  "omdC:SF",
  "omdCC",
  "ocgSessions",
  "ocgTrading",
  "ocgDropCopy",
  "cscSessions",
  "ecp"
])
export type Subscription = typeof Subscription.Type

export const FlowMember = Schema.Struct({
  name: Id,
  /** Any one of these nodes serves the member. */
  targets: Schema.Array(Id),
  plane: Schema.optionalKey(Plane)
})
export type FlowMember = typeof FlowMember.Type

/**
 * A service flow template, instantiated once per subscribing participant (or once per session for
 * `per-session`). Its members are the redundant alternatives: line A and line B, the four Lookup Service
 * endpoints, the four RTS servers. The flow is up while one member is; it is redundant while no single
 * failure takes every member down.
 */
export const FlowTemplate = Schema.Struct({
  id: Id,
  service: Service,
  pattern: Schema.Literals(["multicast", "session", "per-session"]),
  /**
   * `recovery` flows (RTS, refresh) are not needed for service, only for recovering from loss; `connect`
   * flows (the OCG-C Lookup Service) only for a session to (re)connect, not while it stays logged on
   * (DOMAIN §1 Lookup Service, Unexpected disconnect). Either one lost leaves the service working without
   * redundancy. Absent: `connect` when every member's targets are `lookup-service` nodes, else `primary`.
   */
  role: Schema.optionalKey(Schema.Literals(["primary", "recovery", "connect"])),
  subscribedBy: Subscription,
  description: Schema.optionalKey(Schema.String),
  members: Schema.optionalKey(Schema.Array(FlowMember).check(Schema.isMaxLength(16, { expected: "at most 16 members" })))
})
export type FlowTemplate = typeof FlowTemplate.Type

export const Circuit = Schema.Struct({
  id: Id,
  carrier: Id,
  pop: Id,
  bandwidthMbps: CapacityMbps,
  latencyUs: LatencyUs,
  mtu: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 576, maximum: 9216 })))
})
export type Circuit = typeof Circuit.Type

export const OcgSession = Schema.Struct({
  compId: Id,
  type: Schema.Literals(["trading", "drop-copy"]),
  primary: Id,
  secondary: Id
})
export type OcgSession = typeof OcgSession.Type

export const CscSession = Schema.Struct({
  id: Id,
  primary: Id,
  secondary: Id
})
export type CscSession = typeof CscSession.Type

export const Participant = Schema.Struct({
  id: Id,
  name: Schema.String,
  kind: Schema.Literals(["broker", "vendor", "broker-vendor"]),
  circuits: Schema.Array(Circuit).check(
    Schema.isMinLength(1, { expected: "at least one circuit" }),
    Schema.isMaxLength(16, { expected: "at most 16 circuits" })
  ),
  omdC: Schema.Array(ChannelGroup),
  omdCC: Schema.Boolean,
  ecp: Schema.Boolean,
  ocgSessions: Schema.Array(OcgSession),
  cscSessions: Schema.Array(CscSession)
})
export type Participant = typeof Participant.Type

/** A fact docs/domain.md marks [U]: kept visible and configurable rather than buried in code. */
export const Assumption = Schema.Struct({
  value: Schema.Union([Schema.Finite, Schema.String, Schema.Boolean, Schema.Array(Schema.String)]),
  status: Schema.Literals(["U", "S", "V"]),
  note: Schema.String
})
export type Assumption = typeof Assumption.Type

/**
 * Estate-wide settings: the same shape as a scenario's `settings` (docs/scenario-format.md), the defaults a
 * scenario's values override field by field. Only the section names are checked here; each section is
 * decoded by scenarios/settings/settings.ts, which every loader that simulates the estate calls (the
 * topology layer imports no scenario code).
 */
export const EstateSettings = Schema.Struct({
  rts: Schema.optionalKey(Schema.Unknown),
  ocg: Schema.optionalKey(Schema.Unknown),
  csc: Schema.optionalKey(Schema.Unknown),
  ecp: Schema.optionalKey(Schema.Unknown)
})

/** Line A and line B of a multicast feed: the node that plays the role on each line. */
export const LineNodes = Schema.Struct({ A: Id, B: Id })
export type LineNodes = typeof LineNodes.Type

/** A node of the primary data centre and the node of the secondary data centre that takes over its part on DR. */
export const DrPair = Schema.Struct({ primary: Id, backup: Id })
export type DrPair = typeof DrPair.Type

/**
 * Which nodes play the parts the twin's models need (README "Estate roles"): the engine knows no node by
 * its id, only by the role the estate gives it. References are checked by check-roles.ts: every id names a
 * node of the role's kind, a DR pair spans the two data centres, and a role the participants need (the
 * Lookup Service for OCG-C sessions, the publishers of line A and B for OMD-C …) is there.
 */
export const Roles = Schema.Struct({
  /** OCG-C Lookup Service endpoints in the order a BSS tries them (DOMAIN §1). */
  lookupService: Schema.optionalKey(Schema.Array(Id)),
  /** The OTP-C host of each data centre that trades: every OCG-C gateway trades with its own site's. */
  otpcHosts: Schema.optionalKey(Schema.Array(Id)),
  /** The OMD-C publisher of each line (primary site); it also carries the DR channel of its line. */
  omdcPublishers: Schema.optionalKey(LineNodes),
  /** The OMD-C refresh server of each line (primary site). */
  omdcRefresh: Schema.optionalKey(LineNodes),
  /** The OMD-CC publisher of each line (primary site). */
  omdccPublishers: Schema.optionalKey(LineNodes),
  /** The RTS servers in the order a feed handler tries them. */
  rts: Schema.optionalKey(Schema.Array(Id)),
  /** The China Connect link of each market that keeps its quota ledger. */
  mainlandLinks: Schema.optionalKey(Schema.Struct({ SSE: Id, SZSE: Id })),
  /** What takes over what on a DR failover: gateways, OTP-C hosts, publishers, refresh servers. */
  drPairs: Schema.optionalKey(Schema.Array(DrPair))
})
export type Roles = typeof Roles.Type

export const EstateFile = Schema.Struct({
  version: Schema.Literal(1),
  name: Schema.String,
  description: Schema.optionalKey(Schema.String),
  assumptions: Schema.Record(Schema.String, Assumption),
  settings: Schema.optionalKey(EstateSettings),
  sites: Schema.Array(Site),
  nodes: Schema.Array(Node),
  links: Schema.Array(Link),
  cutoverUnits: Schema.Array(CutoverUnit),
  flows: Schema.Array(FlowTemplate),
  roles: Schema.optionalKey(Roles),
  participants: Schema.Array(Participant)
})
export type EstateFile = typeof EstateFile.Type
