import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { startDemo } from '../../src-main/api/demo'
import { createDispatch } from '../../src-main/api/dispatch'
import { EventBus } from '../../src-main/api/eventBus'
import { FakeClock } from '../../src-main/engine/clock'
import { Engine } from '../../src-main/engine/engine'
import { sequentialIds } from '../../src-main/engine/ids'
import { createMemoryStore } from '../../src-main/store/memoryStore'

const center: unknown = JSON.parse(readFileSync(new URL('../../resources/demo/contact-center.json', import.meta.url), 'utf8'))

/** Moves the shared fake clock a second at a time, letting dispatch's promises settle between. */
async function runFor(clock: FakeClock, seconds: number): Promise<void> {
  for (let second = 0; second < seconds; second++) {
    clock.advance(1000)
    await new Promise((resolve) => setImmediate(resolve))
  }
}

describe('demo mode', () => {
  it('loads the demo contact center and feeds it live traffic on the engine clock', async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 5, 10, 0, 0))
    const engine = new Engine({ clock, ids: sequentialIds() })
    const bus = new EventBus()
    const dispatch = createDispatch({ engine, store: createMemoryStore(), bus, info: { version: 'test', mode: 'headless', dataDir: '/tmp/x' } })
    const { demo, traffic } = await startDemo({ dispatch, bus, center, clock, seed: 4 })
    const ws = demo.workspaceSid
    expect(demo.reused).toBe(false)
    expect(demo.workerSids).toHaveLength(200)
    expect(engine.query('queues.list', { workspace_sid: ws })).toHaveLength(12)
    expect([...demo.workflows.keys()]).toEqual(['Main routing', 'Digital', 'After hours'])
    expect(new Set(engine.query('channels.list', { workspace_sid: ws }).map((channel) => channel.unique_name))).toEqual(new Set(['default', 'voice', 'chat', 'sms', 'video']))

    await runFor(clock, 20 * 60)
    const counts = traffic.counts()
    // About 800 tasks/h at 10:00 with the office profile: a few hundred in 20 minutes.
    expect(counts.created).toBeGreaterThan(150)
    expect(counts.accepted).toBeGreaterThan(100)
    expect(counts.completed).toBeGreaterThan(50)
    expect(counts.breaks).toBeGreaterThan(0)
    const workers = engine.query('workers.list', { workspace_sid: ws })
    const byActivity = new Map<string, number>()
    for (const worker of workers) byActivity.set(worker.activity_name, (byActivity.get(worker.activity_name) ?? 0) + 1)
    expect(byActivity.get('Available')).toBeGreaterThan(100)
    expect(byActivity.get('Offline')).toBeGreaterThan(5)
    const live = engine.query('tasks.list', { workspace_sid: ws, assignment_status: ['assigned'] })
    expect(live.length).toBeGreaterThan(10)

    traffic.stop()
    const stopped = traffic.counts().created
    await runFor(clock, 120)
    expect(traffic.counts().created).toBe(stopped)

    // A second start reuses the workspace (and its history) instead of making another, and
    // closes the tasks the stopped traffic left live.
    expect(engine.query('tasks.list', { workspace_sid: ws, assignment_status: ['pending', 'reserved', 'assigned', 'wrapping'] }).length).toBeGreaterThan(0)
    const again = await startDemo({ dispatch, bus, center, clock, seed: 5 })
    again.traffic.stop()
    expect(again.demo).toMatchObject({ workspaceSid: ws, reused: true })
    expect(engine.query('workspaces.list', {})).toHaveLength(1)
    expect(engine.query('tasks.list', { workspace_sid: ws, assignment_status: ['pending', 'reserved', 'assigned', 'wrapping'] })).toEqual([])
  }, 120_000)

  it('refuses a broken demo file with the field at fault', async () => {
    const engine = new Engine({ clock: new FakeClock(), ids: sequentialIds() })
    const bus = new EventBus()
    const dispatch = createDispatch({ engine, store: createMemoryStore(), bus, info: { version: 'test', mode: 'headless', dataDir: '/tmp/x' } })
    await expect(startDemo({ dispatch, bus, center: { ...(center as object), queues: [] } })).rejects.toThrow(/queues/)
  })
})
