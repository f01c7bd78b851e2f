import { type ChildProcess, spawn, spawnSync } from "node:child_process"
import { createServer, type Server } from "node:net"
import { afterEach, describe, expect, it } from "vitest"
import { LiveClient } from "../serve/support.ts"

const TINY = "test/topology/fixtures/tiny-estate.yaml"

/** Runs the real `twin` entry point as a user would, with this process's Node 22. */
const twin = (...args: ReadonlyArray<string>) => {
  const r = spawnSync(process.execPath, ["twin/bin/twin.ts", ...args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

const children: Array<ChildProcess> = []
const held: Array<Server> = []
afterEach(async () => {
  for (const child of children.splice(0)) child.kill("SIGINT")
  await Promise.all(held.splice(0).map((s) => new Promise((r) => s.close(r))))
})

/** Starts `twin serve …` and resolves with its printed lines once `count` lines are out. */
const serve = (args: ReadonlyArray<string>, count: number): Promise<Array<string>> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["twin/bin/twin.ts", "serve", ...args], { stdio: ["ignore", "pipe", "pipe"] })
    children.push(child)
    let out = ""
    let err = ""
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString()
      const lines = out.split("\n").filter((l) => l !== "")
      if (lines.length >= count) resolve(lines)
    })
    child.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString()))
    child.on("exit", (code) => reject(new Error(`twin serve exited ${code}: ${err}`)))
  })

describe("twin serve", () => {
  it("prints the trainee and instructor URLs of a free port; the instructor URL's token makes an instructor", async () => {
    const lines = await serve(["--estate", TINY, "--from", "09:00", "--to", "09:30", "--port", "0", "--speed", "5", "--token", "cli-token-123"], 3)
    expect(lines[0]).toBe("tiny-estate: trading day, no cutover actions, 09:00–09:30 at 5×")
    const trainee = /^trainee: {4}http:\/\/127\.0\.0\.1:(\d+)\/\?live$/.exec(lines[1]!)
    expect(trainee).not.toBe(null)
    const port = trainee![1]!
    expect(lines[2]).toBe(`instructor: http://127.0.0.1:${port}/?live&token=cli-token-123`)
    const client = await LiveClient.open(`ws://127.0.0.1:${port}/live`)
    client.send({ type: "hello", have: 0, token: "cli-token-123" })
    const welcome = await client.next("welcome")
    expect([welcome.role, welcome.speed, welcome.units]).toEqual(["instructor", 5, ["access-dc1-a", "access-dc1-b"]])
    await client.close()
  })

  it("a port in use, a speed out of range, a bad token and a missing trace are one line each, exit 2", async () => {
    const busy = createServer()
    held.push(busy)
    await new Promise<void>((r) => busy.listen(0, "127.0.0.1", () => r()))
    const port = (busy.address() as { port: number }).port
    expect(twin("serve", "--estate", TINY, "--from", "09:00", "--to", "09:10", "--port", String(port))).toMatchObject({
      code: 2,
      stderr: `--port: expected a free port (--port 0 picks one), got ${port} (in use)\n`
    })
    expect(twin("serve", "--speed", "0.5")).toMatchObject({ code: 2, stderr: "--speed: expected a speed from 1 to 1000, got 0.5\n" })
    expect(twin("serve", "--speed", "2000")).toMatchObject({ code: 2, stderr: "--speed: expected a speed from 1 to 1000, got 2000\n" })
    expect(twin("serve", "--token", "short")).toMatchObject({ code: 2, stderr: '--token: expected at least 8 letters, digits or . _ ~ -, got "short"\n' })
    expect(twin("serve", "--trace", "no/such.ndjson")).toMatchObject({ code: 2, stderr: '--trace: expected a trace file (NDJSON), got "no/such.ndjson"\n' })
  })
})

/** As `serve`, and what it wrote on stderr by then. */
const serveWithErr = (args: ReadonlyArray<string>, count: number): Promise<{ lines: Array<string>; stderr: () => string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["twin/bin/twin.ts", "serve", ...args], { stdio: ["ignore", "pipe", "pipe"] })
    children.push(child)
    let out = ""
    let err = ""
    child.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString()))
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString()
      const lines = out.split("\n").filter((l) => l !== "")
      if (lines.length >= count) resolve({ lines, stderr: () => err })
    })
    child.on("exit", (code) => reject(new Error(`twin serve exited ${code}: ${err}`)))
  })

