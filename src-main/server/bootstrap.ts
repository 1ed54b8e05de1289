import { createDispatch, type Dispatch } from '../api/dispatch'
import { EventBus } from '../api/eventBus'
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
  const bus = new EventBus()
  const dispatch = createDispatch({ engine, store, bus, info: { version: packageJson.version, mode: options.mode, dataDir: options.dataDir } })
  return { engine, store, bus, dispatch, close: () => store.close() }
}

export const routedeskVersion: string = packageJson.version
