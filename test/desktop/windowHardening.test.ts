import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'

/**
 * Issue 11, Electron hardening, checked without an Electron binary: `electron` is replaced by
 * a recorder, and createMainWindow must ask for the locked-down window and install handlers
 * that block navigation, new windows and permission requests.
 */

const recorded = vi.hoisted(() => ({
  options: undefined as Record<string, unknown> | undefined,
  webContentsHandlers: new Map<string, (...args: unknown[]) => void>(),
  windowOpenHandler: undefined as ((details: { url: string }) => { action: string }) | undefined,
  permissionRequest: undefined as ((webContents: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined,
  permissionCheck: undefined as ((...args: unknown[]) => boolean) | undefined,
  openedExternally: [] as string[],
  loaded: [] as string[],
}))

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = {
      on: (event: string, handler: (...args: unknown[]) => void) => recorded.webContentsHandlers.set(event, handler),
      setWindowOpenHandler: (handler: typeof recorded.windowOpenHandler) => (recorded.windowOpenHandler = handler),
    }
    constructor(options: Record<string, unknown>) {
      recorded.options = options
    }
    once(): void {}
    loadFile(path: string): Promise<void> {
      recorded.loaded.push(path)
      return Promise.resolve()
    }
    loadURL(url: string): Promise<void> {
      recorded.loaded.push(url)
      return Promise.resolve()
    }
  }
  return {
    BrowserWindow,
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: typeof recorded.permissionRequest) => (recorded.permissionRequest = handler),
        setPermissionCheckHandler: (handler: typeof recorded.permissionCheck) => (recorded.permissionCheck = handler),
      },
    },
    shell: { openExternal: (url: string) => recorded.openedExternally.push(url) },
  }
})

const { createMainWindow } = await import('../../src-main/desktop/window')

describe('the Electron window is locked down', () => {
  beforeEach(() => {
    Reflect.deleteProperty(process.env, 'ELECTRON_RENDERER_URL')
    recorded.openedExternally.length = 0
    createMainWindow('/app/out/main')
  })

  it('asks for context isolation, the sandbox, no Node integration and web security', () => {
    expect(recorded.options?.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      preload: join('/app/out/main', '../preload/index.cjs'),
    })
    expect(recorded.loaded.at(-1)).toBe(join('/app/out/main', '../renderer/index.html'))
  })

  it.each([
    ['https://evil.example/', true],
    ['http://127.0.0.1:9999/', true],
    ['file:///etc/passwd', true],
    ['file:///app/out/renderer/index.html#/workspaces', false],
  ])('navigation to %s is blocked: %s', (url, blocked) => {
    const event = { preventDefault: vi.fn() }
    recorded.webContentsHandlers.get('will-navigate')!(event, url)
    expect(event.preventDefault).toHaveBeenCalledTimes(blocked ? 1 : 0)
  })

  it('denies every new window; https links go to the system browser, anything else nowhere', () => {
    expect(recorded.windowOpenHandler!({ url: 'https://docs.example/page' })).toEqual({ action: 'deny' })
    expect(recorded.windowOpenHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' })
    expect(recorded.windowOpenHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' })
    expect(recorded.openedExternally).toEqual(['https://docs.example/page'])
  })

  it.each(['media', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen-unknown'])('denies the %s permission request and check', (permission) => {
    const callback = vi.fn()
    recorded.permissionRequest!({}, permission, callback)
    expect(callback).toHaveBeenCalledWith(false)
    expect(recorded.permissionCheck!({}, permission, 'file://', {})).toBe(false)
  })
})

describe('the renderer page loads nothing remote', () => {
  const html = readFileSync(join(import.meta.dirname, '../../src-renderer/index.html'), 'utf8')
  const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? ''

  it('declares a Content-Security-Policy with self-only scripts and no inline or eval', () => {
    expect(csp).toMatch(/default-src 'self'/)
    expect(csp).toMatch(/script-src 'self'(;|$)/)
    expect(csp).not.toMatch(/unsafe-eval/)
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/)
  })

  it('names no remote origin in the policy or the page', () => {
    expect(csp).not.toMatch(/https?:\/\/(?!127\.0\.0\.1|localhost)/)
    expect(html).not.toMatch(/<script[^>]+src="https?:/)
    expect(html).not.toMatch(/<link[^>]+href="https?:/)
  })
})
