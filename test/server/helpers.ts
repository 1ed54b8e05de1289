import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDispatch, type Dispatch } from '../../src-main/api/dispatch'
import { EventBus } from '../../src-main/api/eventBus'
import { FakeClock } from '../../src-main/engine/clock'
import { Engine } from '../../src-main/engine/engine'
import { memoryCredentials, type Credentials, type CredentialVault } from '../../src-main/server/credentials'
import { startHttpServer, type RunningServer } from '../../src-main/server/httpServer'
import { createMemoryStore } from '../../src-main/store/memoryStore'
import type { EngineStore } from '../../src-main/store/port'
import { WebhookOutbox } from '../../src-main/api/webhooks/outbox'
import { WebhookDeliverer, type WebhookDelivererOptions } from '../../src-main/server/webhooks/deliverer'

/** The fixed test secrets (plain, for clients) and the server's view of them (checks only). */
export const credentials = {
  accountSid: 'AC' + 'a'.repeat(32),
  authToken: 'test-auth-token-0123456789',
  uiToken: 'test-ui-token-0123456789',
} as const
const serverSideCredentials: Credentials = memoryCredentials(credentials)

export const basicAuth = 'Basic ' + Buffer.from(`${credentials.accountSid}:${credentials.authToken}`).toString('base64')

/**
 * An in-process server on a free port with a memory store and a tiny static UI; `webhooks` adds
 * the callback outbox and deliverer; `vault` replaces the fixed test credentials with a
 * credentials.json-backed vault that also answers `credentials.*`.
 */
export async function startTestServer(options: { webhooks?: Partial<Omit<WebhookDelivererOptions, 'store' | 'dispatch' | 'bus' | 'authToken'>>; store?: EngineStore; vault?: CredentialVault } = {}): Promise<RunningServer & { bus: EventBus; clock: FakeClock; store: EngineStore; deliverer?: WebhookDeliverer; dispatch: Dispatch }> {
  const staticDir = mkdtempSync(join(tmpdir(), 'routedesk-static-'))
  mkdirSync(join(staticDir, 'assets'))
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Routedesk</title><div id="app"></div>')
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)')
  const clock = new FakeClock()
  const engine = new Engine({ clock })
  const bus = new EventBus()
  const store = options.store ?? createMemoryStore()
  if (options.store) engine.load(await store.load())
  const serverCredentials: Credentials = options.vault ?? serverSideCredentials
  const outbox = options.webhooks ? new WebhookOutbox(engine, serverCredentials.accountSid) : undefined
  const dispatch = createDispatch({ engine, store, bus, info: { version: 'test', mode: 'headless', dataDir: staticDir }, ...(outbox ? { outbox } : {}), ...(options.vault ? { credentials: options.vault } : {}) })
  let deliverer: WebhookDeliverer | undefined
  if (outbox) {
    const started = new WebhookDeliverer({ store, dispatch, bus, authToken: () => options.vault?.signingToken() ?? credentials.authToken, ...options.webhooks })
    outbox.onCommitted((rows) => started.enqueue(rows))
    await started.start()
    deliverer = started
  }
  const server = await startHttpServer({ dispatch, bus, credentials: serverCredentials, staticDir, host: '127.0.0.1', port: 0 })
  const close = server.close
  return Object.assign(server, {
    bus, clock, store, deliverer, dispatch,
    close: async () => {
      await close()
      await deliverer?.close()
    },
  })
}

/** A TaskRouter-style form POST. */
export function form(fields: Record<string, string>): { method: 'POST'; headers: Record<string, string>; body: string } {
  return {
    method: 'POST',
    headers: { Authorization: basicAuth, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  }
}
