import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDispatch } from '../../src-main/api/dispatch'
import { EventBus } from '../../src-main/api/eventBus'
import { FakeClock } from '../../src-main/engine/clock'
import { Engine } from '../../src-main/engine/engine'
import type { Credentials } from '../../src-main/server/credentials'
import { startHttpServer, type RunningServer } from '../../src-main/server/httpServer'
import { createMemoryStore } from '../../src-main/store/memoryStore'

export const credentials: Credentials = {
  accountSid: 'AC' + 'a'.repeat(32),
  authToken: 'test-auth-token-0123456789',
  uiToken: 'test-ui-token-0123456789',
}

export const basicAuth = 'Basic ' + Buffer.from(`${credentials.accountSid}:${credentials.authToken}`).toString('base64')

/** An in-process server on a free port with a memory store and a tiny static UI. */
export async function startTestServer(): Promise<RunningServer & { bus: EventBus; clock: FakeClock }> {
  const staticDir = mkdtempSync(join(tmpdir(), 'routedesk-static-'))
  mkdirSync(join(staticDir, 'assets'))
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Routedesk</title><div id="app"></div>')
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)')
  const clock = new FakeClock()
  const engine = new Engine({ clock })
  const bus = new EventBus()
  const store = createMemoryStore()
  const dispatch = createDispatch({ engine, store, bus, info: { version: 'test', mode: 'headless', dataDir: staticDir } })
  const server = await startHttpServer({ dispatch, bus, credentials, staticDir, host: '127.0.0.1', port: 0 })
  return Object.assign(server, { bus, clock })
}

/** A TaskRouter-style form POST. */
export function form(fields: Record<string, string>): { method: 'POST'; headers: Record<string, string>; body: string } {
  return {
    method: 'POST',
    headers: { Authorization: basicAuth, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  }
}
