/**
 * The books a feed handler keeps from the messages it processed in sequence: per security the orders
 * (Add/Modify/Delete Order, spec §3.9.1–3), and the aggregate price levels per side (Aggregate Order Book
 * Update, §3.9.6 and §5): New inserts a level at PriceLevel and pushes the ones below it down, Delete
 * removes the level at PriceLevel and pulls the ones below up, Change sets the level's quantity and order
 * count, Orderbook Clear (74) empties both sides. Levels past the 10 the spec shows are kept as sent.
 *
 * An update that names a level or an order the book does not have is counted (`inconsistencies`), not
 * thrown: after a gap nobody recovered, a book can be wrong until the next refresh, and the count says so.
 */
import { UpdateAction } from "../order-book.ts"
import type { OmdMessage } from "../messages.ts"

export interface BookOrder {
  readonly price: number
  readonly quantity: number
  readonly side: number
}

export interface BookLevel {
  readonly price: number
  readonly aggregateQuantity: bigint
  readonly numberOfOrders: number
}

export interface SecurityBook {
  readonly orders: Map<bigint, BookOrder>
  /** Index 0 is PriceLevel 1. */
  readonly bids: Array<BookLevel>
  readonly offers: Array<BookLevel>
}

export interface BooksSummary {
  /** Securities with a Security Definition. */
  readonly securities: number
  /** Securities whose book has an order or a level. */
  readonly books: number
  readonly orders: number
  readonly levels: number
  readonly inconsistencies: number
}

export class Books {
  private readonly bySecurity = new Map<number, SecurityBook>()
  private readonly defined = new Set<number>()
  inconsistencies = 0

  /** Spec §3.4.2 / §3.4.3: on Sequence Reset and DR, clients clear all cached data. */
  clear(): void {
    this.bySecurity.clear()
    this.defined.clear()
  }

  book(securityCode: number): SecurityBook | undefined {
    return this.bySecurity.get(securityCode)
  }

  private bookOf(securityCode: number): SecurityBook {
    let book = this.bySecurity.get(securityCode)
    if (book === undefined) {
      book = { orders: new Map(), bids: [], offers: [] }
      this.bySecurity.set(securityCode, book)
    }
    return book
  }

  apply(message: OmdMessage): void {
    switch (message.msgType) {
      case 11:
        this.defined.add(message.securityCode)
        return
      case 30:
        this.bookOf(message.securityCode).orders.set(message.orderId, { price: message.price, quantity: message.quantity, side: message.side })
        return
      case 31: {
        const orders = this.bookOf(message.securityCode).orders
        const order = orders.get(message.orderId)
        if (order === undefined) this.inconsistencies++
        else orders.set(message.orderId, { ...order, quantity: message.quantity })
        return
      }
      case 32:
        if (!this.bookOf(message.securityCode).orders.delete(message.orderId)) this.inconsistencies++
        return
      case 53: {
        const book = this.bookOf(message.securityCode)
        for (const entry of message.entries) {
          if (entry.updateAction === UpdateAction.OrderbookClear) {
            book.bids.length = 0
            book.offers.length = 0
            continue
          }
          const levels = entry.side === 0 ? book.bids : book.offers
          const index = entry.priceLevel - 1
          const level = { price: entry.price, aggregateQuantity: entry.aggregateQuantity, numberOfOrders: entry.numberOfOrders }
          if (index < 0) {
            this.inconsistencies++
          } else if (entry.updateAction === UpdateAction.New) {
            if (index > levels.length) this.inconsistencies++
            levels.splice(Math.min(index, levels.length), 0, level)
          } else if (index >= levels.length) {
            this.inconsistencies++
          } else if (entry.updateAction === UpdateAction.Delete) {
            levels.splice(index, 1)
          } else {
            levels[index] = level
          }
        }
        return
      }
      default:
        return
    }
  }

  summary(): BooksSummary {
    let books = 0
    let orders = 0
    let levels = 0
    for (const book of this.bySecurity.values()) {
      const n = book.bids.length + book.offers.length
      if (book.orders.size > 0 || n > 0) books++
      orders += book.orders.size
      levels += n
    }
    return { securities: this.defined.size, books, orders, levels, inconsistencies: this.inconsistencies }
  }
}
