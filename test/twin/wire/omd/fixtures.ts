/**
 * One wire image per message type, written out by hand from the v1.45 tables (not produced by the encoder):
 * each row is [offset, bytes, field = value]. `wire` checks every row starts where the previous one ended,
 * so a row at the wrong offset is a broken fixture, not a silent shift. Little-endian throughout (§3.1):
 * 100 as a Uint16 is `64 00`, 1234 as a Uint32 is `d2 04 00 00`. Strings are ASCII padded with spaces (0x20),
 * the Logon Username with nulls (§3.5.1), Binary names UTF-16LE padded with nulls, fillers 0x00 (§5 examples).
 */
import type { OmdMessage } from "../../../../twin/wire/omd/index.ts"

export type FixtureRow = readonly [offset: number, hex: string, field: string]

export const spaces = (n: number): string => "20 ".repeat(n)
export const zeros = (n: number): string => "00 ".repeat(n)

const parseHex = (hex: string): Array<number> =>
  hex.trim() === "" ? [] : hex.trim().split(/\s+/).map((pair) => {
    if (!/^[0-9a-f]{2}$/.test(pair)) throw new Error(`bad hex byte ${pair}`)
    return Number.parseInt(pair, 16)
  })

/** The bytes of `rows`, checking each row's offset (relative to `base`) against the bytes before it. */
export const wire = (rows: ReadonlyArray<FixtureRow>, base = 0): Uint8Array => {
  const out: Array<number> = []
  for (const [offset, hex, field] of rows) {
    if (offset !== base + out.length) throw new Error(`fixture row ${field} at ${offset}, bytes so far end at ${base + out.length}`)
    out.push(...parseHex(hex))
  }
  return Uint8Array.from(out)
}

export interface MessageFixture {
  readonly name: string
  readonly rows: ReadonlyArray<FixtureRow>
  readonly message: OmdMessage
}

