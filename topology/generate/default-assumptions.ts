/**
 * Facts the twin needs that docs/domain.md marks [U] (unverified) or [S] (secondary source), written into the
 * estate file as labelled assumptions so that nobody mistakes them for HKEX figures. The generator reads
 * its counts and latencies from here; the engine reads the protocol ones.
 */
import type { Assumption } from "../schema.ts"

export const defaultAssumptions: Record<string, Assumption> = {
  carrierNames: { value: ["carrier-a", "carrier-b"], status: "U", note: "SDNet/2 carrier names are not public (DOMAIN §5); two carriers are modelled." },
  secondaryDcLocation: { value: "not public", status: "U", note: "The secondary data centre's location is not public (DOMAIN §5)." },
  interDcLatencyUs: { value: 250, status: "U", note: "One-way latency between the data centres, assumed ~50 km of fibre." },
  popToDcLatencyUs: { value: "180,240,310", status: "U", note: "One-way latency from a carrier PoP to a data-centre access router (cycled over PoPs)." },
  ocgGatewaysPerSite: { value: 8, status: "U", note: "Number of OCG-C gateways per site; not published." },
  cccgGatewaysPerSite: { value: 2, status: "U", note: "Number of CCCG gateways per site; not published." },
  ecpSftpServersPerSite: { value: 2, status: "U", note: "ECP SFTP servers per site, the backup site's closed until failover; not published." },
  rtsServesOmdcc: { value: true, status: "U", note: "OMD-CC retransmission is served by the same four RTS servers as OMD-C." },
  oldBackboneGbps: { value: 40, status: "U", note: "Old backbone link capacity." },
  newBackboneGbps: { value: 100, status: "U", note: "New backbone link capacity." },
  newBackboneMtu: { value: 9216, status: "U", note: "New backbone MTU (jumbo); participant circuits stay at 1500." },
  omdSsBandwidthMbps: { value: 15, status: "S", note: "OMD connection form (Sep 2019): SS multicast allocation." },
  omdSpBandwidthMbps: { value: 41, status: "S", note: "OMD connection form (Sep 2019): SP multicast allocation (48 with Conflated Broker Queue)." },
  omdSfBandwidthMbps: { value: 100, status: "U", note: "SF (FullTick) bandwidth figure not found; assumed." },
  omdPeakMessagesPerSecond: { value: 200000, status: "U", note: "Peak OMD-C messages per second not published; assumed for the engine." },
  otpcRoundTripUs: { value: 1500, status: "U", note: "No published OTP-C round trip; ~1,500 µs network latency before co-location (computerworld, [S])." },
  cancelOnDisconnectDelaySeconds: { value: 300, status: "U", note: "A third-party OMS design uses 300 s; not HKEX-stated. The delay when settings.ocg turns Cancel-on-Disconnect on without one (it is off unless set)." },
  ecpSchedule: { value: "submissions 07:00-15:00; responses within ~10 min; validation and full-image files after 18:00", status: "S", note: "From a broker vendor's manual, not HKEX-confirmed; full file list unknown [U]." },
  participantMix: { value: "seeded: ~35% single circuit, dual circuits split between two carriers and two PoPs of one carrier; SS ~80% of brokers, SP ~25%, SF ~8%; CSC ~45%; ECP ~95% of brokers", status: "U", note: "The real participant population is not public; this mix is generated (topology/generate/population.ts)." }
}

export const numberAssumption = (a: Record<string, Assumption>, key: string): number => {
  const v = a[key]?.value
  if (typeof v !== "number") throw new Error(`assumption ${key} must be a number`)
  return v
}
