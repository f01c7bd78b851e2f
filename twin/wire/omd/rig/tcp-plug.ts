/**
 * A TCP port that does not answer: what a firewall dropping the SYN looks like to a client — `connect`
 * hangs until the client's own timeout, no RST, no accept-then-close.
 *
 * HOW, on loopback and without privileges: a listening socket whose accept queue is full makes the kernel
 * drop new SYNs (Linux, tcp_abort_on_overflow = 0, the default; the client retransmits its SYN and times
 * out). A Node process always accepts, so the listener lives in a child Node process that blocks its own
 * event loop right after listen (Atomics.wait: it never accepts), with a backlog of 1; the queue then holds
 * backlog + 1 = 2 connections, and we fill it with two of our own ("plugs"). Every later connect to that
 * address and port gets no answer. `release` kills the child (its socket closes) so the port can be
 * listened on again.
 *
 * Without a gap: the child listens with SO_REUSEPORT (`reusePort`), beside a real listener that does too
 * (gated-listener.ts); Linux spreads new connections over a port's sockets and one closing leaves the
 * others serving, so a connect is never refused in between. `handOver` runs once the child listens and
 * before the plugs connect (they would land on the real listener): the place to close it. The other way,
 * the real listener binds before `release`.
 */
import { type ChildProcess, spawn } from "node:child_process"
import net from "node:net"

const CHILD = `const s=require("node:net").createServer();s.on("error",(e)=>{process.stderr.write(String(e.message));process.exit(3)});` +
  `s.listen({host:process.argv[1],port:Number(process.argv[2]),backlog:1,exclusive:true,reusePort:true},()=>{require("node:fs").writeSync(1,"ready\\n");Atomics.wait(new Int32Array(new SharedArrayBuffer(4)),0,0)})`

export interface TcpPlug {
  readonly release: () => Promise<void>
}

/** Holds `host:port` unanswering until released; a listener on it must use `reusePort` and close in `handOver`. */
export const plugPort = (host: string, port: number, handOver: () => void | Promise<void> = () => undefined, timeoutMs = 10_000): Promise<TcpPlug> =>
  new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, ["-e", CHILD, host, String(port)], { stdio: ["ignore", "pipe", "pipe"] })
    const plugs: Array<net.Socket> = []
    let exited = false
    const exit = new Promise<void>((done) => child.once("exit", () => { exited = true; done() }))
    const release = async () => {
      for (const s of plugs) s.destroy()
      if (!exited) child.kill("SIGKILL")
      await exit
    }
    const fail = (why: string) => {
      clearTimeout(timer)
      void release().then(() => reject(new Error(`tcp plug on ${host}:${port}: ${why}`)))
    }
    const timer = setTimeout(() => fail(`not ready within ${timeoutMs} ms`), timeoutMs)
    let stderr = ""
    child.stderr!.on("data", (d: Buffer) => { stderr += d.toString() })
    child.once("exit", (code) => { if (plugs.length < 2) fail(`child exited (${code}) ${stderr}`) })
    child.stdout!.once("data", async () => {
      await handOver()
      let connected = 0
      for (let i = 0; i < 2; i++) {
        const s = net.connect({ host, port })
        s.on("error", () => undefined)
        s.once("connect", () => {
          if (++connected === 2) {
            clearTimeout(timer)
            resolve({ release })
          }
        })
        plugs.push(s)
      }
    })
  })
