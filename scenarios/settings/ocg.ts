/**
 * The `ocg` section of a scenario's `settings` (and of the estate's): OCG-C order flow per participant or
 * group, the throttle per Comp ID, Cancel-on-Disconnect (DOMAIN §1). Decoded with Schema (clock times and
 * durations as scenarios write them), checked against the estate, turned into the typed `OcgSettings` the
 * OCG-C wiring reads (twin/settings/ocg.ts).
 *
 * Shape: the section's own `orders`/`throttle`/`cancelOnDisconnect` apply to every session; `groups` (a
 * record, so an estate's group can be changed field by field from a scenario) apply theirs to the sessions
 * they select. A group selects by what the estate says of a participant — `participants` (ids), `compIds`,
 * `kind` (broker, vendor, broker-vendor), `carrier` (a circuit on that carrier) — every selector given must
 * hold. A session selected by two groups is an error: which one wins would otherwise be a guess; so is a
 * group that selects none, alone or once a scenario's is laid over the estate's (`checkMergedOcgGroups`).
 *
 * Defaults (what nothing set means, as before settings existed): each trading session sends one order a
 * minute through the continuous sessions, staggered by the seed; throttle 100 mps (rules.ts [U]);
 * Cancel-on-Disconnect off, and 300 s when turned on without a delay (rules.ts [U], DOMAIN §1).
 */
import { Schema } from "effect"
import { type InputIssue, issue } from "../../topology/input-issue.ts"
import type { EstateModel } from "../../topology/model.ts"
import { orderInputSpans } from "../../twin/models/ocg/order-hours.ts"
import { CANCEL_ON_DISCONNECT_DELAY } from "../../twin/models/ocg/rules.ts"
import { fullDayTimetable, type SessionChange } from "../../twin/models/trading-day.ts"
import { formatTimeOfDay, type Micros } from "../../twin/engine/time.ts"
import type { OcgOrderWindow, OcgSessionSettings, OcgSettings } from "../../twin/settings/ocg.ts"
import { ClockTime, clockMicros, Duration, durationMicros } from "../format/duration.ts"

/**
 * [U] The fastest order flow a session may be given: 10,000 orders a second, a hundred times the default
 * throttle — anything faster is only throttled, and a day of it would take the simulation hours.
 */
export const MAX_ORDERS_PER_SECOND = 10_000
const rate = (max: number, unit: string) =>
  Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: max, exclusiveMinimum: true }, { expected: `a rate above 0, at most ${max.toLocaleString("en")} ${unit}` }))
const GroupName = Schema.String.check(
  Schema.isPattern(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { expected: "a group name of letters, digits, '.', '_' or '-'" })
)

/** A window of the day with a steady rate: `perSecond` or `perMinute` (one of them). */
export const OrderWindowInput = Schema.Struct({
  from: ClockTime,
  /** Exclusive. */
  to: ClockTime,
  perSecond: Schema.optionalKey(rate(MAX_ORDERS_PER_SECOND, "a second")),
  perMinute: Schema.optionalKey(rate(MAX_ORDERS_PER_SECOND * 60, "a minute")),
  /** Spread sessions of the same flow by a seeded fraction of the spacing (default true). */
  stagger: Schema.optionalKey(Schema.Boolean)
})
export type OrderWindowInput = typeof OrderWindowInput.Type

export const CancelOnDisconnectInput = Schema.Struct({
  enabled: Schema.optionalKey(Schema.Boolean),
  delay: Schema.optionalKey(Duration)
})

const sessionFields = {
  /** The trading sessions' order flow for the day; replaces the default flow. */
  orders: Schema.optionalKey(Schema.Array(OrderWindowInput)),
  /** Messages per second per Comp ID (DOMAIN §1 Throttle). */
  throttle: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 1_000_000 }, { expected: "a whole number of messages per second from 1 to 1,000,000" }))),
  cancelOnDisconnect: Schema.optionalKey(CancelOnDisconnectInput)
}

export const OcgGroupInput = Schema.Struct({
  participants: Schema.optionalKey(Schema.Array(Schema.String)),
  compIds: Schema.optionalKey(Schema.Array(Schema.String)),
  kind: Schema.optionalKey(Schema.Literals(["broker", "vendor", "broker-vendor"])),
  carrier: Schema.optionalKey(Schema.String),
  ...sessionFields
})
export type OcgGroupInput = typeof OcgGroupInput.Type

export const OcgSettingsInput = Schema.Struct({
  ...sessionFields,
  groups: Schema.optionalKey(Schema.Record(GroupName, OcgGroupInput))
})
export type OcgSettingsInput = typeof OcgSettingsInput.Type

type SessionInput = Pick<OcgGroupInput, "orders" | "throttle" | "cancelOnDisconnect">

const quoted = (s: string) => JSON.stringify(s)

