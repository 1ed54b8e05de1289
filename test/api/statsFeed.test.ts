import { describe, expect, it, vi } from 'vitest'
import { createDispatch } from '../../src-main/api/dispatch'
import { EventBus } from '../../src-main/api/eventBus'
import { startStatsFeed } from '../../src-main/api/statsFeed'
import { StorageError } from '../../src-main/store/port'
import type { LiveStats, StatsDelta } from '../../src-main/contract/liveStats'
import { pushEvents } from '../../src-main/contract/pushEvents'
import type { Kpis } from '../../src-main/contract/statistics'
import { FakeClock } from '../../src-main/engine/clock'
import { Engine } from '../../src-main/engine/engine'
import { createMemoryStore } from '../../src-main/store/memoryStore'

describe('live statistics feed (app.statsDelta)', () => {
  it('pushes only when something changed, and statistics survive a restart from the store', async () => {
    const clock = new FakeClock()
    const engine = new Engine({ clock })
    const bus = new EventBus()
    const store = createMemoryStore()
    const dispatch = createDispatch({ engine, store, bus, info: { version: 'test', mode: 'headless', dataDir: '/tmp' } })
    const pushed: StatsDelta[] = []
    const feed = startStatsFeed(engine, bus, { timers: false })

    const created = await dispatch('workspaces.create', { friendly_name: 'Feed', template: 'FIFO' })
    if (!created.ok) throw new Error(created.error.message)
    const ws = created.data.sid
    // Nobody watching (no window, web UI or share stream): no snapshot is even read.
    const onlyInternal = bus.on('app.changed', () => undefined)
    feed.tick()
    expect(pushed).toHaveLength(0)
    onlyInternal()
    // A client connects (transports forward every event): the change made meanwhile is pushed.
    bus.onAny((event, payload) => {
      if (event === 'app.statsDelta') pushed.push(payload as StatsDelta)
    })
    feed.tick()
    expect(pushed).toHaveLength(1)
    feed.tick()
    expect(pushed).toHaveLength(1)
    await dispatch('tasks.create', { workspace_sid: ws, attributes: '{}' })
    feed.tick()
    expect(pushed).toHaveLength(2)
    expect(pushed[0]!.kind).toBe('full')
    expect(pushed[1]).toMatchObject({ kind: 'delta', seq: 2, workspace: { total_tasks: 1 }, queues: [{ total_tasks: 1 }] })
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

describe('live statistics feed: numbering and stats.live', () => {
  async function feedSetUp() {
    const engine = new Engine({ clock: new FakeClock() })
    const bus = new EventBus()
    const dispatch = createDispatch({ engine, store: createMemoryStore(), bus, info: { version: 'test', mode: 'headless', dataDir: '/tmp' } })
    const call = async <T>(method: string, input: object): Promise<T> => {
      const result = await dispatch(method as 'stats.live', input as never)
      if (!result.ok) throw Object.assign(new Error(result.error.message), { error: result.error })
      return result.data as T
    }
    const ws = (await call<{ sid: string }>('workspaces.create', { friendly_name: 'Feed', template: 'FIFO' })).sid
    const feed = startStatsFeed(engine, bus, { timers: false })
    const pushes: StatsDelta[] = []
    bus.onAny((event, payload) => {
      if (event === 'app.statsDelta') pushes.push(pushEvents['app.statsDelta'].parse(payload))
    })
    return { engine, call, ws, feed, pushes }
  }

  it('numbers pushes per workspace, and stats.live answers the frame the next delta continues from', async () => {
    const { call, ws, feed, pushes } = await feedSetUp()
    const frame = await call<LiveStats>('stats.live', { workspace_sid: ws })
    // The workspace's first push is whole (nobody can hold a frame to apply a delta to yet).
    expect(pushes.map((push) => [push.kind, push.seq])).toEqual([['full', 1]])
    expect(frame.seq).toBe(1)
    await call('tasks.create', { workspace_sid: ws, attributes: '{}' })
    feed.tick()
    await call('tasks.create', { workspace_sid: ws, attributes: '{}' })
    // Reading the frame pushes what changed first, so the answer and the pushes agree.
    expect((await call<LiveStats>('stats.live', { workspace_sid: ws })).seq).toBe(3)
    expect(pushes.map((push) => [push.kind, push.seq])).toEqual([['full', 1], ['delta', 2], ['delta', 3]])
    feed.tick()
    expect(pushes).toHaveLength(3)
    feed.stop()
  })

  it('answers an unknown workspace with a TaskRouter 20404', async () => {
    const { call, feed } = await feedSetUp()
    await expect(call('stats.live', { workspace_sid: 'WS' + '0'.repeat(32) })).rejects.toMatchObject({ error: { code: 20404 } })
    feed.stop()
  })

  it('without a feed, stats.live answers the engine frame with seq 0 (no deltas follow)', async () => {
    const { call, ws, feed } = await feedSetUp()
    feed.stop()
    expect((await call<LiveStats>('stats.live', { workspace_sid: ws })).seq).toBe(0)
  })
})
