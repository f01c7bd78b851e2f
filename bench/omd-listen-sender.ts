/**
 * The sender half of `npm run bench -- omd-listen` (a child process, so it has its own core): sends a
 * Sequence Reset, then `rate` messages per second for `seconds` on both lines (the same packets to group A
 * and group B), Add Order / Delete Order pairs packed 45 or 72 to a packet, paced every 5 ms; reports the
 * messages sent on its IPC channel.
 */
import dgram from "node:dgram"
import { encodePacket, packMessages, type OmdMessage } from "../twin/wire/omd/index.ts"

const [groupA, portA, groupB, portB, rate, seconds] = process.argv.slice(2)
const lines = [[groupA!, Number(portA)], [groupB!, Number(portB)]] as const
const perSecond = Number(rate)
const total = perSecond * Number(seconds)

const messageAt = (seq: number): OmdMessage =>
  seq % 2 === 1
    ? { msgType: 30, securityCode: 1 + (seq % 500), orderId: BigInt(seq), price: 10_000, quantity: 100, side: 0, orderType: "2", orderBookPosition: 0 }
    : { msgType: 32, securityCode: 1 + ((seq - 1) % 500), orderId: BigInt(seq - 1), side: 0 }

const socket = dgram.createSocket("udp4")
socket.bind(0, "127.0.0.1", () => {
  socket.setMulticastInterface("127.0.0.1")
  socket.setSendBufferSize(8 * 1024 * 1024)
  const send = (bytes: Uint8Array) => {
    for (const [group, port] of lines) socket.send(bytes, port, group)
  }
  send(encodePacket(1, 0n, [{ msgType: 100, newSeqNo: 1 }]))
  const started = Date.now()
  let next = 1
  const tick = () => {
    const due = Math.min(total, Math.floor(((Date.now() - started) / 1000) * perSecond))
    if (due >= next) {
      const batch: Array<OmdMessage> = []
      for (let seq = next; seq <= due; seq++) batch.push(messageAt(seq))
      for (const p of packMessages(next, 0n, batch)) send(p.bytes)
      next = due + 1
    }
    if (next > total) {
      setTimeout(() => {
        process.send?.({ sent: total })
        socket.close()
      }, 200)
    } else setTimeout(tick, 5)
  }
  setTimeout(tick, 5)
})
