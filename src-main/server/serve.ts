import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { openDurableStore } from '../store/durable/durableStore'
import { StorageError } from '../store/port'
import { AppSettingsService } from '../api/settings'
import { defaultDataDir, settingsFile, SettingsFileError } from './appData'
import { startCore } from './bootstrap'
import { CredentialsError, loadCredentials } from './credentials'
import { startHttpServer } from './httpServer'
import { DemoModeError, startDemoMode } from './demoMode'
import { webUiLoginLink } from './loginLink'

/**
 * The headless entry (`npm run serve`): the same engine, REST API and built web UI as the
 * desktop app, without Electron. Prints `Routedesk listening on <url>/?token=<login token>` once
 * the store is loaded and the port is open (the token is new on each start unless
 * ROUTEDESK_UI_TOKEN sets it; browsers keep their sessions across restarts).
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      // No defaults here: a flag wins over settings.json, which wins over the built-in defaults.
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      help: { type: 'boolean', default: false },
      // Demo mode: the demo contact center with live traffic (server/demoMode.ts).
      demo: { type: 'boolean', default: false },
      'demo-speed': { type: 'string' },
    },
    strict: true,
  })
  if (values.help) {
    console.log('Usage: npm run serve -- [--port 4780] [--host 127.0.0.1] [--data <folder>] [--demo [--demo-speed N]]')
    return
  }
  const dataDir = resolve(values.data ?? defaultDataDir())
  const overrides = [values.host !== undefined ? `--host ${values.host}` : null, values.port !== undefined ? `--port ${values.port}` : null].filter((flag): flag is string => flag !== null)
  const appSettings = await AppSettingsService.open(settingsFile(dataDir), dataDir, overrides)
  const saved = appSettings.current().rest_server
  const port = values.port !== undefined ? Number(values.port) : saved.port
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, not '${values.port}'`)
  const host = values.host ?? saved.host
  const credentials = await loadCredentials(dataDir)
  const store = await openDurableStore({ dataDir, workerEntry: new URL('./storeWorker.js', import.meta.url) })
  const core = await startCore({ store, mode: 'headless', dataDir, credentials, appSettings })
  const server = await startHttpServer({
    dispatch: core.dispatch,
    bus: core.bus,
    credentials,
    staticDir: fileURLToPath(new URL('../renderer', import.meta.url)),
    host,
    port,
    restApi: saved.enabled,
  }).catch(async (error: NodeJS.ErrnoException) => {
    await core.close()
    if (error.code === 'EADDRINUSE') throw new UsageError(`port ${port} on ${host} is already in use; choose another with --port or in Settings`)
    if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') throw new UsageError(`cannot listen on host '${host}'`)
    throw error
  })
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
    console.log(`Warning: listening on ${host}: other machines can reach this server (REST needs the auth token, the UI its token).`)
  }
  appSettings.setRunning({ enabled: saved.enabled, host, port: Number(new URL(server.origin).port), origin: saved.enabled ? server.origin : null })
  console.log(`Data folder: ${dataDir}`)
  const tokenNote = credentials.generatedAuthToken
    ? `, Auth Token ${credentials.generatedAuthToken} (new: copy it now, it is stored only as a hash and not shown again)`
    : `, Auth Token: stored as a hash in ${credentials.file}; rotate it in Settings to get a new one`
  console.log(`REST API: ${server.origin}/v1 (Basic auth: Account SID ${credentials.accountSid}${tokenNote})`)
  for (const notice of credentials.notices) console.log(`Credentials: ${notice}`)
  if (!saved.enabled) console.log(`REST API: turned off in Settings (${appSettings.view().settings_file}); /v1 answers 404 until it is turned on and Routedesk restarts`)
  const demo = values.demo ? await startDemoMode({ dispatch: core.dispatch, bus: core.bus, ...(values['demo-speed'] === undefined ? {} : { speed: values['demo-speed'] }) }) : null
  if (demo) console.log(demo.summary)
  // The login link of this run (its token is never stored); each browser that opens it gets a
  // session of its own, kept (hashed) across restarts.
  console.log(`Routedesk listening on ${webUiLoginLink(server.origin, credentials.loginToken)}`)

  let stopping = false
  const stop = async (): Promise<void> => {
    if (stopping) return
    stopping = true
    demo?.stop()
    await server.close()
    await core.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
}

class UsageError extends Error {}

main().catch((error: unknown) => {
  // Expected failures (bad flags, credentials, a store that refuses to open) get one clear
  // line; anything else also gets its stack.
  console.error(`Routedesk could not start: ${error instanceof Error ? error.message : String(error)}`)
  const expected = error instanceof UsageError || error instanceof CredentialsError || error instanceof StorageError || error instanceof SettingsFileError || error instanceof DemoModeError
  if (!expected || process.env.ROUTEDESK_DEBUG) console.error(error)
  process.exit(1)
})
