/**
 * An Execution Report's content as numbers in a row of a RowLog (twin/engine/row-log.ts): how the host's
 * session logs and the gateways' stores keep a day of executions without an object per execution.
 * `unpack(pack(e))` has the same fields, values and key order as `e`.
 */
import { cell, nameIn, nameOf, type RowLog } from "../../engine/row-log.ts"
import type { Execution, ExecType, OrderStatus } from "./messages.ts"

/** Numbers an execution takes in a row. */
export const EXECUTION_WIDTH = 8

const EXEC_TYPES: ReadonlyArray<ExecType> = ["new", "trade", "cancel"]
const STATUSES: ReadonlyArray<OrderStatus> = ["new", "filled", "cancelled"]
const NO_NAME = -1

/** Writes `e` at numbers `at … at + EXECUTION_WIDTH - 1` of row `row`, the row just appended to `log`. */
export const pack = (log: RowLog, row: number, at: number, e: Execution): void => {
  const d = log.storage!.data
  const o = row * log.width + at
  d[o] = e.execId
  d[o + 1] = nameIn(log, e.compId)
  d[o + 2] = e.clOrdId
  // Exec type, order status and the Cancel-on-Disconnect flag in one number.
  d[o + 3] = EXEC_TYPES.indexOf(e.execType) * 8 + STATUSES.indexOf(e.status) * 2 + (e.cancelOnDisconnect ? 1 : 0)
  d[o + 4] = e.quantity
  d[o + 5] = e.cumQty
  d[o + 6] = e.price
  d[o + 7] = e.dropCopyFor === undefined ? NO_NAME : nameIn(log, e.dropCopyFor)
}

/** The execution written at number `at` of row `row` of `log`. */
export const unpack = (log: RowLog, row: number, at: number): Execution => {
  const codes = cell(log, row, at + 3)
  const dropCopyFor = cell(log, row, at + 7)
  return {
    execId: cell(log, row, at),
    compId: nameOf(log, cell(log, row, at + 1)),
    clOrdId: cell(log, row, at + 2),
    execType: EXEC_TYPES[Math.floor(codes / 8)]!,
    status: STATUSES[Math.floor(codes / 2) % 4]!,
    quantity: cell(log, row, at + 4),
    cumQty: cell(log, row, at + 5),
    price: cell(log, row, at + 6),
    cancelOnDisconnect: codes % 2 === 1,
    dropCopyFor: dropCopyFor === NO_NAME ? undefined : nameOf(log, dropCopyFor)
  }
}

/** The ExecID written at number `at` of row `row` (without building the execution). */
export const execIdAt = (log: RowLog, row: number, at: number): number => cell(log, row, at)
