import { app, dialog } from 'electron'
import { registerIpc } from './desktop/ipc'
import { createMainWindow } from './desktop/window'
import { installDemoMenu } from './desktop/demoMenu'
import { startCore } from './server/bootstrap'
import { AppSettingsService } from './api/settings'
import { settingsFile } from './server/appData'
import { loadCredentials } from './server/credentials'
import { startHttpServer, type RunningServer } from './server/httpServer'
import { webUiLoginLink } from './server/loginLink'
import { openDurableStore } from './store/durable/durableStore'
import { fileURLToPath } from 'node:url'

/**
 * Electron entry: store (in the OS app-data folder) -> engine -> api -> IPC for the window,
 * plus the local REST API on 127.0.0.1 so other systems (IVR, chat) can reach the engine.
 */
const mainDir = fileURLToPath(new URL('.', import.meta.url))

if (!app.requestSingleInstanceLock()) app.quit()

async function start(): Promise<void> {
  const dataDir = app.getPath('userData')
  const store = await openDurableStore({ dataDir, workerEntry: new URL('./storeWorker.js', import.meta.url) })
  const credentials = await loadCredentials(dataDir)
  // settings.json (Settings > REST server) decides whether, where and on which port; ROUTEDESK_PORT still wins.
  const appSettings = await AppSettingsService.open(settingsFile(dataDir), dataDir, process.env.ROUTEDESK_PORT ? [`ROUTEDESK_PORT=${process.env.ROUTEDESK_PORT}`] : [])
  const rest = appSettings.current().rest_server
  const restPort = process.env.ROUTEDESK_PORT ? Number(process.env.ROUTEDESK_PORT) : rest.port
  const core = await startCore({ store, mode: 'desktop', dataDir, credentials, appSettings })
  let server: RunningServer | undefined
  appSettings.setRunning({ enabled: false, host: rest.host, port: restPort, origin: null })
  if (rest.enabled) {
    try {
      server = await startHttpServer({
        dispatch: core.dispatch,
        bus: core.bus,
        credentials,
        staticDir: fileURLToPath(new URL('../renderer', import.meta.url)),
        host: rest.host,
        port: restPort,
      })
      appSettings.setRunning({ enabled: true, host: rest.host, port: restPort, origin: server.origin })
      console.log(`Routedesk REST API on ${server.origin}/v1`)
      // The desktop window needs no sign-in (IPC); browsers do, with this run's link (also in the Web UI menu).
      console.log(`Routedesk web UI for browsers: ${webUiLoginLink(server.origin, credentials.loginToken)}`)
    } catch (error) {
      // Another Routedesk (or anything) holds the port: the desktop app still works, and Settings says why.
      appSettings.setRunning({ enabled: false, host: rest.host, port: restPort, origin: null, error: (error as Error).message })
      console.warn(`REST API not started: ${(error as Error).message}`)
    }
  }
  const window = createMainWindow(mainDir)
  const unregister = registerIpc(window, core.dispatch, core.bus)
  const stopDemo = installDemoMenu(window, core.dispatch, core.bus, server ? webUiLoginLink(server.origin, credentials.loginToken) : null)
  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore()
    window.focus()
  })
  let quitting = false
  app.on('before-quit', (event) => {
    if (quitting) return
    event.preventDefault()
    quitting = true
    stopDemo()
    unregister()
    void Promise.all([server?.close(), core.close()]).finally(() => app.exit(0))
  })
}

app.on('window-all-closed', () => app.quit())
app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault())
})

app.whenReady().then(start).catch((error: unknown) => {
  dialog.showErrorBox('Routedesk could not start', error instanceof Error ? error.message : String(error))
  app.exit(1)
})

