/**
 * Where the rig puts each watched participant's OMD-C feed on loopback: one multicast group and port per
 * participant, channel and role (line A, line B, refresh A, refresh B), so a capture or a feed handler
 * joined to one sees exactly that participant's line and nothing else.
 *
 * THE SCHEME (deterministic: the same watched list gives the same addresses, printed at start-up and on
 * `/rig`). For the w-th watched participant (0-based, the estate's order), channel c and role r:
 *   group  239.{base + ⌊w / 256⌋}.{w mod 256}.{4c + r}
 *   port   portBase + 16w + 4c + r
 * with c = 0 SS, 1 SP, 2 SF, 3 DR (the DR channel has lines A and B only) and r = 0 line-A, 1 line-B,
 * 2 refresh-A, 3 refresh-B; base 192 and portBase 30,000 by default (239.192.0.0/14: organisation-local
 * scope). Tests running side by side pass their own base and portBase so they never share a group and port.
 *
 * The OMD-C ChannelID (Retransmission Request/Response, spec §3.5.3) of a channel group is `channelId`:
 * 1 SS, 2 SP, 3 SF [U: the Connectivity Guide lists the real ones; here one per group, which the twin
 * models as one sequence space]; the DR channel (4) is not served by the RTS (spec §4.3 serves real-time
 * channels).
 */
export const OMD_GROUPS = ["SS", "SP", "SF", "DR"] as const
export type OmdGroup = (typeof OMD_GROUPS)[number]

export type LineRole = "line-A" | "line-B" | "refresh-A" | "refresh-B"
export const ROLE_INDEX: Readonly<Record<LineRole, number>> = { "line-A": 0, "line-B": 1, "refresh-A": 2, "refresh-B": 3 }

export interface AddressBase {
  /** Second octet of the groups (default 192). */
  readonly octet: number
  /** First port (default 30,000). */
  readonly port: number
}

export const DEFAULT_ADDRESS_BASE: AddressBase = { octet: 192, port: 30_000 }

export const channelId = (group: string): number | undefined => {
  const i = OMD_GROUPS.indexOf(group as OmdGroup)
  return i < 0 ? undefined : i + 1
}

/** The group of a ChannelID (undefined: none of ours). */
export const groupOfChannelId = (id: number): OmdGroup | undefined => OMD_GROUPS[id - 1]

export const lineAddress = (base: AddressBase, watchedIndex: number, group: OmdGroup, role: LineRole): { readonly address: string; readonly port: number } => {
  const c = OMD_GROUPS.indexOf(group)
  const r = ROLE_INDEX[role]
  const w = watchedIndex
  return {
    address: `239.${base.octet + Math.floor(w / 256)}.${w % 256}.${4 * c + r}`,
    port: base.port + 16 * w + 4 * c + r
  }
}
