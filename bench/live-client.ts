/**
 * The viewer's side of `npm run bench -- live`, in a process of its own (as the browser is): connects to the
 * live server given as argv[2], says `hello`, reads every frame (JSON-parsed, as the viewer does) and, asked
 * over IPC, answers how many trace events it holds.
 */
import WebSocket from "ws"

const socket = new WebSocket(process.argv[2]!)
let events = 0
socket.on("message", (data) => {
  const message = JSON.parse(data.toString()) as { type?: string; events?: ReadonlyArray<unknown> }
  if (message.type === "events" && message.events !== undefined) events += message.events.length
})
socket.once("open", () => {
  socket.send(JSON.stringify({ type: "hello", have: 0 }))
  process.send?.({ ready: true })
})
socket.once("error", (e) => {
  process.send?.({ error: e.message })
})
process.on("message", (m: { count?: boolean; quit?: boolean }) => {
  if (m.count === true) process.send?.({ events })
  if (m.quit === true) {
    socket.close()
    process.disconnect()
  }
})
