/**
 * The service ports a firewall rule can block, which HKEX endpoints listen on each and the largest packet
 * each carries: the one place the twin maps a port name written in a scenario (`firewall-port-blocked`,
 * docs/faults.md) to node kinds, and a service to what an MTU cut does to it.
 *
 * The network does not model TCP/UDP port numbers; a message belongs to a port when one of its two ends is
 * an HKEX endpoint of that port's kind (a BSS's Logon to an OCG-C gateway and the gateway's answers are
 * both `ocg`). Messages between two HKEX endpoints (a gateway and the OTP-C host) belong to the port of
 * either end. Routers, firewalls and PoPs listen on no port.
 */
import { Schema } from "effect"
import type { NodeKind, PremisesKind } from "../../topology/schema.ts"

export const ServicePort = Schema.Literals(["ocg", "lookup", "otp", "cccg", "mainland", "omd", "refresh", "rts", "sftp"])
export type ServicePort = typeof ServicePort.Type

/** Node kind → the port its service listens on (kinds not listed carry traffic but serve none). */
export const portOfKind: Readonly<Partial<Record<NodeKind | PremisesKind, ServicePort>>> = {
  "ocg-gateway": "ocg",
  "lookup-service": "lookup",
  "otp-c-host": "otp",
  "cccg-gateway": "cccg",
  "mainland-link": "mainland",
  "omd-c-publisher": "omd",
  "omd-cc-publisher": "omd",
  "refresh-server": "refresh",
  "rts-server": "rts",
  "ecp-sftp-server": "sftp"
}

/**
 * Per port, the largest packet its traffic carries (bytes on the wire, at most the hosts' 1,500: passage.ts
 * `HOST_MTU`): a path whose MTU is below it loses the service's traffic (the network drops every such
 * packet, sim-network.ts), which the live reach counts as the service lost on that path (live-reach.ts).
 * From the models' wire sizes (test/twin/world/service-ports.test.ts holds them to these):
 * - `ocg`: a BSS's Logon, 54-byte header, 454-byte body, 4-byte trailer (twin/models/ocg/messages.ts `bytes`);
 * - `lookup`: an accepted Lookup Response, 54 + 37 + 4 (same);
 * - `otp`: a gateway's HostDeliver of a fill, 54 + 201 + 4 + 16 bytes of routing (same);
 * - `cccg`: a China Connect Logon, 58 + 200 (twin/models/csc/messages.ts `wireBytes`);
 * - `mainland`: an order or report between a CCCG and a market's link, 58 + 96 (same);
 * - `omd`, `refresh`, `rts`: a full OMD packet, 1,500 bytes with its headers (DOMAIN §3,
 *   twin/models/omd/stream.ts `MAX_PACKET_BYTES`) — a slice, snapshot or retransmission of more is packets of it;
 * - `sftp`: a full packet of a bulk transfer's data (ECP chunks are 32 KiB, twin/models/ecp/config.ts).
 * All but the last four are below any MTU a link may have (576, topology/schema.ts).
 */
export const largestPacketOf: Readonly<Record<ServicePort, number>> = {
  ocg: 512,
  lookup: 95,
  otp: 275,
  cccg: 258,
  mainland: 154,
  omd: 1500,
  refresh: 1500,
  rts: 1500,
  sftp: 1500
}
