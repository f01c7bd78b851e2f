/**
 * A seeded population of participants with a plausible mix (see the `participantMix` assumption): single or
 * dual circuits, carrier and PoP choice, which OMD-C products, OMD-CC, China Connect and ECP they use, how
 * many OCG-C trading and drop-copy sessions, and which gateways those sessions are assigned to.
 *
 * Randomness comes from effect's seeded `Random` (ISAAC), so a seed always gives the same population.
 */
import { Effect, Random } from "effect"
import type { ChannelGroup, Circuit, CscSession, OcgSession, Participant } from "../schema.ts"
import { carriers, cccgGateway, ocgGateway, popsOf } from "./backbone.ts"

export interface PopulationParameters {
  readonly participants: number
  readonly ocgGatewaysPerSite: number
  readonly cccgGatewaysPerSite: number
}

export const population = Effect.fnUntraced(function*(p: PopulationParameters) {
  const random = yield* Random.Random
  const draw = () => random.nextDoubleUnsafe()
  const chance = (probability: number) => draw() < probability
  const pick = <A>(items: ReadonlyArray<A>): A => items[Math.floor(draw() * items.length)]!
  const between = (min: number, max: number) => min + Math.floor(draw() * (max - min + 1))
  const width = Math.max(4, String(p.participants).length)

  const out: Array<Participant> = []
  for (let n = 1; n <= p.participants; n++) {
    const id = `P${String(n).padStart(width, "0")}`
    const roll = draw()
    const kind: Participant["kind"] = roll < 0.75 ? "broker" : roll < 0.8 ? "vendor" : "broker-vendor"
    const trades = kind !== "vendor"
    const omdC: Array<ChannelGroup> = []
    if (kind === "vendor" || chance(trades ? 0.8 : 1)) omdC.push("SS")
    if (chance(kind === "broker" ? 0.25 : 0.6)) omdC.push("SP")
    if (chance(kind === "broker" ? 0.08 : 0.3)) omdC.push("SF")
    const csc = trades && chance(0.45)
    const omdCC = chance(csc ? 0.7 : kind === "vendor" ? 0.5 : 0.1)

    const needMbps = (omdC.includes("SS") ? 15 : 0) + (omdC.includes("SP") ? 48 : 0) + (omdC.includes("SF") ? 100 : 0) +
      (omdCC ? 15 : 0) + 5
    const bandwidthMbps = [10, 20, 50, 100, 200, 500].find((b) => b >= needMbps * 1.2) ?? 1000
    const circuitOn = (k: number, carrier: (typeof carriers)[number], pop: string): Circuit => ({
      id: `${id}-c${k}`,
      carrier,
      pop,
      bandwidthMbps,
      latencyUs: between(300, 1500)
    })
    const firstCarrier = chance(0.55) ? carriers[0] : carriers[1]
    const firstPop = pick(popsOf(firstCarrier))
    const circuits = [circuitOn(1, firstCarrier, firstPop)]
    if (!chance(0.35)) {
      if (chance(0.55)) {
        const other = firstCarrier === carriers[0] ? carriers[1] : carriers[0]
        circuits.push(circuitOn(2, other, pick(popsOf(other))))
      } else {
        circuits.push(circuitOn(2, firstCarrier, popsOf(firstCarrier).find((x) => x !== firstPop)!))
      }
    }

    const ocgSessions: Array<OcgSession> = []
    if (trades) {
      const trading = Math.min(12, 1 + Math.floor(-Math.log(1 - draw()) * 2.2))
      const dropCopy = chance(0.55) ? (chance(0.3) ? 2 : 1) : 0
      const session = (type: OcgSession["type"], k: number): OcgSession => {
        const primary = between(1, p.ocgGatewaysPerSite)
        const secondary = 1 + ((primary - 1 + between(1, p.ocgGatewaysPerSite - 1)) % p.ocgGatewaysPerSite)
        const tag = type === "trading" ? "T" : "D"
        return { compId: `${id}${tag}${String(k).padStart(2, "0")}`, type, primary: ocgGateway("dc1", primary), secondary: ocgGateway("dc1", secondary) }
      }
      for (let k = 1; k <= trading; k++) ocgSessions.push(session("trading", k))
      for (let k = 1; k <= dropCopy; k++) ocgSessions.push(session("drop-copy", k))
    }
    const cscSessions: Array<CscSession> = []
    if (csc) {
      const count = chance(0.3) ? 2 : 1
      for (let k = 1; k <= count; k++) {
        const primary = between(1, p.cccgGatewaysPerSite)
        const secondary = 1 + (primary % p.cccgGatewaysPerSite)
        cscSessions.push({ id: `${id}N${String(k).padStart(2, "0")}`, primary: cccgGateway("dc1", primary), secondary: cccgGateway("dc1", secondary) })
      }
    }
    out.push({
      id,
      name: `Participant ${id.slice(1)} (${kind})`,
      kind,
      circuits,
      omdC,
      omdCC,
      ecp: trades ? chance(0.95) : chance(0.1),
      ocgSessions,
      cscSessions
    })
  }
  return out
})
