/**
 * The service ports a firewall rule can block, and which HKEX endpoints listen on each: the one place the
 * twin maps a port name written in a scenario (`firewall-port-blocked`, docs/faults.md) to node kinds.
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
