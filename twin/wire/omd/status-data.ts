/** Status data (spec §3.8): Trading Session Status (20), Security Status (21). */
import { defineMessage } from "./message-codec.ts"
import { MsgType } from "./msg-type.ts"

/** §3.8.1 TradingSesStatus values. */
export const TradingSesStatus = { Unknown: 0, Halted: 10, PreOpen: 20, Open: 30, PreClose: 40, Closed: 50, DayClosed: 100 } as const

export interface TradingSessionStatus {
  readonly msgType: typeof MsgType.TradingSessionStatus
  /** MAIN, GEM, NASD, ETS. */
  readonly marketCode: string
  /** §3.8.1: 100 NO, 1 POS OI, 101 NW, 108 RM, 2 MA, 7 BL, 3 CT, 105 RP, 5 CAS OI, 106, 107, 4, 102 EI, 103 CL, 104 OC, 0 DC. */
  readonly tradingSessionSubId: number
  readonly tradingSesStatus: number
  /** "0" automatic, "1" manual. */
  readonly tradingSesControlFlag: string
  /** Nanoseconds since the epoch (to the second); 0 when unknown. */
  readonly startDateTime: bigint
  readonly endDateTime: bigint
}

/** §3.8.2 SuspensionIndicator values. */
export const SuspensionIndicator = { HaltOrSuspend: 2, Resume: 3 } as const

export interface SecurityStatus {
  readonly msgType: typeof MsgType.SecurityStatus
  readonly securityCode: number
  readonly suspensionIndicator: number
}

export const tradingSessionStatus = defineMessage<TradingSessionStatus>({
  msgType: MsgType.TradingSessionStatus, name: "Trading Session Status", section: "3.8.1", totalLength: 32,
  rows: [
    [4, "marketCode", "String", 4],
    [8, "filler", "Filler", 1],
    [9, "tradingSessionSubId", "Uint8", 1],
    [10, "tradingSesStatus", "Uint8", 1],
    [11, "tradingSesControlFlag", "String", 1],
    [12, "filler", "Filler", 4],
    [16, "startDateTime", "Uint64", 8],
    [24, "endDateTime", "Uint64", 8]
  ]
})

export const securityStatus = defineMessage<SecurityStatus>({
  msgType: MsgType.SecurityStatus, name: "Security Status", section: "3.8.2", totalLength: 12,
  rows: [
    [4, "securityCode", "Uint32", 4],
    [8, "suspensionIndicator", "Uint8", 1],
    [9, "filler", "Filler", 3]
  ]
})
