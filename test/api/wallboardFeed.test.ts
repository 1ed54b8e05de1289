import { describe, expect, it } from 'vitest'
import { createDispatch } from '../../src-main/api/dispatch'
import { EventBus } from '../../src-main/api/eventBus'
import { startStatsFeed } from '../../src-main/api/statsFeed'
import { attachWallboardFeed } from '../../src-main/api/wallboardFeed'
import type { WallboardPush } from '../../src-main/contract/wallboard'
import { FakeClock } from '../../src-main/engine/clock'
import { Engine } from '../../src-main/engine/engine'
import { createMemoryStore } from '../../src-main/store/memoryStore'

async function setUp() {
  const clock = new FakeClock()
  const engine = new Engine({ clock })
  const bus = new EventBus()
  const dispatch = createDispatch({ engine, store: createMemoryStore(), bus, info: { version: 'test', mode: 'headless', dataDir: '/tmp' } })
  const ok = async <T>(promise: Promise<{ ok: true; data: T } | { ok: false; error: { message: string } }>): Promise<T> => {
    const result = await promise
    if (!result.ok) throw new Error(result.error.message)
    return result.data
  }
  const ws = (await ok(dispatch('workspaces.create', { friendly_name: 'Feed', template: 'FIFO' }))).sid
  const activities = await ok(dispatch('activities.list', { workspace_sid: ws }))
  const activity = (name: string): string => activities.find((entry) => entry.friendly_name === name)!.sid
  const workers = []
  for (const name of ['Ann', 'Bob', 'Cy']) workers.push(await ok(dispatch('workers.create', { workspace_sid: ws, friendly_name: name, activity_sid: activity('Offline') })))
  let wallClock = 0
  const feed = attachWallboardFeed(engine, bus, { timers: false, now: () => wallClock })
  const pushed: WallboardPush[] = []
  bus.on('app.wallboard', (push) => pushed.push(push))
  return { engine, bus, dispatch, ok, ws, workers, activity, feed, pushed, advanceWallClock: (ms: number) => (wallClock += ms) }
}

describe('wallboard feed (app.wallboard)', () => {
  it('pushes only the tiles that changed, with the available count, and nothing when nothing changed', async () => {
    const { dispatch, ok, ws, workers, activity, feed, pushed } = await setUp()
    feed.flush()
    expect(pushed).toEqual([])

    await ok(dispatch('workers.update', { workspace_sid: ws, sid: workers[1]!.sid, activity_sid: activity('Available') }))
    feed.flush()
    expect(pushed).toHaveLength(1)
    expect(pushed[0]).toMatchObject({ workspace_sid: ws, available_workers: 1, kpis_30m: null, agents: { changes: [[workers[1]!.sid, activity('Available'), 0]], removed: [] } })

    // A change that moves no tile (a rename) pushes nothing.
    await ok(dispatch('workers.update', { workspace_sid: ws, sid: workers[0]!.sid, friendly_name: 'Ann B.' }))
    feed.flush()
    expect(pushed).toHaveLength(1)

    await ok(dispatch('workers.delete', { workspace_sid: ws, sid: workers[2]!.sid }))
    feed.flush()
    expect(pushed[1]!.agents).toEqual({ changes: [], removed: [workers[2]!.sid] })
  })

  it('reads only the workers a change touched; a worker-channel change re-reads the whole grid', async () => {
    const { engine, dispatch, ok, ws, workers, activity, feed, pushed } = await setUp()
    const reads: string[] = []
    const query = engine.query.bind(engine)
    engine.query = ((method: string, input: never) => {
      if (method.startsWith('wallboardAgents.')) reads.push(method)
      return query(method as 'wallboardAgents.get', input)
    }) as typeof engine.query

    await ok(dispatch('workers.update', { workspace_sid: ws, sid: workers[0]!.sid, activity_sid: activity('Available') }))
    await ok(dispatch('workers.update', { workspace_sid: ws, sid: workers[2]!.sid, activity_sid: activity('Available') }))
    feed.flush()
    expect(reads).toEqual(['wallboardAgents.tiles'])
    expect(pushed.at(-1)).toMatchObject({ available_workers: 2, agents: { changes: [[workers[0]!.sid, activity('Available'), 0], [workers[2]!.sid, activity('Available'), 0]] } })

    // A task reserves an available worker: its load moves through the reservation's change.
    await ok(dispatch('tasks.create', { workspace_sid: ws, attributes: '{}' }))
    feed.flush()
    expect(reads).toEqual(['wallboardAgents.tiles', 'wallboardAgents.tiles'])
    expect(pushed.at(-1)!.agents.changes).toHaveLength(1)
    expect(pushed.at(-1)!.agents.changes[0]![2]).toBe(100)

    const channel = (await ok(dispatch('workerChannels.list', { workspace_sid: ws, worker_sid: workers[1]!.sid })))[0]!
    await ok(dispatch('workerChannels.update', { workspace_sid: ws, worker_sid: workers[1]!.sid, sid: channel.sid, capacity: 3 }))
    feed.flush()
    expect(reads.at(-1)).toBe('wallboardAgents.get')
  })

  it('adds the 30-minute KPIs to a push riding on app.statsDelta, at most every 15 s', async () => {
    const { engine, bus, feed, pushed, advanceWallClock, ws, dispatch, ok } = await setUp()
    const stats = startStatsFeed(engine, bus, { timers: false })
    stats.tick()
    feed.flush()
    expect(pushed).toHaveLength(1)
    expect(pushed[0]!.kpis_30m).toMatchObject({ workspace_sid: ws, window: '30m', rollup: { period: { sla_percent: null } } })

    await ok(dispatch('tasks.create', { workspace_sid: ws, attributes: '{}' }))
    advanceWallClock(1000)
    stats.tick()
    feed.flush()
    expect(pushed).toHaveLength(1)
    advanceWallClock(14_000)
    await ok(dispatch('tasks.create', { workspace_sid: ws, attributes: '{}' }))
    stats.tick()
    feed.flush()
    expect(pushed).toHaveLength(2)
    expect(pushed[1]!.kpis_30m).not.toBeNull()
    stats.stop()
    feed.stop()
  })
})
