/** China Connect northbound: daily quota, order mix (buys, sells, cancels), quota adjustments (DOMAIN §2). Typed, as the wirings read it; the scenario/estate input form is scenarios/settings/csc.ts. */
export interface CscSettings {}
