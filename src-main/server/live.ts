import type { IncomingMessage, ServerResponse } from 'node:http'
import type { EventBus } from '../api/eventBus'

const HEARTBEAT_MS = 15_000

/**
 * `GET /live`: Server-Sent Events carrying every pushed event (`event: <name>`, JSON data).
 * EventSource reconnects by itself; a comment line every 15 s keeps proxies from closing it.
 */
export function handleLive(request: IncomingMessage, response: ServerResponse, bus: EventBus): void {
  response.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  })
  response.write(': connected\n\n')
  const unsubscribe = bus.onAny((event, payload) => {
    response.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`)
  })
  const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), HEARTBEAT_MS)
  const close = (): void => {
    clearInterval(heartbeat)
    unsubscribe()
  }
  request.on('close', close)
  response.on('error', close)
}
