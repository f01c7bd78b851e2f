/** When an affected participant phones the support desk (monitor.ts, order-tickets.ts). */
import type { Service } from "../../contract/services.ts"
import { type Micros, seconds } from "../../engine/time.ts"

/** The call comes 60 s + (FNV-1a of the participant and service mod 120) s after the service broke. */
export const callDelay = (participant: string, service: Service): Micros => {
  let h = 0x811c9dc5
  for (const c of `${participant}|${service}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0
  return seconds(60 + (h % 120))
}
