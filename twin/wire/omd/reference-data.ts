/** Reference data (spec §3.7): Market Definition (10), Security Definition (11). */
import { defineMessage } from "./message-codec.ts"
import { MsgType } from "./msg-type.ts"

export interface MarketDefinition {
  readonly msgType: typeof MsgType.MarketDefinition
  /** MAIN, GEM, NASD, ETS. */
  readonly marketCode: string
  readonly marketName: string
  readonly currencyCode: string
  readonly numberOfSecurities: number
}

export interface UnderlyingSecurity {
  readonly underlyingSecurityCode: number
}

/**
 * §3.7.2. Flags are one-character strings ("Y"/"N"); dates are YYYYMMDD as numbers; prices have 3 implied
 * decimals. The bond and warrant blocks are sent for every security (ignored when not applicable).
 */
export interface SecurityDefinition {
  readonly msgType: typeof MsgType.SecurityDefinition
  readonly securityCode: number
  readonly marketCode: string
  readonly isinCode: string
  /** BOND, EQTY, TRST, WRNT. */
  readonly instrumentType: string
  readonly productType: number
  /** "01", "03", "04", "05", "06". */
  readonly spreadTableCode: string
  readonly securityShortName: string
  readonly currencyCode: string
  /** UTF-16LE on the wire. */
  readonly securityNameGccs: string
  readonly securityNameGb: string
  readonly lotSize: number
  readonly previousClosingPrice: number
  readonly vcmFlag: string
  readonly shortSellFlag: string
  readonly casFlag: string
  readonly ccassFlag: string
  readonly dummySecurityFlag: string
  readonly stampDutyFlag: string
  readonly listingDate: number
  readonly delistingDate: number
  readonly freeText: string
  readonly posFlag: string
  readonly posUpperLimit: number
  readonly posLowerLimit: number
  readonly domainStmtSecurityCode: number
  readonly efnFlag: string
  readonly accruedInterest: number
  readonly couponRate: number
  readonly faceValue: bigint
  readonly decimalsInFaceValue: number
  readonly faceValueCurrency: string
  readonly bondMaturityDate: number
  readonly investorType: string
  readonly conversionRatio: number
  readonly strikePrice1: number
  readonly strikePrice2: number
  /** The warrant block's MaturityDate (offset 456; the bond block has its own at 395). */
  readonly warrantMaturityDate: number
  readonly callPutFlag: string
  readonly style: string
  readonly warrantType: string
  readonly callPrice: number
  readonly decimalsInCallPrice: number
  readonly entitlement: number
  readonly decimalsInEntitlement: number
  readonly noWarrantsPerEntitlement: number
  /** NoUnderlyingSecurities on the wire (0 or 1 per the spec's values; the layout allows more). */
  readonly underlyings: ReadonlyArray<UnderlyingSecurity>
}

export const marketDefinition = defineMessage<MarketDefinition>({
  msgType: MsgType.MarketDefinition, name: "Market Definition", section: "3.7.1", totalLength: 40,
  rows: [
    [4, "marketCode", "String", 4],
    [8, "marketName", "String", 25],
    [33, "currencyCode", "String", 3],
    [36, "numberOfSecurities", "Uint32", 4]
  ]
})

/** Total Length 544 + 8·NoUnderlyingSecurities. */
export const securityDefinition = defineMessage<SecurityDefinition>({
  msgType: MsgType.SecurityDefinition, name: "Security Definition", section: "3.7.2", totalLength: 544,
  rows: [
    [4, "securityCode", "Uint32", 4],
    [8, "marketCode", "String", 4],
    [12, "isinCode", "String", 12],
    [24, "instrumentType", "String", 4],
    [28, "productType", "Uint8", 1],
    [29, "filler", "Filler", 1],
    [30, "spreadTableCode", "String", 2],
    [32, "securityShortName", "String", 40],
    [72, "currencyCode", "String", 3],
    [75, "securityNameGccs", "Binary", 60],
    [135, "securityNameGb", "Binary", 60],
    [195, "lotSize", "Uint32", 4],
    [199, "filler", "Filler", 4],
    [203, "previousClosingPrice", "Int32", 4],
    [207, "vcmFlag", "String", 1],
    [208, "shortSellFlag", "String", 1],
    [209, "casFlag", "String", 1],
    [210, "ccassFlag", "String", 1],
    [211, "dummySecurityFlag", "String", 1],
    [212, "filler", "Filler", 1],
    [213, "stampDutyFlag", "String", 1],
    [214, "filler", "Filler", 1],
    [215, "listingDate", "Uint32", 4],
    [219, "delistingDate", "Uint32", 4],
    [223, "freeText", "String", 38],
    [261, "filler", "Filler", 62],
    [323, "posFlag", "String", 1],
    [324, "posUpperLimit", "Int32", 4],
    [328, "posLowerLimit", "Int32", 4],
    [332, "domainStmtSecurityCode", "Uint32", 4],
    [336, "filler", "Filler", 37],
    // Bonds specific data
    [373, "efnFlag", "String", 1],
    [374, "accruedInterest", "Uint32", 4],
    [378, "couponRate", "Uint32", 4],
    [382, "filler", "Filler", 1],
    [383, "faceValue", "Uint64", 8],
    [391, "decimalsInFaceValue", "Uint8", 1],
    [392, "faceValueCurrency", "String", 3],
    [395, "bondMaturityDate", "Uint32", 4],
    [399, "investorType", "String", 1],
    [400, "filler", "Filler", 44],
    // Warrants and structured product specific data
    [444, "conversionRatio", "Uint32", 4],
    [448, "strikePrice1", "Int32", 4],
    [452, "strikePrice2", "Int32", 4],
    [456, "warrantMaturityDate", "Uint32", 4],
    [460, "callPutFlag", "String", 1],
    [461, "style", "String", 1],
    [462, "filler", "Filler", 2],
    [464, "warrantType", "String", 1],
    [465, "callPrice", "Int32", 4],
    [469, "decimalsInCallPrice", "Uint8", 1],
    [470, "entitlement", "Int32", 4],
    [474, "decimalsInEntitlement", "Uint8", 1],
    [475, "noWarrantsPerEntitlement", "Uint32", 4],
    [479, "filler", "Filler", 63],
    [542, "noUnderlyingSecurities", "Uint16", 2]
  ],
  group: {
    field: "underlyings", count: "noUnderlyingSecurities", entrySize: 8,
    rows: [
      [0, "underlyingSecurityCode", "Uint32", 4], // spec offset 544
      [4, "filler", "Filler", 4] // 548
    ]
  }
})
