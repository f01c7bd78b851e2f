/**
 * The OCG-C FIX endpoint with jspurefix (an independent engine) as the broker, on loopback.
 */
import { afterEach, describe, expect, it } from "vitest"
import { seconds } from "../../../twin/engine/time.ts"
import { Broker } from "./support/broker.ts"
import { PASSWORD, startTestOcg, type TestOcg, testKeys, TRADING } from "./support/gateways.ts"

let ocg: TestOcg | undefined
const brokers: Array<Broker> = []
afterEach(async () => {
  for (const b of brokers.splice(0)) b.stop()
  await ocg?.close()
  ocg = undefined
})

const broker = (port: number, compId = TRADING, password = PASSWORD): Broker => {
  const b = new Broker({ port, compId, password, publicKey: testKeys().publicKey, storeDir: ocg!.storeDir })
  brokers.push(b)
  void b.start()
  return b
}

const order = (clOrdId: string) => ({
  ClOrdID: clOrdId,
  Side: "1",
  TransactTime: new Date(),
  OrdType: "2",
  Price: 100.5,
  OrderQtyData: { OrderQty: 1000 },
  Instrument: { SecurityID: "700", SecurityIDSource: "8" }
})

describe("OCG-C FIX endpoint with jspurefix as the broker", () => {
  it("logs on with HeartBtInt 20 and the encrypted password, and answers an order with an Execution Report", async () => {
    ocg = await startTestOcg()
    const b = broker(ocg.ports["gw-a"]!)
    await b.waitFor("logon", () => b.ready)
    const logon = b.of("A")[0]!
    // The gateway's Logon: its first message of the day (34=1), HeartBtInt 20, expecting the client's 2 next.
    expect([logon.tags.get(34), logon.tags.get(108), logon.tags.get(789), logon.tags.get(1137)]).toEqual(["1", "20", "2", "9"])
    b.send("D", order("1"))
    await b.waitFor("execution report new", () => b.of("8").length === 1)
    const er = b.of("8")[0]!
    // ExecType 0 (new), OrdStatus 0, ExecID 1 (the day's first), LeavesQty 1000, gateway sequence 2.
    expect([er.tags.get(11), er.tags.get(150), er.tags.get(39), er.tags.get(17), er.tags.get(151), er.tags.get(34)]).toEqual(["1", "0", "0", "1", "1000", "2"])
    ocg.advance(seconds(30))
    await b.waitFor("fill", () => b.of("8").length === 2)
    const fill = b.of("8")[1]!
    // FILL_DELAY 30 s (rules.ts): ExecType F, OrdStatus 2, CumQty 1000, ExecID 2, sequence 3.
    expect([fill.tags.get(150), fill.tags.get(39), fill.tags.get(14), fill.tags.get(17), fill.tags.get(34)]).toEqual(["F", "2", "1000", "2", "3"])
  }, 60000)
})
