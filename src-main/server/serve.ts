import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { openDurableStore } from '../store/durable/durableStore'
import { StorageError } from '../store/port'
import { defaultDataDir } from './appData'
import { startCore } from './bootstrap'
import { CredentialsError, loadCredentials } from './credentials'
import { startHttpServer } from './httpServer'

/**
 * The headless entry (`npm run serve`): the same engine, REST API and built web UI as the
 * desktop app, without Electron. Prints `Routedesk listening on <url>/?token=<ui token>` once
 * the store is loaded and the port is open.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4780' },
      host: { type: 'string', default: '127.0.0.1' },
      data: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  })
  if (values.help) {
    console.log('Usage: npm run serve -- [--port 4780] [--host 127.0.0.1] [--data <folder>]')
    return
  }
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, not '${values.port}'`)
  const dataDir = resolve(values.data ?? defaultDataDir())
  const credentials = await loadCredentials(dataDir)
  const store = await openDurableStore({ dataDir, workerEntry: new URL('./storeWorker.js', import.meta.url) })
  const core = await startCore({ store, mode: 'headless', dataDir, credentials })
  const server = await startHttpServer({
    dispatch: core.dispatch,
    bus: core.bus,
    credentials,
    staticDir: fileURLToPath(new URL('../renderer', import.meta.url)),
    host: values.host,
    port,
  }).catch(async (error: NodeJS.ErrnoException) => {
    await core.close()
    if (error.code === 'EADDRINUSE') throw new UsageError(`port ${port} on ${values.host} is already in use; choose another with --port`)
    if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') throw new UsageError(`cannot listen on host '${values.host}'`)
    throw error
  })
  if (values.host !== '127.0.0.1' && values.host !== 'localhost' && values.host !== '::1') {
    console.log(`Warning: listening on ${values.host}: other machines can reach this server (REST needs the auth token, the UI its token).`)
  }
  console.log(`Data folder: ${dataDir}`)
  console.log(`REST API: ${server.origin}/v1 (Basic auth: Account SID ${credentials.accountSid}${credentials.generated ? `, Auth Token ${credentials.authToken}` : ', Auth Token in ' + credentials.file})`)
  console.log(`Routedesk listening on ${server.origin}/?token=${encodeURIComponent(credentials.uiToken)}`)

  let stopping = false
  const stop = async (): Promise<void> => {
    if (stopping) return
    stopping = true
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
  const expected = error instanceof UsageError || error instanceof CredentialsError || error instanceof StorageError
  if (!expected || process.env.ROUTEDESK_DEBUG) console.error(error)
  process.exit(1)
})
