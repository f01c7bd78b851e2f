/**
 * Which node kinds may serve a flow's members: the nodes the engine runs the flow's service on. Health
 * judges a flow by its members' targets; a target of another kind would keep a service "up" in health and
 * the impact engine while the engine's own servers of it are down (a refresh server listed as an SS line).
 *
 * OMD: a primary multicast flow is served by its publishers, a recovery multicast flow by the refresh
 * servers, a session flow (retransmission) by the RTS servers, for OMD-C and OMD-CC alike (DOMAIN §3). OCG-C:
 * a connect flow by the Lookup Service, a primary one by the gateways. China Connect by the CCCGs, ECP by its
 * SFTP servers.
 */
import type { FlowTemplate, NodeKind } from "./schema.ts"

export const flowTargetKinds = (flow: FlowTemplate): ReadonlyArray<NodeKind> => {
  switch (flow.service) {
    case "omd-c":
    case "omd-cc":
      if (flow.pattern !== "multicast") return ["rts-server"]
      if (flow.role === "recovery") return ["refresh-server"]
      return [flow.service === "omd-c" ? "omd-c-publisher" : "omd-cc-publisher"]
    case "otp-c":
      return flow.role === "connect" ? ["lookup-service"] : flow.role === "primary" ? ["ocg-gateway"] : ["lookup-service", "ocg-gateway"]
    case "otp-csc":
      return ["cccg-gateway"]
    case "ecp-sftp":
      return ["ecp-sftp-server"]
  }
}

/** How the flow is named in an error: "multicast recovery", "session". */
export const flowKindLabel = (flow: FlowTemplate): string => `${flow.pattern}${flow.role === undefined ? "" : ` ${flow.role}`} flow`
