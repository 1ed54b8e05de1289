import type { ServerResponse } from 'node:http'

/**
 * How many bytes a Server-Sent Events client may leave unread before we hang up on it. Pushes
 * are produced as fast as the engine changes; a client that cannot keep up (a busy tab, a TV on
 * weak Wi-Fi, a paused debugger) would otherwise make Node buffer every push for it in memory,
 * without bound (a 15,000-worker import with a stalled page open grew the server to 20 GB).
 * Hanging up is safe: EventSource reconnects by itself and the app refetches what it shows after
 * a dropped link (the client's `reconnecting` state), so nothing is lost but stale pushes.
 */
export const SSE_MAX_UNREAD_BYTES = 8 * 1024 * 1024

/**
 * Writes one SSE chunk unless the client is too far behind, in which case the connection is
 * destroyed (its `close` handlers unsubscribe it) and false is returned.
 */
export function writeSse(response: ServerResponse, chunk: string, maxUnreadBytes = SSE_MAX_UNREAD_BYTES): boolean {
  if (response.destroyed) return false
  if (response.writableLength > maxUnreadBytes) {
    response.destroy()
    return false
  }
  response.write(chunk)
  return true
}

/** One pushed event in SSE framing. */
export function sseEvent(event: string, payload: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`
}
