import { createDispatch, type Dispatch } from '../api/dispatch'
import { EventBus } from '../api/eventBus'
import { startStatsFeed } from '../api/statsFeed'
import { startRetention, type AppSettingsService } from '../api/settings'
import { attachWallboardFeed } from '../api/wallboardFeed'
import { realClock } from '../engine/clock'
import { Engine } from '../engine/engine'
import type { EngineStore } from '../store/port'
import { WebhookOutbox } from '../api/webhooks/outbox'
import { CredentialVault, type Credentials } from './credentials'
import { WebhookDeliverer } from './webhooks/deliverer'
import packageJson from '../../package.json'

export interface RoutedeskCore {
  engine: Engine
  store: EngineStore
  bus: EventBus
  dispatch: Dispatch
  close(): Promise<void>
}

/**
 * Wires store -> engine -> api, the part shared by the Electron entry and the headless server.
 * The engine is rebuilt from the durable state before anything is served.
 */
export async function startCore(options: {
  store: EngineStore
  mode: 'desktop' | 'headless'
  dataDir: string
  /** Event and assignment callbacks are signed with the Auth Token and carry the Account SID. */
  credentials?: Pick<Credentials, 'accountSid'> & Pick<CredentialVault, 'signingToken'>
  /** settings.json of the data folder: settings.* and the retention window (default 30 days). */
  appSettings?: AppSettingsService
}): Promise<RoutedeskCore> {
  const { store } = options
  const engine = new Engine({ clock: realClock })
  engine.load(await store.load())
  // Cumulative statistics are rebuilt from the Events log of the retention window (30 days).
  const since = Date.now() - (options.appSettings?.current().retention_days ?? 30) * 24 * 3600 * 1000
  for (const sid of engine.workspaceSids()) engine.replayStatistics(sid, await store.queryEvents({ workspace_sid: sid, since_ms: since }))
  const bus = new EventBus()
  const outbox = options.credentials ? new WebhookOutbox(engine, options.credentials.accountSid) : undefined
  // The vault loaded from the data folder also answers credentials.* (Settings: rotation, API keys).
  const credentialsAdmin = options.credentials instanceof CredentialVault ? { credentials: options.credentials } : {}
  const dispatch = createDispatch({ engine, store, bus, info: { version: packageJson.version, mode: options.mode, dataDir: options.dataDir }, ...(outbox ? { outbox } : {}), ...credentialsAdmin, ...(options.appSettings ? { appSettings: options.appSettings } : {}) })
  let deliverer: WebhookDeliverer | undefined
  if (outbox && options.credentials) {
    const signing = options.credentials
    // Read per request: a rotation applies at once; an unknown token (stored hashed, not yet
    // proven this run) throws, and the delivery waits for its retry (vault.signingToken()).
    const started = new WebhookDeliverer({ store, dispatch, bus, authToken: () => signing.signingToken() })
    outbox.onCommitted((rows) => started.enqueue(rows))
    await started.start()
    deliverer = started
  }
  const feed = startStatsFeed(engine, bus)
  const settings = options.appSettings
  const retention = settings ? startRetention({ store, retentionDays: () => settings.current().retention_days }) : undefined
  const stopRetentionOnChange = settings?.onChange(() => void retention?.runNow())
  void retention?.runNow()
  const wallboardFeed = attachWallboardFeed(engine, bus)
  return {
    engine, store, bus, dispatch,
    close: async () => {
      feed.stop()
      retention?.stop()
      stopRetentionOnChange?.()
      wallboardFeed.stop()
      await deliverer?.close()
      await store.close()
    },
  }
}

export const routedeskVersion: string = packageJson.version
