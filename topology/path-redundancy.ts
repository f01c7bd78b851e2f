/**
 * What a failure leaves on the path (issue 13, defect 5): after element X has failed, is there one more
 * element Y — a core node, core link or circuit, never the participant's premises — whose failure would
 * take a flow down? That is the live judgement's "served without redundancy" (live-reach.ts runs the N-1
 * analysis on the state with X out), asked here for every X of the N-1 table at once.
 *
 * A flow that keeps every member and circuit after X can still be left with a single point: a core link
 * down can leave line A and line B (or a session's two gateways) both behind one remaining router. Per X
 * this builds the core as traffic sees it without X (one depth-first search per plane view, no graph
 * rebuilt per Y): a Y separates two nodes only when it is a bridge or an articulation point of that graph,
 * which the search's entry times and low links answer in constant time per pair.
 */
import { type Core, type CutoverState, isOpen, linkServes, type PlaneView, planeViews, portsOf } from "./network.ts"

const noClasses: ReadonlySet<number> = new Set()

/** One flow class's reach: its circuits' PoPs (core indices) and its members (plane view, targets). */
export interface ClassShape {
  readonly pops: ReadonlyArray<number>
  readonly members: ReadonlyArray<{ readonly view: PlaneView; readonly targets: ReadonlyArray<number> }>
}

/** A depth-first search forest of one plane view of the core without X. */
interface Forest {
  readonly comp: Int32Array
  readonly tin: Int32Array
  readonly tout: Int32Array
  readonly low: Int32Array
  /** The tree link into each node (-1 at a root). */
  readonly parentLink: Int32Array
  readonly children: ReadonlyArray<Array<number>>
  /** Per core link: the deeper end when the link is a bridge, else -1. */
  readonly bridgeChild: Int32Array
  /** Per core node: 1 when it is an articulation point. */
  readonly cutNode: Uint8Array
}

const forest = (
  core: Core,
  state: CutoverState,
  view: PlaneView,
  linkUp: (l: number) => boolean,
  nodeUp: (n: number) => boolean
): Forest => {
  const n = core.nodes.length
  const adjacency: Array<Array<number>> = Array.from({ length: n }, () => [])
  for (let l = 0; l < core.links.length; l++) {
    const a = core.from[l]!
    const b = core.to[l]!
    if (a < 0 || b < 0 || core.stub[a] === 1 || core.stub[b] === 1) continue
    if (!linkServes(core, state, view, l, linkUp, nodeUp)) continue
    adjacency[a]!.push(l)
    adjacency[b]!.push(l)
  }
  const comp = new Int32Array(n).fill(-1)
  const tin = new Int32Array(n).fill(-1)
  const tout = new Int32Array(n)
  const low = new Int32Array(n)
  const parentLink = new Int32Array(n).fill(-1)
  const children: Array<Array<number>> = Array.from({ length: n }, () => [])
  const bridgeChild = new Int32Array(core.links.length).fill(-1)
  const cutNode = new Uint8Array(n)
  let clock = 0
  const visit = (u: number, c: number): void => {
    comp[u] = c
    tin[u] = low[u] = clock++
    for (const l of adjacency[u]!) {
      if (l === parentLink[u]) continue
      const v = core.from[l] === u ? core.to[l]! : core.from[l]!
      if (tin[v] === -1) {
        parentLink[v] = l
        children[u]!.push(v)
        visit(v, c)
        low[u] = Math.min(low[u]!, low[v]!)
        if (low[v]! > tin[u]!) bridgeChild[l] = v
        if (parentLink[u] !== -1 && low[v]! >= tin[u]!) cutNode[u] = 1
      } else low[u] = Math.min(low[u]!, tin[v]!)
    }
    if (parentLink[u] === -1 && children[u]!.length > 1) cutNode[u] = 1
    tout[u] = clock - 1
  }
  for (let u = 0; u < n; u++) if (tin[u] === -1) visit(u, u)
  return { comp, tin, tout, low, parentLink, children, bridgeChild, cutNode }
}

