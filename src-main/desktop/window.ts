import { BrowserWindow, session, shell } from 'electron'
import { join } from 'node:path'
import { isAppUrl } from './invokeHandler'
import { isPermissionAllowed } from './permissions'

/**
 * The one app window, locked down: context isolation, sandbox, no Node in the renderer, no
 * navigation away from the app, no new windows, every permission denied but notifications for
 * our own page (wallboard alerts, desktop/permissions.ts). The
 * renderer reaches the main process only through the preload's `invoke`/`on`.
 */
export function createMainWindow(mainDir: string): BrowserWindow {
  const devUrl = process.env.ELECTRON_RENDERER_URL
  // Checks may come without web contents (null); then nothing is allowed.
  const pageOf = (webContents: { getURL?: () => string } | null): string => webContents?.getURL?.() ?? ''
  session.defaultSession.setPermissionRequestHandler((webContents, permission, callback) => callback(isPermissionAllowed(permission, pageOf(webContents), devUrl)))
  session.defaultSession.setPermissionCheckHandler((webContents, permission) => isPermissionAllowed(permission, pageOf(webContents), devUrl))

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
