import { createDispatch, type Dispatch } from '../api/dispatch'
import { EventBus } from '../api/eventBus'
import { startStatsFeed } from '../api/statsFeed'
import { realClock } from '../engine/clock'
import { Engine } from '../engine/engine'
import type { EngineStore } from '../store/port'
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
export async function startCore(options: { store: EngineStore; mode: 'desktop' | 'headless'; dataDir: string }): Promise<RoutedeskCore> {
  const { store } = options
  const engine = new Engine({ clock: realClock })
  engine.load(await store.load())
  // Cumulative statistics are rebuilt from the Events log of the retention window (30 days).
  const since = Date.now() - 30 * 24 * 3600 * 1000
  for (const sid of engine.workspaceSids()) engine.replayStatistics(sid, await store.queryEvents({ workspace_sid: sid, since_ms: since }))
  const bus = new EventBus()
  const dispatch = createDispatch({ engine, store, bus, info: { version: packageJson.version, mode: options.mode, dataDir: options.dataDir } })
  const feed = startStatsFeed(engine, bus)
  return {
    engine, store, bus, dispatch,
    close: async () => {
      feed.stop()
      await store.close()
    },
  }
}

export const routedeskVersion: string = packageJson.version
