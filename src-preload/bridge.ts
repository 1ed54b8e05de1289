import { ipcChannels, methodNames, pushEventNames } from '../src-main/contract/names'

/** The parts of Electron's ipcRenderer the bridge uses (kept electron-free to test). */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown
}

const methods = new Set<string>(methodNames)
const events = new Set<string>(pushEventNames)

/**
 * What `window.routedesk` exposes: `invoke` and `on`, both allowlisted against the contract's
 * name lists. The raw ipcRenderer never reaches the page.
 */
export function createBridge(ipc: IpcRendererLike): {
  invoke(method: string, input: unknown): Promise<unknown>
  on(event: string, listener: (payload: unknown) => void): () => void
} {
  return {
    invoke(method, input) {
      if (typeof method !== 'string' || !methods.has(method)) return Promise.reject(new Error(`Unknown method ${String(method)}`))
      return ipc.invoke(ipcChannels.invoke, method, input)
    },
    on(event, listener) {
      if (typeof event !== 'string' || !events.has(event)) throw new Error(`Unknown event ${String(event)}`)
      if (typeof listener !== 'function') throw new Error('listener must be a function')
      const handler = (_event: unknown, name: unknown, payload: unknown): void => {
        if (name === event) listener(payload)
      }
      ipc.on(ipcChannels.event, handler as (event: unknown, ...args: unknown[]) => void)
      return () => void ipc.removeListener(ipcChannels.event, handler as (event: unknown, ...args: unknown[]) => void)
    },
  }
}
