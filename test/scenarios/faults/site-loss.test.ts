import { describe, expect, it } from "vitest"
import { parseClock } from "../../../twin/engine/time.ts"
import { ecpWiring } from "../../../twin/simulate/wire-ecp.ts"
import { ocgWiring } from "../../../twin/simulate/wire-ocg.ts"
import { defaultEstate, fault, issuesOf, run } from "./support.ts"

const model = defaultEstate()
const at = (clock: string) => parseClock(clock)!
const dc1 = model.nodes.filter((n) => n.site === "dc1").map((n) => n.id)

describe("site-loss on the default estate", () => {
  it("dc1 lost 09:00:20–09:01:20: every dc1 node down and up as one change, DR declared 30 s in opens the backup Lookup Service and SFTP servers", () => {
    const r = run(model, { from: at("09:00"), to: at("09:01:30") }, [
      ocgWiring,
      ecpWiring,
      fault("site-loss", { site: "dc1", drAfter: "30s" }, at("09:00:20"), at("09:01:20"), model)
    ])
    const changes = r.changes()
    const nodes = (t: number, down: boolean) => changes.filter(([ct, , d]) => ct === t && (d as { what: string; down: boolean }).what === "node" && (d as { down: boolean }).down === down).map(([, n]) => n)
    expect(dc1.length).toBe(38)
    expect(nodes(at("09:00:20"), true)).toEqual(dc1)
    expect(nodes(at("09:01:20"), false)).toEqual(dc1)
    expect(changes.filter(([, , d]) => (d as { what: string }).what === "dr-failover")).toEqual([[at("09:00:50"), "hkex", { what: "dr-failover", on: true }]])
    // One convergence for the whole site (each change recorded at it).
    expect(new Set(r.trace.ofKind("world.converged").map((e) => e.t))).toEqual(new Set([at("09:00:21"), at("09:00:51"), at("09:01:21")]))
    // The machines of dc1 crash; the backup site's endpoints open at the DR declaration. The backup OTP-C
    // host takes over then (the primary host is down), so the primary site's endpoints close: they come
    // back closed, never handing out gateways whose host has retired.
    expect(r.trace.ofKind("ocg.lookup").map((e) => [e.t, e.subject, e.data.event])).toEqual([
      [at("09:00:20"), "ls-dc1-primary", "crashed"],
      [at("09:00:20"), "ls-dc1-mirror", "crashed"],
      [at("09:00:50"), "ls-dc2-primary", "opened"],
      [at("09:00:50"), "ls-dc2-mirror", "opened"],
      [at("09:00:50"), "ls-dc1-primary", "closed"],
      [at("09:00:50"), "ls-dc1-mirror", "closed"],
      [at("09:01:20"), "ls-dc1-primary", "restarted"],
      [at("09:01:20"), "ls-dc1-mirror", "restarted"]
    ])
    expect(r.trace.ofKind("ecp.server").map((e) => [e.t, e.subject, e.data.event])).toEqual([
      [at("09:00:20"), "ecp-sftp-dc1-1", "crashed"],
      [at("09:00:20"), "ecp-sftp-dc1-2", "crashed"],
      [at("09:00:50"), "ecp-sftp-dc2-1", "opened"],
      [at("09:00:50"), "ecp-sftp-dc2-2", "opened"],
      [at("09:01:20"), "ecp-sftp-dc1-1", "restarted"],
      [at("09:01:20"), "ecp-sftp-dc1-2", "restarted"]
    ])
  })

  it("after DR a session logged on at the backup site is judged against the gateways it can use there", () => {
    // P0001: two circuits, both sessions on dc1 gateways (ocg-dc1-05/02, -06/07). dc1 is lost at 09:00:20 for
    // good, DR at 09:00:50; the sessions log on to the backup pairs the backup Lookup Service hands out.
    const r = run(model, { from: at("09:00"), to: at("09:12") }, [ocgWiring, fault("site-loss", { site: "dc1", drAfter: "30s" }, at("09:00:20"), at("10:00"), model)])
    const otpc = r.trace.ofKind("health").filter((e) => e.subject === "P0001" && e.data.service === "otp-c").map((e) => [e.data.status, e.data.cause])
    expect(otpc[0]).toEqual(["served", ""])
    expect(otpc.some(([status]) => status === "down")).toBe(true)
    // Served again, with redundancy: both backup gateways of each session reachable over both circuits.
    // (It was left served without redundancy, "0 of 2 members reachable" for ever: the lost site's gateways.)
    expect(otpc.at(-1)).toEqual(["served", ""])
    const logons = r.trace.ofKind("ocg.session").filter((e) => e.subject.startsWith("P0001") && e.data.event === "logon")
    expect(logons.length).toBeGreaterThan(0)
  })

  it("DR only for the primary data centre; the site must exist", () => {
    expect(issuesOf("site-loss", { site: "dc2", dr: true }, model)).toEqual([
      { path: "dr", expected: "DR failover only for the primary data centre's loss", got: 'true for secondary-dc "dc2"' }
    ])
    expect(issuesOf("site-loss", { site: "P0001" }, model)).toEqual([
      { path: "site", expected: "a data-centre or carrier site id of the estate", got: '"P0001"' }
    ])
    expect(issuesOf("site-loss", { site: "carrier-a" }, model)).toEqual([])
  })
})
