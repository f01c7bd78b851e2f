/**
 * `npm run check:omd-dissector -- --pcap FILE --dissector FILE.lua --ports 30008,30009 [--tcp] [--frames N]`:
 * the twin's OMD-C packets in a capture read by an independent decoder — an Open Markets Initiative
 * Wireshark dissector for HKEX OMD-C Securities v1.45 (github.com/Open-Markets-Initiative/wireshark-lua,
 * `Hkex/Hkex_HkexSecurities_<Product>_Omd_v1_45_Dissector.lua`; not in this repo) run by tshark — and held
 * field by field against the twin's codec (dissector-compare.ts). Needs tshark (Debian's `tshark`).
 *
 * The capture: `twin omd listen --pcap FILE` for the lines and refresh (UDP), `tcpdump -i lo -w FILE tcp`
 * for the RTS (`--tcp`). Ports: the groups' (`/rig`) or the RTS servers'. A product's dissector knows its
 * product's messages only (Standard: SS; Premium: SP; FullTick: SF; the Refresh ones add Refresh Complete and
 * drop what a snapshot never carries; the Retrans ones add the RTS messages): messages it does not know show
 * as the twin's fields left over (`twin only`), never as agreement.
 *
 * Prints the counts and every disagreement (up to 40); exits 1 if any field disagrees or a packet does not
 * decode, 2 on a bad flag or a tshark that fails.
 */
import { spawn } from "node:child_process"
import { existsSync, readFileSync } from "node:fs"
import { createInterface } from "node:readline"
import { parseArgs } from "node:util"
import { comparePacket, dissectorFields, emptyComparison, pcapPayloads, TcpPackets } from "./dissector-compare.ts"

const fail = (flag: string, expected: string, got: string): never => {
  console.error(`${flag}: expected ${expected}, got ${got}`)
  process.exit(2)
}

const { values } = parseArgs({
  options: { pcap: { type: "string" }, dissector: { type: "string" }, ports: { type: "string" }, tcp: { type: "boolean", default: false }, frames: { type: "string" } }
})
const pcapPath = values.pcap ?? fail("--pcap", "a capture file", "nothing")
const dissector = values.dissector ?? fail("--dissector", "an OMI OMD-C v1.45 dissector (.lua)", "nothing")
if (!existsSync(pcapPath)) fail("--pcap", "an existing file", pcapPath)
if (!existsSync(dissector)) fail("--dissector", "an existing file", dissector)
const ports = (values.ports ?? fail("--ports", "the UDP or TCP ports to decode, comma-separated", "nothing")).split(",").map(Number)
if (ports.some((p) => !Number.isInteger(p) || p < 1 || p > 65_535)) fail("--ports", "ports 1-65535, comma-separated", String(values.ports))
const maxFrames = values.frames === undefined ? undefined : Number(values.frames)
if (maxFrames !== undefined && !(Number.isInteger(maxFrames) && maxFrames > 0)) fail("--frames", "a positive whole number", String(values.frames))

// The protocol's name is in the dissector: Proto("Omi.Hkex.HkexSecurities.FullTick.Omd.v1.45", …).
const protoName = /Proto\("(Omi\.Hkex\.HkexSecurities\.[A-Za-z]+\.Omd\.v1\.45)"/.exec(readFileSync(dissector, "utf8"))?.[1]
  ?? fail("--dissector", "an OMI HKEX OMD-C Securities v1.45 dissector (Proto(\"Omi.Hkex.HkexSecurities.….Omd.v1.45\"))", dissector)
const layerName = protoName.toLowerCase()
const prefix = layerName.slice("omi.".length)
const transport = values.tcp ? "tcp" : "udp"

const payloads = (() => {
  try {
    return pcapPayloads(readFileSync(pcapPath))
  } catch (error) {
    return fail("--pcap", "a classic libpcap file of Ethernet frames (tcpdump -w, twin omd listen --pcap)", `${pcapPath}: ${error instanceof Error ? error.message : String(error)}`)
  }
})()
// UDP: the groups the capture's datagrams went to; TCP: both directions of the RTS connections.
const filter = ports.map((p) => (values.tcp ? `tcp.port==${p}` : `udp.dstport==${p}`)).join(" || ")
const args = [
  "-r", pcapPath, "-X", `lua_script:${dissector}`, ...ports.flatMap((p) => ["-d", `${transport}.port==${p},${layerName}`]),
  "-Y", values.tcp ? `(${filter}) && tcp.len > 0` : filter, ...(maxFrames === undefined ? [] : ["-c", String(maxFrames)]),
  "-T", "json", "--no-duplicate-keys", "-J", `frame tcp ${layerName}`
]
const tshark = spawn("tshark", args, { stdio: ["ignore", "pipe", "pipe"] })
let tsharkError = ""
tshark.stderr.on("data", (d: Buffer) => (tsharkError += d.toString()))
tshark.on("error", (e) => fail("tshark", "Debian's tshark on the PATH (apt-get install tshark)", e.message))

const c = emptyComparison()
const tcp = new TcpPackets()
// tshark's JSON is one array; each frame is an object opening with "  {" and closing with "  }" or "  },".
let lines: Array<string> | undefined
for await (const line of createInterface({ input: tshark.stdout, crlfDelay: Infinity })) {
  if (lines === undefined) {
    if (line === "  {") lines = [line]
    continue
  }
  lines.push(line)
  if (line !== "  }" && line !== "  },") continue
  const layers = JSON.parse(lines.join("\n").replace(/,$/, ""))._source.layers
  lines = undefined
  const frame = Number(layers.frame["frame.number"])
  const layer = layers[layerName]
  if (layer === undefined) continue
  if (!values.tcp) {
    comparePacket(c, `frame ${frame}`, dissectorFields(layer, prefix), payloads[frame]!)
    continue
  }
  const packets = tcp.push(`${layers.tcp["tcp.stream"]}:${layers.tcp["tcp.srcport"]}`, payloads[frame]!)
  if (typeof packets === "string") {
    c.mismatchCount++
    c.mismatches.push(`frame ${frame}: the twin's framer: ${packets}`)
    continue
  }
  if (packets.length !== 1) c.mismatches.push(`frame ${frame}: ${packets.length} packets in one segment (the dissector reads the first)`)
  if (packets.length > 0) comparePacket(c, `frame ${frame}`, dissectorFields(layer, prefix), packets[0]!, 1500)
}
const code = await new Promise<number | null>((done) => tshark.on("close", done))
if (code !== 0) fail("tshark", "exit 0", `exit ${code}: ${tsharkError.trim().split("\n").slice(-3).join(" / ")}`)

const list = (m: Map<string | number, number>) => [...m].map(([k, n]) => `${k} ${n.toLocaleString("en")}`).join(", ") || "none"
console.log(`${protoName} on ${pcapPath} (${transport} ${ports.join(",")})`)
console.log(`packets ${c.packets.toLocaleString("en")}, messages ${c.messages.toLocaleString("en")}, dissector fields compared ${c.fields.toLocaleString("en")}, disagreements ${c.mismatchCount}`)
console.log(`messages by MsgType: ${list(new Map([...c.byMsgType].sort((a, b) => a[0] - b[0])))}`)
console.log(`dissector fields without the twin's: ${list(c.dissectorOnly)}`)
console.log(`twin fields the dissector did not show: ${list(c.twinOnly)}`)
console.log(`decimals scaled to the twin's integers: ${[...c.scales].map(([k, v]) => `${k} ×10^${[...v].join("/")}`).join(", ") || "none"}`)
for (const m of c.mismatches) console.log(`  ${m}`)
process.exit(c.mismatchCount > 0 ? 1 : 0)