const within = (f: Forest, root: number, a: number): boolean => f.tin[root]! <= f.tin[a]! && f.tin[a]! <= f.tout[root]!

/** Which side of articulation point `y` node `a` is on: the child subtree it hangs in, or -1 for the rest. */
const piece = (f: Forest, y: number, a: number): number => {
  if (!within(f, y, a)) return -1
  for (const c of f.children[y]!) if (within(f, c, a)) return f.low[c]! >= f.tin[y]! ? c : -1
  return -1
}

/** Nodes `a` and `b` still reach each other in the forest's graph once node `yNode` or link `yLink` fails. */
const connected = (f: Forest, a: number, b: number, yNode: number, yLink: number): boolean => {
  if (a === yNode || b === yNode || f.comp[a] !== f.comp[b]) return false
  if (a === b) return true
  if (yNode >= 0 && f.cutNode[yNode] === 1) return piece(f, yNode, a) === piece(f, yNode, b)
  if (yLink >= 0) {
    const child = f.bridgeChild[yLink]!
    if (child >= 0) return within(f, child, a) === within(f, child, b)
  }
  return true
}

/**
 * Every (PoP, plane view, target) a class can be served by — a probe — numbered once per analysis, with
 * each class's probes and each probe's classes, so that a failure is asked about probes, not classes.
 */
export interface Probes {
  readonly pop: Int32Array
  readonly view: ReadonlyArray<PlaneView>
  readonly target: Int32Array
  readonly ofClass: ReadonlyArray<Int32Array>
  readonly classesOf: ReadonlyArray<Array<number>>
}

export const probesOf = (shapes: ReadonlyArray<ClassShape | undefined>, classes: ReadonlyArray<number>): Probes => {
  const ids = new Map<string, number>()
  const pop: Array<number> = []
  const view: Array<PlaneView> = []
  const target: Array<number> = []
  const classesOf: Array<Array<number>> = []
  const ofClass: Array<Int32Array> = shapes.map(() => new Int32Array(0))
  for (const k of classes) {
    const shape = shapes[k]!
    const mine = new Set<number>()
    for (const p of shape.pops) {
      if (p < 0) continue
      for (const m of shape.members) {
        for (const t of m.targets) {
          if (t < 0) continue
          const key = `${p}:${m.view}:${t}`
          let id = ids.get(key)
          if (id === undefined) {
            ids.set(key, (id = pop.length))
            pop.push(p)
            view.push(m.view)
            target.push(t)
            classesOf.push([])
          }
          if (!mine.has(id)) {
            mine.add(id)
            classesOf[id]!.push(k)
          }
        }
      }
    }
    ofClass[k] = Int32Array.from(mine)
  }
  return { pop: Int32Array.from(pop), view, target: Int32Array.from(target), ofClass, classesOf }
}

/**
 * The classes (of `classes`) that stay up after X yet go down on one more failure of a core node or core
 * link. (One more circuit needs no search: a class left on one circuit has lost a circuit to X.)
 */
