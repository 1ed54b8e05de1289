import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { methodNames, pushEventNames } from '../src-main/contract/names'

/**
 * The renderer's only door to the main process: `invoke` and `on`, both allowlisted against
 * the contract's name lists. The raw ipcRenderer is never exposed.
 */
const INVOKE_CHANNEL = 'routedesk:invoke'
const EVENT_CHANNEL = 'routedesk:event'
const methods = new Set<string>(methodNames)
const events = new Set<string>(pushEventNames)

contextBridge.exposeInMainWorld('routedesk', {
  invoke(method: string, input: unknown): Promise<unknown> {
    if (!methods.has(method)) return Promise.reject(new Error(`Unknown method ${method}`))
    return ipcRenderer.invoke(INVOKE_CHANNEL, method, input)
  },
  on(event: string, listener: (payload: unknown) => void): () => void {
    if (!events.has(event)) throw new Error(`Unknown event ${event}`)
    const handler = (_event: IpcRendererEvent, name: string, payload: unknown): void => {
      if (name === event) listener(payload)
    }
    ipcRenderer.on(EVENT_CHANNEL, handler)
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, handler)
  },
})
