import { contextBridge, ipcRenderer } from 'electron'
import { createBridge } from './bridge'

// The renderer's only door to the main process (see bridge.ts for the allowlist).
contextBridge.exposeInMainWorld('routedesk', createBridge(ipcRenderer))
