import { describe, expect, it, vi } from 'vitest'
import { createHttpTransport } from '@renderer/app/api/httpTransport'
import type { EventSourceLike } from '@renderer/app/api/httpTransport'
import type { ConnectionState } from '@renderer/app/api'

class FakeEventSource implements EventSourceLike {
  readyState = 0
  onopen: ((event: Event) => unknown) | null = null
  onerror: ((event: Event) => unknown) | null = null
  closed = false
  private readonly listeners = new Map<string, Array<(event: MessageEvent) => void>>()
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (event: MessageEvent) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener])
  }
  close(): void {
    this.closed = true
    this.readyState = 2
  }
  open(): void {
    this.readyState = 1
    this.onopen?.(new Event('open'))
  }
  fail(readyState: 0 | 2): void {
    this.readyState = readyState
    this.onerror?.(new Event('error'))
  }
  push(type: string, data: string): void {
    for (const listener of this.listeners.get(type) ?? []) listener(new MessageEvent(type, { data }))
  }
}

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}

function setup(answer: (url: string) => Response | Promise<Response> = () => jsonResponse(200, { ok: true, data: [] })) {
  const sources: FakeEventSource[] = []
  const timers: Array<{ callback: () => void; ms: number }> = []
  const fetchMock = vi.fn(async (url: RequestInfo | URL, _init?: RequestInit) => answer(String(url)))
  const transport = createHttpTransport({
    fetch: fetchMock as unknown as typeof fetch,
    openEventSource: (url) => {
      const source = new FakeEventSource(url)
      sources.push(source)
      return source
    },
    retryDelaysMs: [10, 20],
    setTimer: (callback, ms) => timers.push({ callback, ms }),
    clearTimer: () => {},
  })
  const states: ConnectionState[] = []
  return { transport, fetchMock, sources, timers, states }
}

describe('HTTP transport: calls', () => {
  it('POSTs the input as JSON to /rpc/<method> and returns the Result', async () => {
    const { transport, fetchMock } = setup(() => jsonResponse(200, { ok: true, data: [{ sid: 'WS1' }] }))
    const result = await transport.invoke('workspaces.list', { friendly_name: 'Support' })
    expect(result).toEqual({ ok: true, data: [{ sid: 'WS1' }] })
    const [url, init] = fetchMock.mock.calls[0]!
    expect(url).toBe('/rpc/workspaces.list')
    expect(init?.method).toBe('POST')
    expect(JSON.parse(String(init?.body))).toEqual({ friendly_name: 'Support' })
    expect(new Headers(init?.headers).get('content-type')).toBe('application/json')
  })

  it.each([
    {
      case: 'an API error keeps its code, status and param',
      respond: () => jsonResponse(400, { ok: false, error: { code: 20001, status: 400, message: 'taken', param: 'friendly_name' } }),
      expected: { code: 20001, status: 400, message: 'taken', param: 'friendly_name' },
    },
    {
      case: 'an error body without status gets the HTTP status',
      respond: () => jsonResponse(404, { ok: false, error: { code: 20404, message: 'nope' } }),
      expected: { code: 20404, status: 404, message: 'nope' },
    },
    {
      case: 'a non-JSON answer becomes an internal error with the HTTP status',
      respond: () => new Response('<html>Bad gateway</html>', { status: 502 }),
      expected: { code: 20500, status: 502 },
    },
    {
      case: 'a network failure becomes an internal error with status 0',
      respond: () => Promise.reject(new TypeError('Failed to fetch')),
      expected: { code: 20500, status: 0 },
    },
  ])('$case', async ({ respond, expected }) => {
    const { transport } = setup(respond)
    const result = await transport.invoke('workspaces.get', { sid: 'WS1' })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error).toMatchObject(expected)
  })

  it('a 401 answer means signed out: state changes and the live stream closes for good', async () => {
    const { transport, sources, states, timers } = setup(() => jsonResponse(401, { ok: false, error: { code: 20003, status: 401, message: 'no cookie' } }))
    transport.onConnection((state) => states.push(state))
    sources[0]!.open()
    const result = await transport.invoke('workspaces.list', {})
    expect(result).toMatchObject({ ok: false, error: { code: 20003 } })
    expect(states).toEqual(['connecting', 'connected', 'signed-out'])
    expect(sources[0]!.closed).toBe(true)
    expect(timers).toHaveLength(0)
  })
})

describe('HTTP transport: live events', () => {
  it('opens /live once, reports connected, and hands parsed payloads to subscribers', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { transport, sources, states } = setup()
    const changed = vi.fn()
    const health = vi.fn()
    transport.onConnection((state) => states.push(state))
    transport.on('app.changed', changed)
    transport.on('app.health', health)
    expect(sources.map((source) => source.url)).toEqual(['/live'])
    sources[0]!.open()
    sources[0]!.push('app.changed', JSON.stringify({ workspace_sid: null, changes: [] }))
    sources[0]!.push('app.changed', '{not json')
    expect(changed).toHaveBeenCalledExactlyOnceWith({ workspace_sid: null, changes: [] })
    expect(health).not.toHaveBeenCalled()
    expect(states).toEqual(['connecting', 'connected'])
    expect(warn).toHaveBeenCalledOnce()
    warn.mockRestore()
  })

  it('an unsubscribed listener hears nothing more', () => {
    const { transport, sources } = setup()
    const listener = vi.fn()
    const stop = transport.on('app.event', listener)
    stop()
    sources[0]!.push('app.event', '{}')
    expect(listener).not.toHaveBeenCalled()
  })

  it('while the browser retries by itself, the state is reconnecting, then connected again', () => {
    const { transport, sources, states } = setup()
    transport.onConnection((state) => states.push(state))
    sources[0]!.open()
    sources[0]!.fail(0)
    sources[0]!.open()
    expect(states).toEqual(['connecting', 'connected', 'reconnecting', 'connected'])
    expect(sources).toHaveLength(1)
  })

  it('when the browser gives up, it probes /rpc and reopens the stream after a delay', async () => {
    const { transport, sources, states, timers, fetchMock } = setup(() => jsonResponse(200, { ok: true, data: {} }))
    const listener = vi.fn()
    transport.onConnection((state) => states.push(state))
    transport.on('app.changed', listener)
    sources[0]!.open()
    sources[0]!.fail(2)
    await vi.waitFor(() => expect(timers).toHaveLength(1))
    expect(fetchMock.mock.calls[0]![0]).toBe('/rpc/system.info')
    expect(timers[0]!.ms).toBe(10)
    timers[0]!.callback()
    expect(sources).toHaveLength(2)
    sources[1]!.open()
    sources[1]!.push('app.changed', '{"workspace_sid":null,"changes":[]}')
    expect(listener).toHaveBeenCalledOnce()
    expect(states).toEqual(['connecting', 'connected', 'reconnecting', 'connected'])
  })

  it('when the browser gives up because the cookie is gone, it signs out and stops retrying', async () => {
    const { transport, sources, states, timers } = setup(() => jsonResponse(401, { ok: false, error: { code: 20003, status: 401, message: 'signed out' } }))
    transport.onConnection((state) => states.push(state))
    sources[0]!.fail(2)
    await vi.waitFor(() => expect(states.at(-1)).toBe('signed-out'))
    expect(timers).toHaveLength(0)
    expect(sources).toHaveLength(1)
  })
})
