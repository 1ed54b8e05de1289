import { createMemoryStore } from '../../src-main/store/memoryStore'
import { openDurableStore } from '../../src-main/store/durable/durableStore'
import type { EngineStore } from '../../src-main/store/port'
import { storeConformance } from './conformance'
import { sourceWorkerEntry } from './helpers/sourceWorker'
import { tempDirs } from './helpers/tempDir'

storeConformance('memory', { create: async () => createMemoryStore() })

const dirs = tempDirs()
const dirOf = new WeakMap<EngineStore, string>()
const openAt = async (dataDir: string): Promise<EngineStore> => {
  const store = await openDurableStore({ dataDir, workerEntry: sourceWorkerEntry() })
  dirOf.set(store, dataDir)
  return store
}

storeConformance('durable (sql.js worker + journal)', {
  create: async () => openAt(await dirs.make()),
  reopen: async (store) => {
    const dir = dirOf.get(store)
    if (!dir) throw new Error('not a store from this harness')
    await store.close()
    return openAt(dir)
  },
  cleanup: () => dirs.cleanup(),
})
