import { describe, expect, it, vi } from 'vitest'
import { ApiCallError, call, installTransport, onResync, pickTransport, subscribe } from '@renderer/app/api'
import { createFakeTransport, fail } from '../../fakes/fakeTransport'

describe('API client', () => {
  it('call returns the typed data of an ok answer', async () => {
    installTransport(createFakeTransport({ 'system.info': () => ({ name: 'Routedesk', version: '1', mode: 'headless', data_dir: '/d' }) }))
    await expect(call('system.info', {})).resolves.toMatchObject({ name: 'Routedesk', mode: 'headless' })
  })

  it('call throws ApiCallError carrying the ApiError of a failed answer', async () => {
    installTransport(createFakeTransport({ 'workspaces.create': () => { throw fail({ message: 'taken', param: 'friendly_name' }) } }))
    const error = await call('workspaces.create', { friendly_name: 'A' }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ApiCallError)
    expect(error).toMatchObject({ message: 'taken', param: 'friendly_name', code: 20001, method: 'workspaces.create' })
  })

  it('subscribe delivers pushed payloads until unsubscribed', () => {
    const transport = createFakeTransport()
    installTransport(transport)
    const listener = vi.fn()
    const stop = subscribe('app.health', listener)
    transport.emit('app.health', { store: 'read-only', message: 'disk full' })
    stop()
    transport.emit('app.health', { store: 'ok', message: null })
    expect(listener).toHaveBeenCalledExactlyOnceWith({ store: 'read-only', message: 'disk full' })
  })

  it('onResync fires only when the link comes back after a drop', () => {
    const transport = createFakeTransport()
    installTransport(transport)
    const listener = vi.fn()
    onResync(listener)
    transport.setState('connected')
    expect(listener).not.toHaveBeenCalled()
    transport.setState('reconnecting')
    transport.setState('connected')
    expect(listener).toHaveBeenCalledOnce()
  })

  it.each([
    { case: 'with the preload bridge: IPC', win: { routedesk: { invoke: vi.fn(), on: vi.fn() } }, kind: 'ipc' },
    { case: 'without it: HTTP', win: {}, kind: 'http' },
  ])('pickTransport $case', ({ win, kind }) => {
    expect(pickTransport(win).kind).toBe(kind)
  })

  it('the IPC transport passes calls and subscriptions to the bridge and is always connected', async () => {
    const unsubscribe = vi.fn()
    const bridge = { invoke: vi.fn(async () => ({ ok: true as const, data: 42 })), on: vi.fn(() => unsubscribe) }
    const transport = pickTransport({ routedesk: bridge })
    await expect(transport.invoke('workspaces.list', {})).resolves.toEqual({ ok: true, data: 42 })
    expect(bridge.invoke).toHaveBeenCalledWith('workspaces.list', {})
    const listener = vi.fn()
    expect(transport.on('app.changed', listener)).toBe(unsubscribe)
    const states: string[] = []
    transport.onConnection((state) => states.push(state))
    expect(states).toEqual(['connected'])
  })
})
