import { Menu, app, clipboard, dialog, shell, type BrowserWindow, type MenuItemConstructorOptions } from 'electron'
import type { Dispatch } from '../api/dispatch'
import type { EventBus } from '../api/eventBus'
import { startDemoMode } from '../server/demoMode'
import { webUiMenu } from './webUiMenu'

/**
 * The application menu: Electron's standard menus plus Demo > "Start demo contact center"
 * (the same demo mode as `npm run serve -- --demo`: loads the Demo workspace, feeds it live
 * traffic, and shows its wallboard) and "Stop demo traffic", and Web UI (webUiMenu.ts: the
 * sign-in link for browsers, `webUiLink`, null when the HTTP server is not running).
 */
export function installDemoMenu(window: BrowserWindow, dispatch: Dispatch, bus: EventBus, webUiLink: string | null = null): () => void {
  const webUi = webUiMenu(webUiLink, {
    copy: (text) => clipboard.writeText(text),
    open: (url) => void shell.openExternal(url),
    tell: (message, detail) => void dialog.showMessageBox(window, { type: 'info', message, detail }),
  })
  let running: { stop(): void } | null = null
  const build = (): void => {
    const demo: MenuItemConstructorOptions = {
      label: 'Demo',
      submenu: [
        { label: 'Start demo contact center', enabled: running === null, click: () => void start() },
        { label: 'Stop demo traffic', enabled: running !== null, click: () => stop() },
      ],
    }
    const standard: MenuItemConstructorOptions[] = process.platform === 'darwin' ? [{ role: 'appMenu' }] : []
    Menu.setApplicationMenu(Menu.buildFromTemplate([...standard, { role: 'fileMenu' }, { role: 'editMenu' }, { role: 'viewMenu' }, demo, webUi, { role: 'windowMenu' }]))
  }
  async function start(): Promise<void> {
    try {
      // Packaged: resources/demo ships beside app.asar (process.resourcesPath); in development
      // app.getAppPath() is the repository root (server/demoResources.ts).
      const started = await startDemoMode({ dispatch, bus, electron: { packaged: app.isPackaged, resourcesPath: process.resourcesPath, appPath: app.getAppPath() } })
      running = started
      build()
      await window.webContents.executeJavaScript(`location.hash = ${JSON.stringify(`#/workspaces/${started.workspaceSid}/wallboard`)}`)
    } catch (error) {
      dialog.showErrorBox('The demo could not start', error instanceof Error ? error.message : String(error))
    }
  }
  function stop(): void {
    running?.stop()
    running = null
    build()
  }
  build()
  return stop
}