export const singlePointsAfter = (
  core: Core,
  state: CutoverState,
  failed: { readonly node: number; readonly link: number },
  linkIn: (l: number) => boolean,
  nodeIn: (n: number) => boolean,
  probes: Probes,
  classes: ReadonlyArray<number>,
  /** Classes of `classes` not to ask about (the failure's own row already lists them). */
  skip: ReadonlySet<number> = noClasses
): ReadonlyArray<number> => {
  if (classes.length === 0) return []
  const linkUp = (l: number) => l !== failed.link && linkIn(l)
  const nodeUp = (n: number) => n !== failed.node && nodeIn(n)
  const forests = {} as Record<PlaneView, Forest>
  for (const v of planeViews) forests[v] = forest(core, state, v, linkUp, nodeUp)
  const ports = {} as Record<PlaneView, Array<ReadonlyArray<{ link: number; node: number }> | undefined>>
  for (const v of planeViews) ports[v] = core.nodes.map((_, i) => (core.stub[i] === 1 ? portsOf(core, state, v, i, linkUp, nodeUp) : undefined))

  // A target works after X and Y: neither failed, open, and each dependsOn group has a member it reaches.
  const any = forests.any
  const deps = core.nodes.map((n) => n.dependsOn.map((g) => g.map((d) => core.nodeIndex.get(d) ?? -1)))
  const works = (t: number, yNode: number, yLink: number): boolean => {
    if (t === yNode || !nodeUp(t)) return false
    const node = core.nodes[t]!
    if (!isOpen(node, state)) return false
    return deps[t]!.every((g) => g.some((d) => d >= 0 && nodeUp(d) && isOpen(core.nodes[d]!, state) && connected(any, d, t, yNode, yLink)))
  }
  const reaches = (v: PlaneView, pop: number, t: number, yNode: number, yLink: number): boolean => {
    const entries = ports[v][pop]
    if (entries === undefined) return connected(forests[v], pop, t, yNode, yLink)
    for (const p of entries) if (p.link !== yLink && connected(forests[v], p.node, t, yNode, yLink)) return true
    return false
  }
  const count = probes.pop.length
  const live = (i: number, yNode: number, yLink: number, working: (t: number) => boolean): boolean => {
    const pop = probes.pop[i]!
    return pop !== yNode && nodeUp(pop) && working(probes.target[i]!) && reaches(probes.view[i]!, pop, probes.target[i]!, yNode, yLink)
  }

  // The probes X leaves live; a class with none is down after X (its row says so), not weakened. Each live
  // probe keeps a witness — the node it enters the core at — so that most Y are ruled out in one step.
  const liveAfterX = new Uint8Array(count)
  const witness = new Int32Array(count).fill(-1)
  const witnessLink = new Int32Array(count).fill(-1)
  const worksAfterX = new Map<number, boolean>()
  const workingX = (t: number) => {
    let w = worksAfterX.get(t)
    if (w === undefined) worksAfterX.set(t, (w = works(t, -1, -1)))
    return w
  }
  for (let i = 0; i < count; i++) {
    liveAfterX[i] = live(i, -1, -1, workingX) ? 1 : 0
    if (liveAfterX[i] === 0) continue
    const pop = probes.pop[i]!
    const entries = ports[probes.view[i]!][pop]
    const entry = entries?.find((p) => connected(forests[probes.view[i]!], p.node, probes.target[i]!, -1, -1))
    witness[i] = entry === undefined ? pop : entry.node
    witnessLink[i] = entry === undefined ? -1 : entry.link
  }
  const stillLive = (i: number, yNode: number, yLink: number, working: (t: number) => boolean): boolean => {
    const pop = probes.pop[i]!
    const t = probes.target[i]!
    if (pop === yNode || !working(t)) return false
    const w = witness[i]!
    if (w !== yNode && witnessLink[i] !== yLink && connected(forests[probes.view[i]!], w, t, yNode, yLink)) return true
    return live(i, yNode, yLink, working)
  }
  // A pending class: some of its probes live after X; it is found when one Y kills all of those (`liveOf`).
  const pending = new Set<number>()
  const liveOf = new Int32Array(probes.ofClass.length)
  for (const k of classes) {
    if (skip.has(k)) continue
    let n = 0
    for (const i of probes.ofClass[k]!) n += liveAfterX[i]!
    if (n > 0) {
      pending.add(k)
      liveOf[k] = n
    }
  }

  // Y worth trying: a node that cuts some view, or that is a PoP, a port's far end, a target or a
  // dependency; a link that is a bridge of some view, or a PoP's port. Any other Y changes nothing.
  const yNodes = new Set<number>()
  const yLinks = new Set<number>()
  for (const v of planeViews) {
    const f = forests[v]
    f.cutNode.forEach((c, i) => c === 1 && yNodes.add(i))
    f.bridgeChild.forEach((c, l) => c >= 0 && yLinks.add(l))
    ports[v].forEach((list, pop) => {
      if (list === undefined) return
      yNodes.add(pop)
      for (const p of list) {
        yNodes.add(p.node)
        yLinks.add(p.link)
      }
    })
  }
  for (let i = 0; i < count; i++) yNodes.add(probes.target[i]!)
  deps.forEach((groups) => groups.forEach((g) => g.forEach((d) => d >= 0 && yNodes.add(d))))
  yNodes.delete(failed.node)
  yLinks.delete(failed.link)
  const ys: Array<readonly [number, number]> = [
    ...[...yNodes].sort((a, b) => a - b).map((y) => [y, -1] as const),
    ...[...yLinks].sort((a, b) => a - b).map((y) => [-1, y] as const)
  ]

  // Which plane views a Y cuts (bit per view); a Y that cuts none can only touch the probes that start at
  // it, enter the core through it, or end at (or depend on) it: only those are asked again.
  const byView: Record<PlaneView, Array<number>> = { any: [], A: [], B: [] }
  const withDeps: Array<number> = []
  const byNode = new Map<number, Array<number>>()
  const byLink = new Map<number, Array<number>>()
  const add = (map: Map<number, Array<number>>, key: number, i: number) => {
    const list = map.get(key)
    if (list === undefined) map.set(key, [i])
    else if (list[list.length - 1] !== i) list.push(i)
  }
  for (let i = 0; i < count; i++) {
    if (liveAfterX[i] === 0) continue
    const v = probes.view[i]!
    const t = probes.target[i]!
    const pop = probes.pop[i]!
    byView[v].push(i)
    if (deps[t]!.length > 0) withDeps.push(i)
    add(byNode, t, i)
    add(byNode, pop, i)
    for (const g of deps[t]!) for (const d of g) if (d >= 0) add(byNode, d, i)
    for (const p of ports[v][pop] ?? []) {
      add(byNode, p.node, i)
      add(byLink, p.link, i)
    }
  }
  // The probes a Y may touch, each once: collected into `touched`, deduplicated by the round's stamp.
  const stamp = new Int32Array(count)
  const touched: Array<number> = []
  const touchedBy = (yNode: number, yLink: number, round: number): ReadonlyArray<number> => {
    touched.length = 0
    const take = (list: ReadonlyArray<number> | undefined) => {
      if (list === undefined) return
      for (const i of list) {
        if (stamp[i] === round) continue
        stamp[i] = round
        touched.push(i)
      }
    }
    take(yNode >= 0 ? byNode.get(yNode) : byLink.get(yLink))
    for (const v of planeViews) {
      const cut = yNode >= 0 ? forests[v].cutNode[yNode] === 1 : forests[v].bridgeChild[yLink]! >= 0
      if (!cut) continue
      take(byView[v])
      if (v === "any") take(withDeps)
    }
    return touched
  }

  const found: Array<number> = []
  // Per class, the round its kills were last counted in and how many of its live probes that round killed.
  const countedIn = new Int32Array(probes.ofClass.length)
  const killedOf = new Int32Array(probes.ofClass.length)
  let round = 0
  for (const [yNode, yLink] of ys) {
    if (pending.size === 0) break
    round++
    const worksAfterY = new Map<number, boolean>()
    const workingY = (t: number) => {
      let w = worksAfterY.get(t)
      if (w === undefined) worksAfterY.set(t, (w = works(t, yNode, yLink)))
      return w
    }
    const killed: Array<number> = []
    for (const i of touchedBy(yNode, yLink, round)) if (!stillLive(i, yNode, yLink, workingY)) killed.push(i)
    for (const i of killed) {
      for (const k of probes.classesOf[i]!) {
        if (!pending.has(k)) continue
        if (countedIn[k] !== round) {
          countedIn[k] = round
          killedOf[k] = 0
        }
        // Y takes the class down when it kills every probe the class still had after X.
        if (++killedOf[k]! === liveOf[k]) {
          pending.delete(k)
          found.push(k)
        }
      }
    }
  }
  return found.sort((a, b) => a - b)
}
