/**
 * The FIX tags and values the OCG-C endpoint reads and writes (FIX 5.0 SP2 / FIXT.1.1 data dictionary).
 * Names as the FIX dictionary spells them, so a reader can look each up.
 */
export const Tag = {
  BeginString: 8,
  BodyLength: 9,
  CheckSum: 10,
  MsgType: 35,
  MsgSeqNum: 34,
  SenderCompID: 49,
  TargetCompID: 56,
  SendingTime: 52,
  PossDupFlag: 43,
  PossResend: 97,
  OrigSendingTime: 122,
  EncryptMethod: 98,
  HeartBtInt: 108,
  ResetSeqNumFlag: 141,
  NextExpectedMsgSeqNum: 789,
  Password: 554,
  DefaultApplVerID: 1137,
  TestReqID: 112,
  BeginSeqNo: 7,
  EndSeqNo: 16,
  GapFillFlag: 123,
  NewSeqNo: 36,
  RefSeqNum: 45,
  RefTagID: 371,
  RefMsgType: 372,
  SessionRejectReason: 373,
  BusinessRejectRefID: 379,
  BusinessRejectReason: 380,
  Text: 58,
  ClOrdID: 11,
  OrigClOrdID: 41,
  OrderID: 37,
  ExecID: 17,
  ExecType: 150,
  OrdStatus: 39,
  Symbol: 55,
  SecurityID: 48,
  SecurityIDSource: 22,
  Side: 54,
  OrderQty: 38,
  OrdType: 40,
  Price: 44,
  TimeInForce: 59,
  TransactTime: 60,
  CumQty: 14,
  LeavesQty: 151,
  AvgPx: 6,
  LastQty: 32,
  LastPx: 31,
  CxlRejResponseTo: 434,
  CxlRejReason: 102,
  OrdRejReason: 103,
  ExecRestatementReason: 378,
  MassCancelRequestType: 530,
  MassCancelResponse: 531,
  MassCancelRejectReason: 532,
  TotalAffectedOrders: 533,
  // Lookup Service (twin's own [U]: the FIX specification has no Lookup message; see docs/ocg-fix.md).
  LookupPrimary: 20001,
  LookupSecondary: 20002
} as const

export const MsgType = {
  Heartbeat: "0",
  TestRequest: "1",
  ResendRequest: "2",
  Reject: "3",
  SequenceReset: "4",
  Logout: "5",
  Logon: "A",
  ExecutionReport: "8",
  OrderCancelReject: "9",
  NewOrderSingle: "D",
  OrderCancelRequest: "F",
  OrderCancelReplaceRequest: "G",
  OrderMassCancelRequest: "q",
  OrderMassCancelReport: "r",
  BusinessMessageReject: "j",
  LookupRequest: "U1",
  LookupResponse: "U2"
} as const

/** FIX 5.0 SP2 SessionRejectReason (373) values the endpoint sends. */
export const SessionRejectReason = {
  InvalidTagNumber: 0,
  RequiredTagMissing: 1,
  TagSpecifiedWithoutValue: 4,
  ValueIncorrect: 5,
  IncorrectDataFormat: 6,
  SendingTimeAccuracyProblem: 10,
  InvalidMsgType: 11,
  TagAppearsMoreThanOnce: 13,
  TagSpecifiedOutOfRequiredOrder: 14,
  Other: 99
} as const

/** FIX BusinessRejectReason (380) values. */
export const BusinessRejectReason = {
  Other: 0,
  UnsupportedMessageType: 3,
  ApplicationNotAvailable: 4,
  ThrottleLimitExceeded: 8
} as const

export const SESSION_MESSAGE_TYPES: ReadonlySet<string> = new Set(["0", "1", "2", "3", "4", "5", "A"])

/**
 * The MsgType (35) values FIX 5.0 SP2 defines (with its extension packs up to EP228, as jspurefix ships
 * the FIXML schema), and the user-defined ones, which start with "U" (FIX 5.0 SP2 Vol. 1 "User Defined
 * Messages"). Anything else is an invalid MsgType (session Reject, 373=11); a defined one the endpoint does
 * not take is valid but unsupported (Business Message Reject, 380=3) — FIX session test cases 2.q and 2.r.
 */
const DEFINED_MSG_TYPE = /^(?:[0-9A-HJ-NP-TV-Za-z]|[AB][A-Z]|C[A-OQ-Z]|D[A-T]|U.*)$/

export const isDefinedMsgType = (msgType: string): boolean => DEFINED_MSG_TYPE.test(msgType)
