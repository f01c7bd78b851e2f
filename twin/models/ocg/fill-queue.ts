/**
 * A persistent first-in-first-out queue (Okasaki's two-list queue): push and pop in O(1) amortised, and a
 * new version never copies the old one. The OTP-C host keeps its orders awaiting a fill in one: orders
 * join in fill order, so the due ones are always at the front.
 */
interface Cons<A> {
  readonly head: A
  readonly tail: Cons<A> | undefined
}

export interface Queue<A> {
  readonly front: Cons<A> | undefined
  /** Newest first. */
  readonly back: Cons<A> | undefined
  readonly size: number
}

export const emptyQueue = <A>(): Queue<A> => ({ front: undefined, back: undefined, size: 0 })

export const push = <A>(q: Queue<A>, a: A): Queue<A> => ({ front: q.front, back: { head: a, tail: q.back }, size: q.size + 1 })

const normalised = <A>(q: Queue<A>): Queue<A> => {
  if (q.front !== undefined || q.back === undefined) return q
  let front: Cons<A> | undefined
  for (let c: Cons<A> | undefined = q.back; c !== undefined; c = c.tail) front = { head: c.head, tail: front }
  return { front, back: undefined, size: q.size }
}

export const peek = <A>(q: Queue<A>): A | undefined => normalised(q).front?.head

/** Removes from the front while `due` holds; returns what was removed, oldest first, and the rest. */
export const popWhile = <A>(q: Queue<A>, due: (a: A) => boolean): { readonly taken: ReadonlyArray<A>; readonly rest: Queue<A> } => {
  const taken: Array<A> = []
  let rest = normalised(q)
  while (rest.front !== undefined && due(rest.front.head)) {
    taken.push(rest.front.head)
    rest = normalised({ front: rest.front.tail, back: rest.back, size: rest.size - 1 })
  }
  return { taken, rest }
}

export const toArray = <A>(q: Queue<A>): Array<A> => {
  const out: Array<A> = []
  for (let c = q.front; c !== undefined; c = c.tail) out.push(c.head)
  const back: Array<A> = []
  for (let c = q.back; c !== undefined; c = c.tail) back.push(c.head)
  return out.concat(back.reverse())
}

export const fromArray = <A>(items: ReadonlyArray<A>): Queue<A> => items.reduce((q, a) => push(q, a), emptyQueue<A>())
