import { describe, expect, it, vi } from 'vitest'
import { createInvokeHandler, isAppUrl } from '../../src-main/desktop/invokeHandler'
import { createBridge, type IpcRendererLike } from '../../src-preload/bridge'
import { ipcChannels } from '../../src-main/contract/names'
import type { Dispatch } from '../../src-main/api/dispatch'

const appFrame = 'file:///opt/Routedesk/resources/app.asar/out/renderer/index.html#/workspaces'

describe('isAppUrl: which pages may talk to the main process', () => {
  it.each([
    [appFrame, undefined, true],
    ['file:///opt/Routedesk/out/renderer/index.html', undefined, true],
    ['file:///home/eve/evil.html', undefined, false],
    ['https://example.com/renderer/index.html', undefined, false],
    ['http://localhost:5173/#/workers', 'http://localhost:5173', true],
    ['http://localhost:5174/', 'http://localhost:5173', false],
    ['not a url', 'http://localhost:5173', false],
  ])('%s (dev server %s) -> %s', (url, devUrl, expected) => {
    expect(isAppUrl(url, devUrl)).toBe(expected)
  })
})

describe('the main-process invoke handler', () => {
  const ourContents = { id: 1 }
  const dispatch = vi.fn(async () => ({ ok: true as const, data: [] })) as unknown as Dispatch & ReturnType<typeof vi.fn>
  const handler = createInvokeHandler({ webContents: ourContents, dispatch, devUrl: undefined })

  it('dispatches an allowlisted method from our window', async () => {
    expect(await handler({ sender: ourContents, senderFrame: { url: appFrame } }, 'workspaces.list', {})).toEqual({ ok: true, data: [] })
    expect(dispatch).toHaveBeenCalledWith('workspaces.list', {})
  })

  it.each([
    ['another web contents', { sender: { id: 2 }, senderFrame: { url: appFrame } }, 'workspaces.list', 20003],
    ['a foreign page in our window', { sender: ourContents, senderFrame: { url: 'https://evil.example/' } }, 'workspaces.list', 20003],
    ['a missing frame', { sender: ourContents, senderFrame: null }, 'workspaces.list', 20003],
    ['a method outside the allowlist', { sender: ourContents, senderFrame: { url: appFrame } }, 'store.dropEverything', 20404],
    ['a non-string method', { sender: ourContents, senderFrame: { url: appFrame } }, { toString: (): string => 'x' }, 20404],
  ])('refuses %s without dispatching', async (_label, event, method, code) => {
    dispatch.mockClear()
    const result = await handler(event, method, {})
    expect(result).toMatchObject({ ok: false, error: { code } })
    expect(dispatch).not.toHaveBeenCalled()
  })
})

describe('the preload bridge', () => {
  function fakeIpc() {
    const listeners = new Set<(event: unknown, ...args: unknown[]) => void>()
    const ipc: IpcRendererLike = {
      invoke: vi.fn(async () => ({ ok: true, data: 1 })),
      on: (_channel, listener) => listeners.add(listener),
      removeListener: (_channel, listener) => listeners.delete(listener),
    }
    return { ipc, emit: (name: string, payload: unknown) => listeners.forEach((l) => l({}, name, payload)), listeners }
  }

  it('forwards allowlisted methods on the invoke channel', async () => {
    const { ipc } = fakeIpc()
    await createBridge(ipc).invoke('workers.list', { workspace_sid: 'WS1' })
    expect(ipc.invoke).toHaveBeenCalledWith(ipcChannels.invoke, 'workers.list', { workspace_sid: 'WS1' })
  })

  it('rejects methods outside the allowlist before anything crosses IPC', async () => {
    const { ipc } = fakeIpc()
    await expect(createBridge(ipc).invoke('shell.openExternal', 'file:///etc')).rejects.toThrow(/Unknown method/)
    expect(ipc.invoke).not.toHaveBeenCalled()
  })

  it('delivers only the subscribed event, and unsubscribes', () => {
    const { ipc, emit, listeners } = fakeIpc()
    const received: unknown[] = []
    const off = createBridge(ipc).on('app.changed', (payload) => received.push(payload))
    emit('app.health', { store: 'ok' })
    emit('app.changed', { workspace_sid: null, changes: [] })
    expect(received).toEqual([{ workspace_sid: null, changes: [] }])
    off()
    expect(listeners.size).toBe(0)
  })

  it('refuses unknown event names', () => {
    expect(() => createBridge(fakeIpc().ipc).on('ipc.raw', () => {})).toThrow(/Unknown event/)
  })
})
