import { describe, expect, it } from 'vitest'
import { createDispatch } from '../../src-main/api/dispatch'
import { EventBus } from '../../src-main/api/eventBus'
import { startStatsFeed } from '../../src-main/api/statsFeed'
import type { StatsSnapshot } from '../../src-main/contract/statistics'
import { FakeClock } from '../../src-main/engine/clock'
import { Engine } from '../../src-main/engine/engine'
import { createMemoryStore } from '../../src-main/store/memoryStore'

describe('live statistics feed (app.stats)', () => {
  it('pushes a snapshot only when something changed, and statistics survive a restart from the store', async () => {
    const clock = new FakeClock()
    const engine = new Engine({ clock })
    const bus = new EventBus()
    const store = createMemoryStore()
    const dispatch = createDispatch({ engine, store, bus, info: { version: 'test', mode: 'headless', dataDir: '/tmp' } })
    const pushed: StatsSnapshot[] = []
    bus.on('app.stats', (snapshot) => pushed.push(snapshot))
    const feed = startStatsFeed(engine, bus, { timers: false })

    const created = await dispatch('workspaces.create', { friendly_name: 'Feed', template: 'FIFO' })
    if (!created.ok) throw new Error(created.error.message)
    const ws = created.data.sid
    feed.tick()
    expect(pushed).toHaveLength(1)
    feed.tick()
    expect(pushed).toHaveLength(1)
    await dispatch('tasks.create', { workspace_sid: ws, attributes: '{}' })
    feed.tick()
    expect(pushed).toHaveLength(2)
    expect(pushed[1]!.workspace.total_tasks).toBe(1)
    expect(pushed[1]!.queues[0]).toMatchObject({ friendly_name: 'Sample Queue', total_tasks: 1 })
    expect(pushed[1]!.kpis.rollup.now.waiting_tasks).toBe(1)
    feed.stop()

    // Restart: real-time from the stored state, cumulative replayed from the stored events.
    const restarted = new Engine({ clock })
    restarted.load(await store.load())
    restarted.replayStatistics(ws, await store.queryEvents({ workspace_sid: ws }))
    expect(restarted.query('statsRealtime.workspace', { workspace_sid: ws }).total_tasks).toBe(1)
    expect(restarted.query('statsCumulative.workspace', { workspace_sid: ws }).tasks_created).toBe(1)
  })
})
