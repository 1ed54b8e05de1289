import { describe, expect, it } from 'vitest'
import type { LiveStats, StatsDelta, StatsSnapshot } from '@contract'
import { LiveStatsFrame } from '@renderer/app/liveStatsModel'
import { diffLiveStats } from '../../../src-main/api/statsDelta'
import { FakeClock } from '../../../src-main/engine/clock'
import { Engine } from '../../../src-main/engine/engine'

/** `stats.snapshot` as the live frame can rebuild it: everything but the per-queue-per-channel KPIs. */
function withoutQueueChannels(snapshot: StatsSnapshot): StatsSnapshot {
  return { ...snapshot, kpis: { ...snapshot.kpis, queues: snapshot.kpis.queues.map((queue) => ({ ...queue, by_channel: [] })) } }
}

/** A small contact center on the engine alone (the renderer's test project has no Node APIs). */
function contactCenter() {
  const clock = new FakeClock(Date.UTC(2026, 0, 2, 12, 0, 0))
  const engine = new Engine({ clock })
  const call = <T>(method: string, input: object): T => {
    const run = (engine.isQuery(method as 'stats.live') ? engine.query(method as 'stats.live', input as never) : engine.execute(method as 'workspaces.create', input as never).result) as unknown
    return run as T
  }
  const ws = call<{ sid: string }>('workspaces.create', { friendly_name: 'Live', multi_task_enabled: true }).sid
  const activities = call<{ sid: string; friendly_name: string }[]>('activities.list', { workspace_sid: ws })
  const activity = (name: string): string => activities.find((entry) => entry.friendly_name === name)!.sid
  const sales = call<{ sid: string }>('queues.create', { workspace_sid: ws, friendly_name: 'Sales', target_workers: 'skills HAS "sales"', sla_threshold_seconds: 30 }).sid
  const support = call<{ sid: string }>('queues.create', { workspace_sid: ws, friendly_name: 'Support', target_workers: 'skills HAS "support"' }).sid
  const workers: string[] = []
  for (const [index, skills] of [['sales'], ['sales', 'support'], ['support'], []].entries()) {
    const available = index % 2 === 0 ? activity('Available') : activity('Offline')
    workers.push(call<{ sid: string }>('workers.create', { workspace_sid: ws, friendly_name: `W${index}`, attributes: JSON.stringify({ skills }), activity_sid: available }).sid)
  }
  const live = (): LiveStats => engine.query('stats.live', { workspace_sid: ws })
  const snapshot = (): StatsSnapshot => withoutQueueChannels(engine.query('stats.snapshot', { workspace_sid: ws }))
  return { clock, engine, call, ws, sales, support, workers, activity, live, snapshot }
}

describe('the live statistics frame (stats.live)', () => {
  it('rebuilds exactly what stats.snapshot answers, minus per-queue-per-channel KPIs', () => {
    const { clock, call, ws, sales, support, live, snapshot } = contactCenter()
    call('tasks.create', { workspace_sid: ws, task_queue_sid: sales, attributes: '{}', priority: 5, task_channel: 'voice' })
    clock.advance(7_500)
    call('tasks.create', { workspace_sid: ws, task_queue_sid: support, attributes: '{}', task_channel: 'chat' })
    call('tasks.create', { workspace_sid: ws, task_queue_sid: support, attributes: '{}', priority: 2 })
    clock.advance(3_200)

    const frame = live()
    expect(frame.seq).toBe(0)
    expect(new LiveStatsFrame(frame).snapshot()).toEqual(snapshot())
  })

  it('is a fraction of the snapshot it replaces', () => {
    const { engine, call, ws } = contactCenter()
    for (let index = 0; index < 20; index++) call('queues.create', { workspace_sid: ws, friendly_name: `Q${index}`, target_workers: '1==1' })
    const snapshotBytes = JSON.stringify(engine.query('stats.snapshot', { workspace_sid: ws })).length
    const frameBytes = JSON.stringify(engine.query('stats.live', { workspace_sid: ws })).length
    expect(frameBytes).toBeLessThan(snapshotBytes / 3)
  })
})