// SendTime/TradeTime values: 2026-12-07 01:30:05.123456 UTC (09:30:05 HKT) = 1,796,607,005,123,456,000 ns.
export const FIXTURES: ReadonlyArray<MessageFixture> = [
  {
    name: "Sequence Reset (100)",
    rows: [
      [0, "08 00", "MsgSize = 8"],
      [2, "64 00", "MsgType = 100"],
      [4, "01 00 00 00", "NewSeqNo = 1"]
    ],
    message: { msgType: 100, newSeqNo: 1 }
  },
  {
    name: "Disaster Recovery Signal (105)",
    rows: [
      [0, "08 00", "MsgSize = 8"],
      [2, "69 00", "MsgType = 105"],
      [4, "02 00 00 00", "DRStatus = 2 (DR completed)"]
    ],
    message: { msgType: 105, drStatus: 2 }
  },
  {
    name: "Logon (101)",
    rows: [
      [0, "10 00", "MsgSize = 16"],
      [2, "65 00", "MsgType = 101"],
      [4, "74 72 61 64 65 72 30 31 00 00 00 00", "Username = 'trader01' + 4 binary nulls"]
    ],
    message: { msgType: 101, username: "trader01" }
  },
  {
    name: "Logon Response (102)",
    rows: [
      [0, "08 00", "MsgSize = 8"],
      [2, "66 00", "MsgType = 102"],
      [4, "64", "SessionStatus = 100 (user already connected)"],
      [5, "00 00 00", "Filler"]
    ],
    message: { msgType: 102, sessionStatus: 100 }
  },
  {
    name: "Retransmission Request (201)",
    rows: [
      [0, "10 00", "MsgSize = 16"],
      [2, "c9 00", "MsgType = 201"],
      [4, "47 00", "ChannelID = 71"],
      [6, "00 00", "Filler"],
      [8, "e9 03 00 00", "BeginSeqNum = 1001"],
      [12, "f3 03 00 00", "EndSeqNum = 1011"]
    ],
    message: { msgType: 201, channelId: 71, beginSeqNum: 1001, endSeqNum: 1011 }
  },
  {
    name: "Retransmission Response (202)",
    rows: [
      [0, "10 00", "MsgSize = 16"],
      [2, "ca 00", "MsgType = 202"],
      [4, "47 00", "ChannelID = 71"],
      [6, "64", "RetransStatus = 100 (exceeds maximum sequence range)"],
      [7, "00", "Filler"],
      [8, "e9 03 00 00", "BeginSeqNum = 1001"],
      [12, "f3 03 00 00", "EndSeqNum = 1011"]
    ],
    message: { msgType: 202, channelId: 71, retransStatus: 100, beginSeqNum: 1001, endSeqNum: 1011 }
  },
  {
    name: "Refresh Complete (203)",
    rows: [
      [0, "08 00", "MsgSize = 8"],
      [2, "cb 00", "MsgType = 203"],
      [4, "40 e2 01 00", "LastSeqNum = 123456 (0x0001e240)"]
    ],
    message: { msgType: 203, lastSeqNum: 123456 }
  },
  {
    name: "Market Definition (10)",
    rows: [
      [0, "28 00", "MsgSize = 40"],
      [2, "0a 00", "MsgType = 10"],
      [4, "4d 41 49 4e", "MarketCode = 'MAIN'"],
      [8, "4d 61 69 6e 20 42 6f 61 72 64 " + spaces(15), "MarketName = 'Main Board' + 15 spaces (25)"],
      [33, "48 4b 44", "CurrencyCode = 'HKD'"],
      [36, "5a 0a 00 00", "NumberOfSecurities = 2650"]
    ],
    message: { msgType: 10, marketCode: "MAIN", marketName: "Main Board", currencyCode: "HKD", numberOfSecurities: 2650 }
  },
  {
    name: "Security Definition (11), a CBBC with one underlying",
    rows: [
      [0, "28 02", "MsgSize = 552 = 544 + 8·1"],
      [2, "0b 00", "MsgType = 11"],
      [4, "32 ef 00 00", "SecurityCode = 61234"],
      [8, "4d 41 49 4e", "MarketCode = 'MAIN'"],
      [12, "48 4b 30 30 30 30 39 31 32 33 34 35", "ISINCode = 'HK0000912345'"],
      [24, "57 52 4e 54", "InstrumentType = 'WRNT'"],
      [28, "0b", "ProductType = 11 (CBBC)"],
      [29, "00", "Filler"],
      [30, "30 31", "SpreadTableCode = '01'"],
      [32, "54 45 4e 43 45 4e 54 20 42 55 4c 4c " + spaces(28), "SecurityShortName = 'TENCENT BULL' + 28 spaces (40)"],
      [72, "48 4b 44", "CurrencyCode = 'HKD'"],
      [75, "30 9a 0a 8a 5b 72 " + zeros(54), "SecurityNameGCCS = U+9A30 U+8A0A U+725B (UTF-16LE) + nulls (60)"],
      [135, "7e 81 af 8b 5b 72 " + zeros(54), "SecurityNameGB = U+817E U+8BAF U+725B + nulls (60)"],
      [195, "10 27 00 00", "LotSize = 10000"],
      [199, zeros(4), "Filler"],
      [203, "7b 00 00 00", "PreviousClosingPrice = 123 (0.123)"],
      [207, "4e", "VCMFlag = 'N'"],
      [208, "4e", "ShortSellFlag = 'N'"],
      [209, "4e", "CASFlag = 'N'"],
      [210, "59", "CCASSFlag = 'Y'"],
      [211, "4e", "DummySecurityFlag = 'N'"],
      [212, "00", "Filler"],
      [213, "4e", "StampDutyFlag = 'N'"],
      [214, "00", "Filler"],
      [215, "06 25 35 01", "ListingDate = 20260102"],
      [219, "25 4e 35 01", "DelistingDate = 20270629"],
      [223, spaces(38), "FreeText = 38 spaces (none)"],
      [261, zeros(62), "Filler"],
      [323, "4e", "POSFlag = 'N'"],
      [324, "00 00 00 00", "POSUpperLimit = 0"],
      [328, "00 00 00 00", "POSLowerLimit = 0"],
      [332, "00 00 00 00", "DomainStmtSecurityCode = 0"],
      [336, zeros(37), "Filler"],
      [373, "4e", "EFNFlag = 'N'"],
      [374, "00 00 00 00", "AccruedInterest = 0"],
      [378, "00 00 00 00", "CouponRate = 0"],
      [382, "00", "Filler"],
      [383, zeros(8), "FaceValue = 0"],
      [391, "00", "DecimalsInFaceValue = 0"],
      [392, spaces(3), "FaceValueCurrency = blank"],
      [395, "00 00 00 00", "MaturityDate (bond) = 0"],
      [399, "20", "InvestorType = blank"],
      [400, zeros(44), "Filler"],
      [444, "10 27 00 00", "ConversionRatio = 10000 (10.000)"],
      [448, "80 1a 06 00", "StrikePrice1 = 400000 (400.000)"],
      [452, "00 00 00 00", "StrikePrice2 = 0"],
      [456, "25 4e 35 01", "MaturityDate (warrant) = 20270629"],
      [460, "43", "CallPutFlag = 'C' (bull)"],
      [461, "45", "Style = 'E'"],
      [462, "00 00", "Filler"],
      [464, "4e", "WarrantType = 'N'"],
      [465, "10 a4 00 00", "CallPrice = 42000"],
      [469, "02", "DecimalsInCallPrice = 2 (420.00)"],
      [470, "01 00 00 00", "Entitlement = 1"],
      [474, "00", "DecimalsInEntitlement = 0"],
      [475, "10 27 00 00", "NoWarrantsPerEntitlement = 10000"],
      [479, zeros(63), "Filler"],
      [542, "01 00", "NoUnderlyingSecurities = 1"],
      [544, "bc 02 00 00", "UnderlyingSecurityCode = 700"],
      [548, zeros(4), "Filler"]
    ],
    message: {
      msgType: 11, securityCode: 61234, marketCode: "MAIN", isinCode: "HK0000912345", instrumentType: "WRNT", productType: 11,
      spreadTableCode: "01", securityShortName: "TENCENT BULL", currencyCode: "HKD", securityNameGccs: "騰訊牛", securityNameGb: "腾讯牛",
      lotSize: 10000, previousClosingPrice: 123, vcmFlag: "N", shortSellFlag: "N", casFlag: "N", ccassFlag: "Y", dummySecurityFlag: "N",
      stampDutyFlag: "N", listingDate: 20260102, delistingDate: 20270629, freeText: "", posFlag: "N", posUpperLimit: 0, posLowerLimit: 0,
      domainStmtSecurityCode: 0, efnFlag: "N", accruedInterest: 0, couponRate: 0, faceValue: 0n, decimalsInFaceValue: 0,
      faceValueCurrency: "", bondMaturityDate: 0, investorType: "", conversionRatio: 10000, strikePrice1: 400000, strikePrice2: 0,
      warrantMaturityDate: 20270629, callPutFlag: "C", style: "E", warrantType: "N", callPrice: 42000, decimalsInCallPrice: 2,
      entitlement: 1, decimalsInEntitlement: 0, noWarrantsPerEntitlement: 10000, underlyings: [{ underlyingSecurityCode: 700 }]
    }
  },
  {
    name: "Trading Session Status (20)",
    rows: [
      [0, "20 00", "MsgSize = 32"],
      [2, "14 00", "MsgType = 20"],
      [4, "4d 41 49 4e", "MarketCode = 'MAIN'"],
      [8, "00", "Filler"],
      [9, "03", "TradingSessionSubID = 3 (continuous trading)"],
      [10, "1e", "TradingSesStatus = 30 (open)"],
      [11, "30", "TradingSesControlFlag = '0' (automatic)"],
      [12, "00 00 00 00", "Filler"],
      [16, "00 f0 fa 33 8c d4 ee 18", "StartDateTime = 1796607000000000000 (2026-12-07 01:30:00 UTC)"],
      [24, "00 80 c8 ad bb dc ee 18", "EndDateTime = 1796616000000000000 (04:00:00 UTC)"]
    ],
    message: {
      msgType: 20, marketCode: "MAIN", tradingSessionSubId: 3, tradingSesStatus: 30, tradingSesControlFlag: "0",
      startDateTime: 1796607000000000000n, endDateTime: 1796616000000000000n
    }
  },
  {
    name: "Security Status (21)",
    rows: [
      [0, "0c 00", "MsgSize = 12"],
      [2, "15 00", "MsgType = 21"],
      [4, "bc 02 00 00", "SecurityCode = 700"],
      [8, "02", "SuspensionIndicator = 2 (halt)"],
      [9, "00 00 00", "Filler"]
    ],
    message: { msgType: 21, securityCode: 700, suspensionIndicator: 2 }
  },
  {
    name: "Add Order (30)",
    rows: [
      [0, "20 00", "MsgSize = 32"],
      [2, "1e 00", "MsgType = 30"],
      [4, "05 00 00 00", "SecurityCode = 5"],
      [8, "02 00 00 00 01 00 00 00", "OrderId = 0x0000000100000002 = 4294967298"],
      [16, "8e f3 00 00", "Price = 62350 (62.350)"],
      [20, "90 01 00 00", "Quantity = 400"],
      [24, "01 00", "Side = 1 (offer)"],
      [26, "32", "OrderType = '2' (limit)"],
      [27, "00", "Filler"],
      [28, "00 00 00 00", "OrderBookPosition = 0"]
    ],
    message: { msgType: 30, securityCode: 5, orderId: 4294967298n, price: 62350, quantity: 400, side: 1, orderType: "2", orderBookPosition: 0 }
  },
  {
    name: "Modify Order (31)",
    rows: [
      [0, "1c 00", "MsgSize = 28"],
      [2, "1f 00", "MsgType = 31"],
      [4, "05 00 00 00", "SecurityCode = 5"],
      [8, "02 00 00 00 01 00 00 00", "OrderId = 4294967298"],
      [16, "c8 00 00 00", "Quantity = 200"],
      [20, "01 00", "Side = 1"],
      [22, "00 00", "Filler"],
      [24, "00 00 00 00", "OrderBookPosition = 0"]
    ],
    message: { msgType: 31, securityCode: 5, orderId: 4294967298n, quantity: 200, side: 1, orderBookPosition: 0 }
  },
  {
    name: "Delete Order (32)",
    rows: [
      [0, "14 00", "MsgSize = 20"],
      [2, "20 00", "MsgType = 32"],
      [4, "05 00 00 00", "SecurityCode = 5"],
      [8, "02 00 00 00 01 00 00 00", "OrderId = 4294967298"],
      [16, "01 00", "Side = 1"],
      [18, "00 00", "Filler"]
    ],
    message: { msgType: 32, securityCode: 5, orderId: 4294967298n, side: 1 }
  },
  {
    // Spec §5 Example 1, as the spec prints it: MsgSize 60, SecurityCode 1234, two entries.
    name: "Aggregate Order Book Update (53), spec §5 Example 1",
    rows: [
      [0, "3c 00", "MsgSize = 60 = 12 + 24·2"],
      [2, "35 00", "MsgType = 53"],
      [4, "d2 04 00 00", "SecurityCode = 1234"],
      [8, "00 00 00", "Filler"],
      [11, "02", "NoEntries = 2"],
      [12, "c8 00 00 00 00 00 00 00", "AggregateQuantity = 200"],
      [20, "2a 26 00 00", "Price = 9770"],
      [24, "01 00 00 00", "NumberOfOrders = 1"],
      [28, "01 00", "Side = 1 (offer)"],
      [30, "02", "PriceLevel = 2"],
      [31, "01", "UpdateAction = 1 (change)"],
      [32, "00 00 00 00", "Filler"],
      [36, "2c 01 00 00 00 00 00 00", "AggregateQuantity = 300"],
      [44, "7a 26 00 00", "Price = 9850"],
      [48, "01 00 00 00", "NumberOfOrders = 1"],
      [52, "01 00", "Side = 1"],
      [54, "05", "PriceLevel = 5"],
      [55, "00", "UpdateAction = 0 (new)"],
      [56, "00 00 00 00", "Filler"]
    ],
    message: {
      msgType: 53, securityCode: 1234,
      entries: [
        { aggregateQuantity: 200n, price: 9770, numberOfOrders: 1, side: 1, priceLevel: 2, updateAction: 1 },
        { aggregateQuantity: 300n, price: 9850, numberOfOrders: 1, side: 1, priceLevel: 5, updateAction: 0 }
      ]
    }
  },
  {
    name: "Trade (50)",
    rows: [
      [0, "20 00", "MsgSize = 32"],
      [2, "32 00", "MsgType = 50"],
      [4, "05 00 00 00", "SecurityCode = 5"],
      [8, "11 00 00 00", "TradeID = 17"],
      [12, "8e f3 00 00", "Price = 62350"],
      [16, "90 01 00 00", "Quantity = 400"],
      [20, "67 00", "TrdType = 103 (auction trade)"],
      [22, "00 00", "Filler"],
      [24, "00 ac 5c 65 8d d4 ee 18", "TradeTime = 1796607005123456000"]
    ],
    message: { msgType: 50, securityCode: 5, tradeId: 17, price: 62350, quantity: 400, trdType: 103, tradeTime: 1796607005123456000n }
  },
  {
    name: "Trade Ticker (52)",
    rows: [
      [0, "24 00", "MsgSize = 36"],
      [2, "34 00", "MsgType = 52"],
      [4, "05 00 00 00", "SecurityCode = 5"],
      [8, "11 00 00 00", "TickerID = 17"],
      [12, "8e f3 00 00", "Price = 62350"],
      [16, "90 01 00 00 00 00 00 00", "AggregateQuantity = 400"],
      [24, "00 ac 5c 65 8d d4 ee 18", "TradeTime = 1796607005123456000"],
      [32, "67 00", "TrdType = 103 (auction trade)"],
      [34, "4e", "TrdCancelFlag = 'N'"],
      [35, "00", "Filler"]
    ],
    message: { msgType: 52, securityCode: 5, tickerId: 17, price: 62350, aggregateQuantity: 400n, tradeTime: 1796607005123456000n, trdType: 103, trdCancelFlag: "N" }
  },
  {
    name: "Closing Price (62)",
    rows: [
      [0, "10 00", "MsgSize = 16"],
      [2, "3e 00", "MsgType = 62"],
      [4, "05 00 00 00", "SecurityCode = 5"],
      [8, "8e f3 00 00", "ClosingPrice = 62350"],
      [12, "39 30 00 00", "NumberOfTrades = 12345"]
    ],
    message: { msgType: 62, securityCode: 5, closingPrice: 62350, numberOfTrades: 12345 }
  },
  {
    name: "Statistics (60)",
    rows: [
      [0, "34 00", "MsgSize = 52"],
      [2, "3c 00", "MsgType = 60"],
      [4, "05 00 00 00", "SecurityCode = 5"],
      [8, "40 42 0f 00 00 00 00 00", "SharesTraded = 1000000"],
      [16, "80 7f 59 84 0e 00 00 00", "Turnover = 62350000000 (62,350,000.000)"],
      [24, "18 f6 00 00", "HighPrice = 63000"],
      [28, "3c f0 00 00", "LowPrice = 61500"],
      [32, "8e f3 00 00", "LastPrice = 62350"],
      [36, "ad f2 00 00", "VWAP = 62125"],
      [40, "90 d0 03 00", "ShortSellSharesTraded = 250000"],
      [44, "c0 b5 53 4a 00 00 00 00", "ShortSellTurnover = 1247000000"]
    ],
    message: {
      msgType: 60, securityCode: 5, sharesTraded: 1000000n, turnover: 62350000000n, highPrice: 63000, lowPrice: 61500,
      lastPrice: 62350, vwap: 62125, shortSellSharesTraded: 250000, shortSellTurnover: 1247000000n
    }
  }
]

/** SendTime of the packet fixtures: 2026-12-07 01:30:05.789 UTC = 1796607005789000000 ns. */
export const SEND_TIME = 1796607005789000000n
export const SEND_TIME_HEX = "40 11 08 8d 8d d4 ee 18"
