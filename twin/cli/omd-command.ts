/**
 * `twin omd listen --participant P [--channel C] [--for 60s] [--pcap FILE] [--json] [--rig-url URL]
 * [--username U] [--line-timeout 100ms]`: a real OMD-C feed handler for one participant of a running `twin serve` — it reads the
 * participant's multicast lines, refresh lines and RTS from the rig's `/rig` listing, joins lines A and B of
 * each channel (and the DR channel), arbitrates, recovers gaps from the RTS then refresh, keeps the books, and
 * prints per-line and per-channel statistics when `--for` has passed or on Ctrl-C (events as they happen on
 * stderr), with what the rig shed of those lines meanwhile (`/rig` asked again: gaps it made are not the
 * twin's). `--pcap` writes every datagram received as a libpcap file (Ethernet/IPv4/UDP) that tcpdump -r and
 * Wireshark open. Bad flags, an unreachable rig or a participant it does not serve: one line, exit 2.
 */
import * as http from "node:http"
import * as https from "node:https"
import { Console, Duration, Effect, Option, Result } from "effect"
import { Command, Flag } from "effect/cli"
import { InputInvalid, issue } from "../../topology/input-issue.ts"
import { parseJsonText } from "../../topology/json-text.ts"
import { OmdListener } from "../wire/omd/listen/listener.ts"
import { PcapWriter } from "../wire/omd/listen/pcap.ts"
import { decodeRigBody, participantFeed, rigShedOf } from "./omd-rig-discovery.ts"
import { renderListenReport } from "./omd-listen-render.ts"

const participantFlag = Flag.String("participant").pipe(Flag.withDescription("The watched participant whose feed to listen to, e.g. P0001 (no default: required)"))
const channelFlag = Flag.String("channel").pipe(Flag.withDescription("Only this channel group (SS, SP, SF), plus the DR channel (default: all the participant's)"), Flag.optional)
const forFlag = Flag.String("for").pipe(Flag.withDescription("Stop after this long: 60s, 500ms, 2m, 1h (default: until Ctrl-C)"), Flag.optional)
const pcapFlag = Flag.String("pcap").pipe(Flag.withDescription("Write every datagram received to this libpcap file (default: none)"), Flag.optional)
const jsonFlag = Flag.Boolean("json").pipe(Flag.withDescription("Print the final statistics as JSON"), Flag.withDefault(false))
const rigUrlFlag = Flag.String("rig-url").pipe(Flag.withDescription("The rig listing of the running `twin serve` (default http://127.0.0.1:8080/rig)"), Flag.withDefault("http://127.0.0.1:8080/rig"))
const lineTimeoutFlag = Flag.String("line-timeout").pipe(
  Flag.withDescription("How long a number one line skipped waits for the other line before it is a gap: 100ms, 2s (default 100ms; at most 60s)"),
  Flag.optional
)
/** The longest `--line-timeout`: a wait past it would hold the channel's messages behind every single-line loss. */
const MAX_LINE_TIMEOUT_MS = 60_000
const usernameFlag = Flag.String("username").pipe(Flag.withDescription("RTS Logon username, at most 12 characters (default: the participant id)"), Flag.optional)

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

/** `60s` → 60000; undefined when it is not a positive duration with a unit. */
export const parseDurationMs = (text: string): number | undefined => {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text.trim())
  if (match === null) return undefined
  const ms = Number(match[1]) * UNITS[match[2]!]!
  return ms > 0 && Number.isFinite(ms) ? ms : undefined
}

const bad = (flag: string, expected: string, got: string) => new InputInvalid({ file: flag, issues: [issue("", expected, got)] })

/** GET `url` as JSON with node:http(s) (lighter to start than fetch on a loaded machine); 15 s at most. */
const getJson = (url: string): Promise<unknown> =>
  new Promise((resolve, reject) => {
    const target = new URL(url)
    const get = target.protocol === "https:" ? https.get : target.protocol === "http:" ? http.get : undefined
    if (get === undefined) return reject(new Error(`not an http(s) URL`))
    const request = get(target, { timeout: 15_000 }, (response) => {
      if (response.statusCode !== 200) {
        response.resume()
        return reject(new Error(`HTTP ${response.statusCode}`))
      }
      const chunks: Array<Buffer> = []
      let size = 0
      response.on("data", (chunk: Buffer) => {
        size += chunk.length
        if (size > 16 * 1024 * 1024) request.destroy(new Error("listing larger than 16 MB"))
        else chunks.push(chunk)
      })
      response.on("end", () => {
        // a network peer: a repeated key is refused like any bad JSON, not resolved to its last value
        const parsed = parseJsonText(Buffer.concat(chunks).toString("utf8"))
        if (Result.isSuccess(parsed)) resolve(parsed.success)
        else reject(new Error(`not JSON (${parsed.failure.map((i) => `${i.path === "" ? "" : `${i.path}: `}expected ${i.expected}, got ${i.got}`).join("; ")})`))
      })
      response.on("error", reject)
    })
    request.on("timeout", () => request.destroy(new Error("no answer in 15 s")))
    request.on("error", reject)
  })

const fetchRig = (url: string) =>
  Effect.tryPromise({
    try: () => getJson(url),
    catch: (error) => bad("--rig-url", "the /rig listing of a running `twin serve --rig …`", `${url}: ${error instanceof Error ? error.message : String(error)}`)
  })

