/** OCG-C order flow per participant or group, throttle per Comp ID, Cancel-on-Disconnect (DOMAIN §1). Typed, as the wirings read it; the scenario/estate input form is scenarios/settings/ocg.ts. */
export interface OcgSettings {}
