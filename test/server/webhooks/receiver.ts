import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Received {
  path: string
  url: string
  headers: IncomingMessage['headers']
  params: Record<string, string>
  at: number
}

export type Responder = (request: Received, response: ServerResponse) => void | Promise<void>

/** A local HTTP server on 127.0.0.1 (port 0) that records every callback it receives. */
export async function startReceiver(responder: Responder = (_request, response) => { response.writeHead(204).end() }): Promise<{
  origin: string
  received: Received[]
  respond: (next: Responder) => void
  waitFor: (predicate: (all: Received[]) => boolean, timeoutMs?: number) => Promise<Received[]>
  close: () => Promise<void>
}> {
  const received: Received[] = []
  let current = responder
  let origin = ''
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')))
      const entry = { path: request.url ?? '/', url: `${origin}${request.url ?? '/'}`, headers: request.headers, params, at: Date.now() }
      received.push(entry)
      void Promise.resolve(current(entry, response)).catch(() => response.destroy())
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    origin,
    received,
    respond: (next) => { current = next },
    waitFor: async (predicate, timeoutMs = 10_000) => {
      const until = Date.now() + timeoutMs
      while (!predicate(received)) {
        if (Date.now() > until) throw new Error(`timed out waiting; received ${received.length}: ${received.map((r) => r.params.EventType ?? r.path).join(', ')}`)
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
      return received
    },
    close: () => new Promise((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}

/** Polls `read` until `predicate` holds. */
export async function eventually<T>(read: () => Promise<T>, predicate: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (predicate(value)) return value
    if (Date.now() > until) throw new Error(`condition not met in time; last value: ${JSON.stringify(value).slice(0, 500)}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
