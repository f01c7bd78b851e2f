/**
 * An Execution Report's content as numbers in a row of a RowArena (twin/engine/row-arena.ts): how the host's
 * session logs and the gateways' stores keep a day of executions without an object per execution.
 * `unpack(pack(e))` has the same fields, values and key order as `e`.
 */
import type { RowArena } from "../../engine/row-arena.ts"
import type { Execution, ExecType, OrderStatus } from "./messages.ts"

/** Numbers an execution takes in a row. */
export const EXECUTION_WIDTH = 8

// Appended only: a code's meaning never changes.
const EXEC_TYPES: ReadonlyArray<ExecType> = ["new", "trade", "cancel", "replace", "reject"]
const STATUSES: ReadonlyArray<OrderStatus> = ["new", "filled", "cancelled", "rejected"]
const NO_NAME = -1

const numberOf = (arena: RowArena, name: string, owner: string, ownerNumber: number): number =>
  name === owner ? ownerNumber : arena.nameIn(name)

/**
 * Writes `e` at numbers `at … at + EXECUTION_WIDTH - 1` of row `row`; `owner` is the Comp ID of the session
 * whose list the row is in and `ownerNumber` its number in `arena` (RowList.owner), which the execution's
 * own Comp ID or the drop-copy session it was copied to is, so it is not looked up again.
 */
export const pack = (arena: RowArena, row: number, at: number, e: Execution, owner: string, ownerNumber: number): void => {
  arena.set(row, at, e.execId)
  arena.set(row, at + 1, numberOf(arena, e.compId, owner, ownerNumber))
  arena.set(row, at + 2, e.clOrdId)
  // Exec type, order status, the Cancel-on-Disconnect flag and a refusal's text (its name number + 1; rare,
  // so numbered among the Comp IDs rather than given a number of every row) in one number.
  const text = e.text === undefined ? 0 : arena.nameIn(e.text) + 1
  arena.set(row, at + 3, text * 64 + EXEC_TYPES.indexOf(e.execType) * 8 + STATUSES.indexOf(e.status) * 2 + (e.cancelOnDisconnect ? 1 : 0))
  arena.set(row, at + 4, e.quantity)
  arena.set(row, at + 5, e.cumQty)
  arena.set(row, at + 6, e.price)
  arena.set(row, at + 7, e.dropCopyFor === undefined ? NO_NAME : numberOf(arena, e.dropCopyFor, owner, ownerNumber))
}

/** The execution written at number `at` of row `row`. */
export const unpack = (arena: RowArena, row: number, at: number): Execution => {
  const word = arena.get(row, at + 3)
  const codes = word % 64
  const text = Math.floor(word / 64)
  const dropCopyFor = arena.get(row, at + 7)
  return {
    execId: arena.get(row, at),
    compId: arena.nameOf(arena.get(row, at + 1)),
    clOrdId: arena.get(row, at + 2),
    execType: EXEC_TYPES[Math.floor(codes / 8)]!,
    status: STATUSES[Math.floor(codes / 2) % 4]!,
    quantity: arena.get(row, at + 4),
    cumQty: arena.get(row, at + 5),
    price: arena.get(row, at + 6),
    cancelOnDisconnect: codes % 2 === 1,
    dropCopyFor: dropCopyFor === NO_NAME ? undefined : arena.nameOf(dropCopyFor),
    text: text === 0 ? undefined : arena.nameOf(text - 1)
  }
}

/** The ExecID written at number `at` of row `row` (without building the execution). */
export const execIdAt = (arena: RowArena, row: number, at: number): number => arena.get(row, at)
