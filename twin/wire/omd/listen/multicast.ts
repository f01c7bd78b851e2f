/**
 * Joining one multicast group on an interface (loopback by default): a UDP socket bound to the group's
 * port with SO_REUSEADDR (several listeners, or tcpdump, may share it) and a membership on the interface.
 * The socket is bound to the group address itself, so on Linux it receives that group's datagrams only,
 * not another group's that happens to use the same port.
 */
import * as dgram from "node:dgram"

export interface MulticastEndpoint {
  readonly address: string
  readonly port: number
}

const RECEIVE_BUFFER_BYTES = 8 * 1024 * 1024

export type OnDatagram = (payload: Buffer, source: dgram.RemoteInfo) => void

export const joinGroup = (endpoint: MulticastEndpoint, networkInterface: string, onDatagram: OnDatagram): Promise<dgram.Socket> =>
  new Promise((resolve, reject) => {
    const socket = dgram.createSocket({ type: "udp4", reuseAddr: true })
    socket.once("error", reject)
    socket.on("message", onDatagram)
    socket.bind({ port: endpoint.port, address: endpoint.address, exclusive: false }, () => {
      try {
        socket.addMembership(endpoint.address, networkInterface)
      } catch (error) {
        socket.close()
        return reject(error)
      }
      try {
        // A burst while the process is busy waits in the kernel instead of being dropped (Linux caps the
        // size at net.core.rmem_max; the default, ~200 KB, holds well under a second of a busy line).
        socket.setRecvBufferSize(RECEIVE_BUFFER_BYTES)
      } catch {
        // the system refused the size: keep its default
      }
      socket.off("error", reject)
      socket.on("error", () => undefined) // a receive error on a datagram socket is not fatal to the listener
      resolve(socket)
    })
  })

export const closeSocket = (socket: dgram.Socket): Promise<void> =>
  new Promise((resolve) => {
    try {
      socket.close(() => resolve())
    } catch {
      resolve() // already closed
    }
  })