describe("twin serve: odd --host values and hand-chosen tokens (issue 17, items 9 and 10)", () => {
  it("--host \"\" (which Node would take for every address) is one line, exit 2", () => {
    expect(twin("serve", "--estate", TINY, "--from", "09:00", "--to", "09:10", "--host", "")).toMatchObject({
      code: 2,
      stderr: '--host: expected an address to listen on (default 127.0.0.1; 0.0.0.0 for every address, on purpose), got ""\n'
    })
  })

  it("127.1 and ::ffff:127.0.0.1 are loopback: no warning, and the URLs name the bound address", async () => {
    for (const host of ["127.1", "::ffff:127.0.0.1"]) {
      const { lines, stderr } = await serveWithErr(["--estate", TINY, "--from", "09:00", "--to", "09:10", "--port", "0", "--host", host], 3)
      expect(lines[1]).toMatch(/^trainee: {4}http:\/\/127\.0\.0\.1:\d+\/\?live$/)
      expect(stderr()).not.toContain("warning")
      for (const child of children.splice(0)) child.kill("SIGINT")
    }
  })

  it("a short hand-chosen token gets a warning; the generated one does not", async () => {
    const short = await serveWithErr(["--estate", TINY, "--from", "09:00", "--to", "09:10", "--port", "0", "--token", "guessme1"], 3)
    expect(short.stderr()).toContain("twin serve: warning: --token has 8 characters; a guessable token lets anyone on the network instruct (leave it out for a random one)")
    for (const child of children.splice(0)) child.kill("SIGINT")
    const generated = await serveWithErr(["--estate", TINY, "--from", "09:00", "--to", "09:10", "--port", "0"], 3)
    expect(generated.lines[2]).toMatch(/^instructor: http:\/\/127\.0\.0\.1:\d+\/\?live&token=[0-9a-f]{24}$/)
    expect(generated.stderr()).not.toContain("warning")
  })
})

describe("twin serve --threads (the trading path on a thread of its own)", () => {
  it("2 (with the trading path in two parts) serves the day: events stream and an instructor's control is applied and acknowledged", async () => {
    const lines = await serve(["--estate", TINY, "--from", "09:00", "--to", "09:30", "--port", "0", "--speed", "20", "--token", "cli-token-123", "--threads", "2", "--trading-parts", "2", "--rig", "none"], 3)
    const port = /:(\d+)\/\?live$/.exec(lines[1]!)![1]!
    const client = await LiveClient.open(`ws://127.0.0.1:${port}/live`)
    client.send({ type: "hello", have: 0, token: "cli-token-123" })
    expect((await client.next("welcome")).role).toBe("instructor")
    const first = await client.next("events")
    expect((first.events as ReadonlyArray<{ kind: string }>)[0]!.kind).toBe("trace.start")
    // The trading path in two parts (--trading-parts 2), as the trace says.
    expect((first.events as ReadonlyArray<{ data: { tradingParts?: number } }>)[0]!.data.tradingParts).toBe(2)
    client.send({ type: "inject", fault: { kind: "link-down", link: "ar-dc1-a--new-core-dc1-a" }, token: "cli-token-123", ref: "i" })
    const ack = await client.next("ack", (m) => m.ref === "i")
    expect(ack.detail).toBe("injected link-down live-1 on ar-dc1-a--new-core-dc1-a until ended")
    await client.next("events", (m) => (m.events as ReadonlyArray<{ kind: string }>).some((e) => e.kind === "world.change"))
    await client.close()
  })

  it("anything but 1 or 2, with a scenario, or with --real-sessions: one line, exit 2", () => {
    expect(twin("serve", "--threads", "3")).toMatchObject({ code: 2, stderr: "--threads: expected 1 or 2, got 3\n" })
    expect(twin("serve", "scenarios/library/market-rehearsal.yaml", "--threads", "2")).toMatchObject({
      code: 2,
      stderr: "--threads: expected 1 with a SCENARIO (its checks and phase gates read one world), got 2\n"
    })
    expect(twin("serve", "--threads", "2", "--real-sessions")).toMatchObject({
      code: 2,
      stderr: "--threads: expected 1 with --real-sessions (their stand-ins run in the trading path's thread, the endpoint in this one), got 2\n"
    })
  })

  it("--trading-parts: 1 to 16, and only with --threads 2: one line, exit 2", () => {
    expect(twin("serve", "--threads", "2", "--trading-parts", "0")).toMatchObject({ code: 2, stderr: "--trading-parts: expected a number of parts from 1 to 16, got 0\n" })
    expect(twin("serve", "--threads", "2", "--trading-parts", "17")).toMatchObject({ code: 2, stderr: "--trading-parts: expected a number of parts from 1 to 16, got 17\n" })
    expect(twin("serve", "--trading-parts", "3")).toMatchObject({
      code: 2,
      stderr: "--trading-parts: expected 1 without --threads 2 (the parts share the trading path between the two threads), got 3\n"
    })
  })
})