describe('a client frame kept by deltas (diffLiveStats -> LiveStatsFrame.apply)', () => {
  it('equals the engine after every change, and each delta holds only what changed', () => {
    const { clock, call, ws, sales, support, workers, activity, live, snapshot } = contactCenter()
    let pushed = { ...live(), seq: 1 }
    const client = new LiveStatsFrame(pushed)
    type Delta = Extract<StatsDelta, { kind: 'delta' }>
    /** `sends` null: the step must change nothing in the frame. */
    const steps: { name: string; act: () => unknown; sends: ((delta: Delta) => void) | null }[] = [
      {
        name: 'a task waits in Sales',
        act: () => call('tasks.create', { workspace_sid: ws, task_queue_sid: sales, attributes: '{}' }),
        sends: (delta) => expect(delta.queues.map((queue) => queue.task_queue_sid)).toEqual([sales]),
      },
      {
        name: 'time passes: the waiting task only ages, and ages are start times in the frame',
        act: () => clock.advance(5_000),
        sends: (delta) => expect(delta.queues).toEqual([]),
      },
      {
        name: 'a Support agent goes offline',
        act: () => call('workers.update', { workspace_sid: ws, sid: workers[2]!, activity_sid: activity('Offline') }),
        sends: (delta) => {
          expect(delta.queues.map((queue) => queue.task_queue_sid)).toEqual([support])
          expect(Object.keys(delta.queues[0]!).sort()).toEqual(['activity_workers', 'agents_offline', 'occupancy', 'task_queue_sid', 'total_available_workers'])
        },
      },
      {
        name: 'a queue is added',
        act: () => call('queues.create', { workspace_sid: ws, friendly_name: 'Billing', target_workers: '1==1' }),
        sends: (delta) => expect(delta.queues.at(-1)).toMatchObject({ friendly_name: 'Billing', total_eligible_workers: 4 }),
      },
      {
        name: 'a queue is removed',
        act: () => call('queues.delete', { workspace_sid: ws, sid: support }),
        sends: (delta) => expect(delta.removed_queues).toEqual([support]),
      },
      { name: 'nothing happens', act: () => undefined, sends: null },
    ]
    for (const step of steps) {
      step.act()
      const next = live()
      const delta = diffLiveStats(pushed, next, pushed.seq + 1)
      if (step.sends === null) {
        expect(delta, step.name).toBeNull()
        continue
      }
      if (delta?.kind !== 'delta') throw new Error(`${step.name}: expected a delta`)
      step.sends(delta)
      pushed = { ...next, seq: delta.seq }
      expect(client.apply(delta), step.name).toBe('applied')
      expect(client.snapshot(), step.name).toEqual(snapshot())
    }
  })

  it('refuses a delta after a gap and ignores an old one', () => {
    const { call, ws, sales, live } = contactCenter()
    const first = { ...live(), seq: 1 }
    const client = new LiveStatsFrame(first)
    call('tasks.create', { workspace_sid: ws, task_queue_sid: sales, attributes: '{}' })
    const delta = diffLiveStats(first, live(), 3)!
    expect(client.apply(delta)).toBe('gap')
    expect(client.apply({ ...delta, seq: 1 })).toBe('stale')
    expect(client.apply({ ...delta, seq: 2 })).toBe('applied')
    expect(client.seq).toBe(2)
  })

  it('takes a new queue only whole: a partial row for an unknown queue is a gap', () => {
    const { live } = contactCenter()
    const client = new LiveStatsFrame({ ...live(), seq: 1 })
    const partial: StatsDelta = { kind: 'delta', workspace_sid: client.workspaceSid, seq: 2, generated_at_ms: 0, queues: [{ task_queue_sid: 'WQ' + 'f'.repeat(32), total_tasks: 1 }], removed_queues: [] }
    expect(client.apply(partial)).toBe('gap')
  })
})

describe('diffLiveStats', () => {
  it('sends a whole frame when the activities change (every activity_workers list changes shape)', () => {
    const { live } = contactCenter()
    const before = live()
    const renamed = { ...before, activities: before.activities.map((entry, index) => (index === 0 ? { ...entry, friendly_name: 'Lunch' } : entry)) }
    expect(diffLiveStats(before, renamed, 9)).toMatchObject({ kind: 'full', seq: 9 })
    expect(diffLiveStats(before, { ...before, generated_at_ms: before.generated_at_ms + 1000 }, 9)).toBeNull()
  })
})
