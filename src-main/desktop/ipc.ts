import { ipcMain, type BrowserWindow } from 'electron'
import type { Dispatch } from '../api/dispatch'
import type { EventBus } from '../api/eventBus'
import { apiError, ErrorCode } from '../contract/errors'
import type { MethodName } from '../contract/methods'
import { methodNames } from '../contract/names'
import { isAppUrl } from './window'

export const INVOKE_CHANNEL = 'routedesk:invoke'
export const EVENT_CHANNEL = 'routedesk:event'

const allowed = new Set<string>(methodNames)

/**
 * IPC transport over the shared dispatch. Only our window's main frame, showing our own
 * renderer, may call; the method must be in the contract's allowlist (the preload checks
 * too). Results are `Result` values, never thrown errors, so messages survive IPC.
 */
export function registerIpc(window: BrowserWindow, dispatch: Dispatch, bus: EventBus): () => void {
  ipcMain.handle(INVOKE_CHANNEL, async (event, method: unknown, input: unknown) => {
    const frameUrl = event.senderFrame?.url ?? ''
    if (event.sender !== window.webContents || !isAppUrl(frameUrl, process.env.ELECTRON_RENDERER_URL)) {
      return { ok: false, error: apiError(ErrorCode.Unauthorized, 'IPC from an unknown sender was refused') }
    }
    if (typeof method !== 'string' || !allowed.has(method)) {
      return { ok: false, error: apiError(ErrorCode.NotFound, `Unknown method ${String(method)}`) }
    }
    return dispatch(method as MethodName, input)
  })
  const unsubscribe = bus.onAny((name, payload) => {
    if (!window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, name, payload)
  })
  return () => {
    unsubscribe()
    ipcMain.removeHandler(INVOKE_CHANNEL)
  }
}