const checkWindows = (path: string, windows: ReadonlyArray<OrderWindowInput> | undefined, day: ReadonlyArray<SessionChange>): Array<InputIssue> =>
  (windows ?? []).flatMap((w, i) => {
    const at = `${path}.orders[${i}]`
    const found: Array<InputIssue> = []
    if ((w.perSecond === undefined) === (w.perMinute === undefined)) {
      found.push(issue(at, "a rate: perSecond or perMinute (one of them)", w.perSecond === undefined ? "neither" : "both"))
    }
    const [from, to] = [clockMicros(w.from), clockMicros(w.to)]
    if (to <= from) found.push(issue(`${at}.to`, `a time after from ${w.from}`, quoted(w.to)))
    // A window wholly outside OTP-C's order input would only send orders it refuses: a mistake, said here.
    else {
      const spans = orderInputSpans(day)
      if (!spans.some(([a, b]) => a < to && from < b)) found.push(issue(at, `a window that meets OTP-C's order input${day === fullDayTimetable ? "" : " on a half day"} (${spansText(spans)}; an order outside is refused)`, `${w.from}–${w.to}`))
    }
    return found
  })

const spansText = (spans: ReadonlyArray<readonly [Micros, Micros]>): string =>
  spans.map(([a, b]) => `${formatTimeOfDay(a).slice(0, 5)}–${formatTimeOfDay(b).slice(0, 5)}`).join(", ")

/**
 * What in one side's section (the estate's or the scenario's) names something the estate does not have,
 * or cannot be a flow; paths relative to the section.
 */
export const checkOcgSettings = (input: OcgSettingsInput, model: EstateModel, day: ReadonlyArray<SessionChange> = fullDayTimetable): ReadonlyArray<InputIssue> => {
  const participants = new Set(model.file.participants.map((p) => p.id))
  const compIds = new Set(model.file.participants.flatMap((p) => p.ocgSessions.map((s) => s.compId)))
  const carriers = new Set(model.file.participants.flatMap((p) => p.circuits.map((c) => c.carrier)))
  const found: Array<InputIssue> = checkWindows("", input.orders, day).map((i) => ({ ...i, path: i.path.replace(/^\./, "") }))
  for (const [name, g] of Object.entries(input.groups ?? {})) {
    const path = `groups.${name}`
    const before = found.length
    ;(g.participants ?? []).forEach((p, i) => {
      if (!participants.has(p)) found.push(issue(`${path}.participants[${i}]`, "a participant id of the estate", quoted(p)))
    })
    ;(g.compIds ?? []).forEach((c, i) => {
      if (!compIds.has(c)) found.push(issue(`${path}.compIds[${i}]`, "an OCG-C Comp ID of the estate", quoted(c)))
    })
    if (g.carrier !== undefined && !carriers.has(g.carrier)) found.push(issue(`${path}.carrier`, "a carrier of the estate's participant circuits", quoted(g.carrier)))
    // A name the estate lacks is said above; a group of names it has that select nobody is said here.
    if (found.length === before && selectedSessions(g, model).length === 0) {
      const given = selectorsText(g)
      found.push(issue(path, SELECTS_A_SESSION, given.length === 0 ? "no selector (every session), and the estate has no OCG-C session" : `${given.join(" and ")}, which ${given.length === 1 ? "selects" : "together select"} none`))
    }
    found.push(...checkWindows(path, g.orders, day))
  }
  return found
}

/**
 * A group that selects no session would change nobody's orders, throttle or Cancel-on-Disconnect: the
 * run would go on as if it were not written (the selectors are all kept, so `kind: vendor` over an estate
 * group of `participants: [P1]`, a broker, selects no one). It is bad input, as a name the estate lacks.
 */
const SELECTS_A_SESSION = "a group whose selectors select an OCG-C session"

const selectorKeys = ["participants", "compIds", "kind", "carrier"] as const

const selectorText = (g: OcgGroupInput, key: typeof selectorKeys[number]): string | undefined => {
  const v = g[key]
  return v === undefined ? undefined : typeof v === "string" ? `${key} ${v}` : `${key} [${v.join(", ")}]`
}

/** `participants [P1]`, `kind vendor`: the selectors a group gives, in a fixed order. */
const selectorsText = (g: OcgGroupInput): Array<string> =>
  selectorKeys.flatMap((k) => selectorText(g, k) ?? [])

/** The Comp IDs a group selects, in the estate's order. */
const selectedSessions = (g: OcgGroupInput, model: EstateModel): Array<string> =>
  model.file.participants.flatMap((p) => p.ocgSessions.filter((s) => selects(g, p, s.compId)).map((s) => s.compId))

const sessionsText = (compIds: ReadonlyArray<string>): string =>
  compIds.length <= 5 ? compIds.join(", ") : `${compIds.slice(0, 5).join(", ")} … (${compIds.length} sessions)`

