import { afterAll, describe, expect, it } from 'vitest'
import { createDispatch } from '../../src-main/api/dispatch'
import { EventBus } from '../../src-main/api/eventBus'
import { FakeClock } from '../../src-main/engine/clock'
import { Engine } from '../../src-main/engine/engine'
import { openDurableStore } from '../../src-main/store/durable/durableStore'
import { sourceWorkerEntry } from '../store/helpers/sourceWorker'
import { tempDirs } from '../store/helpers/tempDir'

const dirs = tempDirs()
afterAll(() => dirs.cleanup())

/** Engine + dispatch over a durable store in `dataDir`, as the server wires them. */
async function open(dataDir: string) {
  const store = await openDurableStore({ dataDir, workerEntry: sourceWorkerEntry() })
  const engine = new Engine({ clock: new FakeClock() })
  engine.load(await store.load())
  const dispatch = createDispatch({ engine, store, bus: new EventBus(), info: { version: 't', mode: 'headless', dataDir } })
  return { store, engine, dispatch }
}

describe('a restart rebuilds the engine from the durable store', () => {
  it('answers every list exactly as before, in creation order', async () => {
    const dataDir = await dirs.make()
    const first = await open(dataDir)
    const created = await first.dispatch('workspaces.create', { friendly_name: 'Support', template: 'FIFO' })
    if (!created.ok) throw new Error(created.error.message)
    const ws = created.data.sid
    for (const name of ['Zoe', 'Adam', 'Mia']) await first.dispatch('workers.create', { workspace_sid: ws, friendly_name: name, attributes: JSON.stringify({ name }) })
    const workers = first.engine.query('workers.list', { workspace_sid: ws })
    await first.dispatch('workers.update', { workspace_sid: ws, sid: workers[0]!.sid, friendly_name: 'Zoé' })
    await first.dispatch('workerChannels.update', { workspace_sid: ws, worker_sid: workers[1]!.sid, sid: 'chat', capacity: 4 })
    await first.dispatch('activities.delete', { workspace_sid: ws, sid: first.engine.query('activities.list', { workspace_sid: ws, friendly_name: 'Break' })[0]!.sid })
    const before = snapshotOf(first.engine, ws)
    await first.store.close()

    const second = await open(dataDir)
    expect(snapshotOf(second.engine, ws)).toEqual(before)
    expect(before.workers.map((w) => w.friendly_name)).toEqual(['Zoé', 'Adam', 'Mia'])
    await second.store.close()
  })
})

function snapshotOf(engine: Engine, ws: string) {
  const workers = engine.query('workers.list', { workspace_sid: ws })
  return {
    workspaces: engine.query('workspaces.list', {}),
    activities: engine.query('activities.list', { workspace_sid: ws }),
    channels: engine.query('channels.list', { workspace_sid: ws }),
    workers,
    workerChannels: workers.map((w) => engine.query('workerChannels.list', { workspace_sid: ws, worker_sid: w.sid })),
    queues: engine.query('queues.list', { workspace_sid: ws }),
    workflows: engine.query('workflows.list', { workspace_sid: ws }),
  }
}
