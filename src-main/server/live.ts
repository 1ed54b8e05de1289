import type { IncomingMessage, ServerResponse } from 'node:http'
import type { EventBus } from '../api/eventBus'
import { sseEvent, writeSse } from './sseStream'

const HEARTBEAT_MS = 15_000

/**
 * `GET /live`: Server-Sent Events carrying every pushed event (`event: <name>`, JSON data).
 * EventSource reconnects by itself; a comment line every 15 s keeps proxies from closing it.
 * A client too far behind is disconnected rather than buffered for without bound (sseStream.ts).
 * `onRevoked` ends the stream when the session that opened it is revoked (its EventSource then
 * reconnects and gets 401).
 */
export function handleLive(request: IncomingMessage, response: ServerResponse, bus: EventBus, onRevoked?: (end: () => void) => () => void): void {
  response.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  })
  response.write(': connected\n\n')
  const unsubscribe = bus.onAny((event, payload) => {
    writeSse(response, sseEvent(event, payload))
  })
  const heartbeat = setInterval(() => writeSse(response, ': heartbeat\n\n'), HEARTBEAT_MS)
  const stopWatchingRevocation = onRevoked?.(() => response.destroy())
  let closed = false
  const close = (): void => {
    if (closed) return
    closed = true
    clearInterval(heartbeat)
    unsubscribe()
    stopWatchingRevocation?.()
  }
  request.on('close', close)
  response.on('close', close)
  response.on('error', close)
}