/**
 * The groups a scenario changes that, laid over the estate's group of the same name (`merged`: the
 * section after the merge), select no session — though each side alone selects some (`checkOcgSettings`
 * said it otherwise): the estate's `burst:
 * {participants: [P1]}` under a scenario's `burst: {kind: vendor}` keeps both selectors. Paths relative
 * to the section; the message says what the estate's group selected and what the scenario added.
 */
export const checkMergedOcgGroups = (
  merged: OcgSettingsInput | undefined,
  estate: OcgSettingsInput | undefined,
  own: OcgSettingsInput | undefined,
  model: EstateModel
): ReadonlyArray<InputIssue> => {
  const found: Array<InputIssue> = []
  for (const [name, mine] of Object.entries(own?.groups ?? {})) {
    const theirs = estate?.groups?.[name]
    const group = merged?.groups?.[name]
    if (theirs === undefined || group === undefined || selectedSessions(group, model).length > 0) continue
    const before = selectorsText(theirs)
    const added = selectorKeys.flatMap((k) => {
      const text = selectorText(mine, k)
      if (text === undefined) return []
      const replaced = selectorText(theirs, k)
      return [replaced === undefined ? text : `${text} (in place of the estate's ${replaced.slice(k.length + 1)})`]
    })
    const got = `the estate's ${name} selects ${sessionsText(selectedSessions(theirs, model))}${before.length === 0 ? "" : ` (${before.join(" and ")})`}; with this scenario's ${added.join(" and ")}, none`
    found.push(issue(`groups.${name}`, `${SELECTS_A_SESSION} (this scenario's settings laid over the estate's)`, got))
  }
  return found
}

const windowOf = (w: OrderWindowInput): OcgOrderWindow => ({
  from: clockMicros(w.from),
  to: clockMicros(w.to),
  perMinute: w.perMinute ?? (w.perSecond ?? 0) * 60,
  stagger: w.stagger ?? true
})

const sessionOf = (s: SessionInput): OcgSessionSettings => {
  const cod = s.cancelOnDisconnect
  return {
    ...(s.orders === undefined ? {} : { orders: s.orders.map(windowOf) }),
    ...(s.throttle === undefined ? {} : { throttleMps: s.throttle }),
    // A delay without `enabled` turns nothing on: it is the delay for whoever turns it on.
    ...(cod?.enabled === true
      ? { cancelOnDisconnect: cod.delay === undefined ? CANCEL_ON_DISCONNECT_DELAY : durationMicros(cod.delay) }
      : cod?.enabled === false
      ? { cancelOnDisconnect: null }
      : {})
  }
}

const selects = (g: OcgGroupInput, p: EstateModel["file"]["participants"][number], compId: string): boolean =>
  (g.participants === undefined || g.participants.includes(p.id)) &&
  (g.compIds === undefined || g.compIds.includes(compId)) &&
  (g.kind === undefined || g.kind === p.kind) &&
  (g.carrier === undefined || p.circuits.some((c) => c.carrier === g.carrier))

/**
 * The merged section (estate under scenario) → typed settings: each group's fields over the section's,
 * resolved per Comp ID. A group's `cancelOnDisconnect` fields lie over the section's (a group saying only
 * `enabled: true` takes the section's `delay`; one saying only `delay` takes the section's `enabled`).
 * Issues: a session in two groups (paths relative to the section).
 */
export const resolveOcgSettings = (
  input: OcgSettingsInput,
  model: EstateModel
): { readonly settings: OcgSettings; readonly issues: ReadonlyArray<InputIssue> } => {
  const issues: Array<InputIssue> = []
  const sessions = sessionOf(input)
  const byCompId: Record<string, OcgSessionSettings> = {}
  const claimed = new Map<string, string>()
  const reported = new Set<string>()
  const groups = Object.entries(input.groups ?? {})
  for (const [name, g] of groups) {
    // A group's Cancel-on-Disconnect fields over the section's: `enabled` from one, `delay` from the other.
    const cod = g.cancelOnDisconnect === undefined ? undefined : { ...input.cancelOnDisconnect, ...g.cancelOnDisconnect }
    const own = sessionOf({ ...g, ...(cod === undefined ? {} : { cancelOnDisconnect: cod }) })
    for (const p of model.file.participants) {
      for (const s of p.ocgSessions) {
        if (!selects(g, p, s.compId)) continue
        const other = claimed.get(s.compId)
        if (other !== undefined) {
          // Once per pair of groups: a carrier-wide group could share hundreds of sessions with another.
          if (!reported.has(`${other}|${name}`)) {
            reported.add(`${other}|${name}`)
            issues.push(issue(`groups.${name}`, `groups that share no session (${s.compId} is also in group ${other})`, quoted(name)))
          }
          continue
        }
        claimed.set(s.compId, name)
        byCompId[s.compId] = own
      }
    }
  }
  const settings: OcgSettings = {
    ...(Object.keys(sessions).length === 0 ? {} : { sessions }),
    ...(Object.keys(byCompId).length === 0 ? {} : { byCompId })
  }
  return { settings, issues }
}
