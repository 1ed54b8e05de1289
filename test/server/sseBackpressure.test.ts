import { createServer, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { EventBus } from '../../src-main/api/eventBus'
import { handleLive } from '../../src-main/server/live'
import { SSE_MAX_UNREAD_BYTES } from '../../src-main/server/sseStream'

/**
 * A live client that stops reading must not make the server buffer pushes for it without bound:
 * past SSE_MAX_UNREAD_BYTES it is disconnected (EventSource reconnects and the app resyncs).
 */
describe('live event stream backpressure', () => {
  let server: Server | null = null
  afterEach(() => new Promise<void>((resolve) => {
    if (!server) return resolve()
    server.closeAllConnections()
    server.close(() => resolve())
  }))

  async function liveServer(bus: EventBus): Promise<number> {
    server = createServer((req, res) => handleLive(req, res, bus))
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
    return (server.address() as AddressInfo).port
  }

  function connect(port: number, read: boolean): Promise<{ received: () => number; closed: Promise<void> }> {
    return new Promise((resolve) => {
      let received = 0
      let onClosed: () => void = () => undefined
      const closed = new Promise<void>((done) => (onClosed = done))
      const req = httpRequest({ host: '127.0.0.1', port, path: '/live' }, (res) => {
        res.on('data', (chunk: Buffer) => (received += chunk.length))
        // A paused response never ends; the socket closing is what the client sees.
        res.socket.on('close', onClosed)
        // A stalled client: stop reading after the first chunk.
        if (!read) res.once('data', () => res.pause())
        resolve({ received: () => received, closed })
      })
      req.on('error', onClosed)
      req.end()
    })
  }

  const bigChange = { workspace_sid: 'WS' + 'a'.repeat(32), changes: Array.from({ length: 2000 }, (_, i) => ({ kind: 'worker' as const, sid: 'WK' + String(i).padStart(32, '0'), op: 'put' as const })) }

  it('disconnects a client that stops reading, and unsubscribes it from the bus', async () => {
    const bus = new EventBus()
    const port = await liveServer(bus)
    const client = await connect(port, false)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(bus.watched()).toBe(true)
    // ~100 KB per push; 400 pushes is ~40 MB, far past the 8 MB allowance.
    for (let i = 0; i < 400; i++) {
      bus.emit('app.changed', bigChange)
      await new Promise((resolve) => setImmediate(resolve))
    }
    // The server hung up (its side unsubscribed); the stalled client notices when it reads again.
    expect(bus.watched()).toBe(false)
    expect(client.received()).toBeLessThan(SSE_MAX_UNREAD_BYTES)
  })

  it('keeps a client that reads along connected', async () => {
    const bus = new EventBus()
    const port = await liveServer(bus)
    const client = await connect(port, true)
    await new Promise((resolve) => setTimeout(resolve, 50))
    for (let i = 0; i < 200; i++) {
      bus.emit('app.changed', bigChange)
      await new Promise((resolve) => setTimeout(resolve, 1))
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(bus.watched()).toBe(true)
    expect(client.received()).toBeGreaterThan(150 * 100_000)
  })
})
