import { ipcMain, type BrowserWindow } from 'electron'
import type { Dispatch } from '../api/dispatch'
import type { EventBus } from '../api/eventBus'
import { ipcChannels } from '../contract/names'
import { createInvokeHandler } from './invokeHandler'

/** IPC transport over the shared dispatch; the checks live in invokeHandler.ts (tested). */
export function registerIpc(window: BrowserWindow, dispatch: Dispatch, bus: EventBus): () => void {
  const handler = createInvokeHandler({ webContents: window.webContents, dispatch, devUrl: process.env.ELECTRON_RENDERER_URL })
  ipcMain.handle(ipcChannels.invoke, (event, method: unknown, input: unknown) => handler(event, method, input))
  const unsubscribe = bus.onAny((name, payload) => {
    if (!window.isDestroyed()) window.webContents.send(ipcChannels.event, name, payload)
  })
  return () => {
    unsubscribe()
    ipcMain.removeHandler(ipcChannels.invoke)
  }
}
