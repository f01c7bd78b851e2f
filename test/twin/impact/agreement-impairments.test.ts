/**
 * The drills whose faults change what the protocols experience but not what the network can reach (a
 * firewall dropping the RTS port, an MTU cut on the ECP servers' links, multicast not forwarded on a
 * router, a route left pointing the old way): the impact engine, which judges reachability, reports none
 * of them. Each test pins what the message engine sees beyond the settle tolerance and checks it is all in
 * the services the impairment touches — the documented boundary of the impact engine (docs/planner.md).
 */
import { describe, expect, it } from "vitest"
import { agreementOf } from "./support.ts"

const lastingServices = async (name: string) => {
  const a = await agreementOf(name)
  return [...new Set(a.disagreements.filter((d) => !d.explained).map((d) => `${d.service} ${d.impact}→${d.message}`))].sort()
}

describe("impact engine vs message engine, impairments it does not model", () => {
  it("a firewall blocking RTS (and loss on both lines)", async () => {
    // Loss on both OMD-C lines with RTS unreachable: gaps the feed handlers cannot recover — degraded.
    expect(await lastingServices("drills/firewall-blocks-rts.yaml")).toEqual(["omd-c served-without-redundancy→degraded", "omd-c served→degraded"])
  }, 300_000)

  it("an MTU mismatch stalling ECP files", async () => {
    // Files larger than the cut MTU stall: ECP SFTP degraded or down, nothing else.
    expect(await lastingServices("drills/mtu-mismatch-stalls-ecp.yaml")).toEqual([
      "ecp-sftp served-without-redundancy→degraded",
      "ecp-sftp served-without-redundancy→down",
      "ecp-sftp served→degraded",
      "ecp-sftp served→down"
    ])
  }, 300_000)

  it("OMD-C line B not forwarded after its move", async () => {
    // Line B reaches nobody behind the router: every subscriber on line A alone (without redundancy).
    expect(await lastingServices("drills/omdc-line-b-not-forwarded.yaml")).toEqual(["omd-c served→served-without-redundancy", "omd-cc served→served-without-redundancy"])
  }, 300_000)

  it("a route left pointing the old way", async () => {
    // Unicast sent the old way into dark links: sessions and transfers down; multicast on one line.
    expect(await lastingServices("drills/wrong-route-after-move.yaml")).toEqual([
      "ecp-sftp served-without-redundancy→down",
      "ecp-sftp served→down",
      "omd-c served→served-without-redundancy",
      "omd-cc served→served-without-redundancy",
      "otp-c served-without-redundancy→down",
      "otp-c served→down",
      "otp-csc served-without-redundancy→down",
      "otp-csc served→down"
    ])
  }, 300_000)
})