const listen = Command.make(
  "listen",
  { participant: participantFlag, channel: channelFlag, for: forFlag, pcap: pcapFlag, json: jsonFlag, rigUrl: rigUrlFlag, username: usernameFlag, lineTimeout: lineTimeoutFlag },
  (flags) =>
    Effect.gen(function*() {
      const forMs = Option.isSome(flags.for) ? parseDurationMs(flags.for.value) : undefined
      if (Option.isSome(flags.for) && forMs === undefined) return yield* bad("--for", "a duration like 60s, 500ms, 2m or 1h", JSON.stringify(flags.for.value))
      const lineTimeoutMs = Option.isSome(flags.lineTimeout) ? parseDurationMs(flags.lineTimeout.value) : undefined
      if (Option.isSome(flags.lineTimeout) && (lineTimeoutMs === undefined || lineTimeoutMs > MAX_LINE_TIMEOUT_MS))
        return yield* bad("--line-timeout", "a duration from 1ms to 60s, like 100ms or 2s", JSON.stringify(flags.lineTimeout.value))
      const username = Option.getOrElse(flags.username, () => flags.participant)
      if (username.length === 0 || username.length > 12 || !/^[\x21-\x7e]+$/.test(username))
        return yield* bad(Option.isSome(flags.username) ? "--username" : "--participant", "an RTS username of 1 to 12 printable ASCII characters (spec §3.5.1)", JSON.stringify(username))
      const body = decodeRigBody(yield* fetchRig(flags.rigUrl))
      if (Result.isFailure(body)) return yield* new InputInvalid({ file: flags.rigUrl, issues: body.failure })
      const feed = participantFeed(body.success, flags.participant, Option.getOrUndefined(flags.channel))
      if (Result.isFailure(feed)) return yield* new InputInvalid({ file: feed.failure.flag, issues: [feed.failure.issue] })
      const pcapPath = Option.getOrUndefined(flags.pcap)
      const pcap = pcapPath === undefined ? undefined
        : yield* Effect.try({ try: () => new PcapWriter(pcapPath), catch: (e) => bad("--pcap", "a file that can be written", String(e)) })
      const listener = yield* Effect.tryPromise({
        try: () => OmdListener.start({
          channels: feed.success.channels, rts: feed.success.rts, username,
          ...(pcap === undefined ? {} : { pcap }),
          ...(lineTimeoutMs === undefined ? {} : { arbitrationTimeoutMs: lineTimeoutMs }),
          onEvent: (line) => process.stderr.write(`${line}\n`)
        }),
        catch: (e) => bad("--participant", `multicast groups that can be joined on 127.0.0.1`, String(e))
      })
      // What was joined, for the operator (and for a tool that waits until the listener is up).
      const at = (e: { readonly address: string; readonly port: number } | undefined) => (e === undefined ? "-" : `${e.address}:${e.port}`)
      for (const c of feed.success.channels)
        process.stderr.write(`listening: ${flags.participant} ${c.channel} line A ${at(c.lineA)} line B ${at(c.lineB)} refresh ${at(c.refreshA)} ${at(c.refreshB)}\n`)
      const servers = feed.success.rts.map((r) => `${r.host}:${r.port}`).join(", ")
      process.stderr.write(`listening: RTS ${servers === "" ? "none listed" : servers} as ${username}\n`)
      // What the rig shed of these lines while we listened (the listing's counts now, less at the start).
      const listened = feed.success.channels.map((c) => c.channel)
      const shedAtStart = rigShedOf(body.success, flags.participant, listened)
      const shedSince = Effect.promise(async () => {
        const now = await getJson(flags.rigUrl).then(decodeRigBody, () => undefined)
        return now === undefined || Result.isFailure(now) ? undefined : rigShedOf(now.success, flags.participant, listened) - shedAtStart
      })
      const finish = Effect.promise(() => listener.stop()).pipe(
        Effect.flatMap((report) => Effect.map(shedSince, (rigShed) => ({ report, rigShed }))),
        Effect.flatMap(({ report, rigShed }) =>
          Console.log(flags.json ? JSON.stringify({ participant: flags.participant, ...report, rigShed: rigShed ?? null }, null, 2) : renderListenReport(flags.participant, report, rigShed))
        )
      )
      yield* (forMs === undefined ? Effect.never : Effect.sleep(Duration.millis(forMs))).pipe(Effect.onInterrupt(() => finish))
      yield* finish
    })
).pipe(
  Command.withDescription("A real OMD-C feed handler for a participant of a running `twin serve`: lines A/B, gaps, RTS, refresh, books, pcap"),
  Command.withExamples([
    { command: "twin omd listen --participant P0001 --for 60s", description: "Listen to P0001's feed for a minute and print the statistics" },
    { command: "twin omd listen --participant P0001 --channel SS --pcap /tmp/p0001.pcap --json", description: "Channel SS only, capture to a pcap, statistics as JSON" }
  ])
)

export const omdCommand = Command.make("omd").pipe(
  Command.withDescription("OMD-C on the wire: tools that speak the real protocol to the rig"),
  Command.withSubcommands([listen]),
  Command.withExamples([
    { command: "twin omd listen --participant P0001 --for 60s", description: "Beside a running `twin serve`: P0001's real feed for a minute, then its statistics" }
  ])
)
