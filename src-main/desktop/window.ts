import { BrowserWindow, session, shell } from 'electron'
import { join } from 'node:path'
import { isAppUrl } from './invokeHandler'

/**
 * The one app window, locked down: context isolation, sandbox, no Node in the renderer, no
 * navigation away from the app, no new windows, every permission request denied. The
 * renderer reaches the main process only through the preload's `invoke`/`on`.
 */
export function createMainWindow(mainDir: string): BrowserWindow {
  session.defaultSession.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)

  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'Routedesk',
    show: false,
    backgroundColor: '#101418',
    webPreferences: {
      preload: join(mainDir, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  })
  window.once('ready-to-show', () => window.show())

  const appUrl = process.env.ELECTRON_RENDERER_URL
  window.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, appUrl)) event.preventDefault()
  })
  window.webContents.setWindowOpenHandler(({ url }) => {
    // Links to documentation open in the user's browser, never inside the app.
    if (url.startsWith('https://')) void shell.openExternal(url)
    return { action: 'deny' }
  })
  if (appUrl) void window.loadURL(appUrl)
  else void window.loadFile(join(mainDir, '../renderer/index.html'))
  return window
}
