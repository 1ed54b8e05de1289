import { describe, expect, it, vi } from 'vitest'
import { createDispatch } from '../../src-main/api/dispatch'
import { EventBus } from '../../src-main/api/eventBus'
import { startStatsFeed } from '../../src-main/api/statsFeed'
import { StorageError } from '../../src-main/store/port'
import type { Kpis, StatsSnapshot } from '../../src-main/contract/statistics'
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
    const feed = startStatsFeed(engine, bus, { timers: false })

    const created = await dispatch('workspaces.create', { friendly_name: 'Feed', template: 'FIFO' })
    if (!created.ok) throw new Error(created.error.message)
    const ws = created.data.sid
    // Nobody watching (no window, web UI or share stream): no snapshot is even read.
    const onlyInternal = bus.on('app.stats', (snapshot) => pushed.push(snapshot))
    feed.tick()
    expect(pushed).toHaveLength(0)
    onlyInternal()
    // A client connects (transports forward every event): the change made meanwhile is pushed.
    bus.onAny((event, payload) => {
      if (event === 'app.stats') pushed.push(payload as StatsSnapshot)
    })
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

describe('cumulative statistics follow durable outcomes only', () => {
  it('a commit that fails (and the reload from the store that follows) leaves no trace in them', async () => {
    const clock = new FakeClock()
    const engine = new Engine({ clock })
    const store = createMemoryStore()
    const dispatch = createDispatch({ engine, store, bus: new EventBus(), info: { version: 'test', mode: 'headless', dataDir: '/tmp' } })
    const call = async <T>(method: string, input: object): Promise<T> => {
      const result = await dispatch(method as 'stats.kpis', input as never)
      if (!result.ok) throw new Error(result.error.message)
      return result.data as T
    }
    const ws = (await call<{ sid: string }>('workspaces.create', { friendly_name: 'Durable', template: 'FIFO' })).sid
    const task = await call<{ sid: string }>('tasks.create', { workspace_sid: ws, attributes: '{}' })
    clock.advance(30_000)

    vi.spyOn(store, 'commit').mockRejectedValueOnce(new StorageError('disk full'))
    const failed = await dispatch('tasks.update', { workspace_sid: ws, sid: task.sid, assignment_status: 'canceled' })
    expect(failed.ok).toBe(false)

    const cumulative = (): Promise<{ tasks_created: number; tasks_canceled: number }> => call('statsCumulative.workspace', { workspace_sid: ws })
    const queueKpis = async (): Promise<{ abandoned: number } | null> => (await call<Kpis>('stats.kpis', { workspace_sid: ws, window: '30m' })).queues[0]!.kpis.period
    expect(await cumulative()).toMatchObject({ tasks_created: 1, tasks_canceled: 0 })
    expect(await queueKpis()).toMatchObject({ abandoned: 0 })
    // Real-time numbers are recounted from the reloaded (durable) state: the task still waits.
    expect((await call<{ total_tasks: number }>('statsRealtime.workspace', { workspace_sid: ws })).total_tasks).toBe(1)

    await call('tasks.update', { workspace_sid: ws, sid: task.sid, assignment_status: 'canceled' })
    expect(await cumulative()).toMatchObject({ tasks_created: 1, tasks_canceled: 1 })
    expect(await queueKpis()).toMatchObject({ abandoned: 1 })

    // What the engine counted equals a rebuild from the stored Events log.
    const restarted = new Engine({ clock })
    restarted.load(await store.load())
    restarted.replayStatistics(ws, await store.queryEvents({ workspace_sid: ws }))
    expect(restarted.query('statsCumulative.workspace', { workspace_sid: ws, split_by_wait_time: '10,60' })).toEqual(engine.query('statsCumulative.workspace', { workspace_sid: ws, split_by_wait_time: '10,60' }))
  })
})
