import { describe, expect, it } from 'vitest'
import { createDispatch } from '../../../src-main/api/dispatch'
import { EventBus } from '../../../src-main/api/eventBus'
import { FakeClock } from '../../../src-main/engine/clock'
import type { EngineContext } from '../../../src-main/engine/configuration/context'
import { Engine } from '../../../src-main/engine/engine'
import { sequentialIds } from '../../../src-main/engine/ids'
import { ASSIGNED_TASK_LIFETIME_MS, FINISHED_TASK_RETENTION_MS, retentionBacklog } from '../../../src-main/engine/routing/retention'
import { createMemoryStore } from '../../../src-main/store/memoryStore'
import { routingFixture } from './fixture'

const HOUR = 60 * 60 * 1000
const DAY = 24 * HOUR

/** A workspace with one queue, one workflow and the given workers (capacity 1 each). */
function oneQueue(workers: string[]) {
  const f = routingFixture()
  f.queue('Q')
  f.workflow({ default_filter: { queue: 'Q' } }, { task_reservation_timeout: 86_400 })
  for (const name of workers) {
    f.worker(name)
    f.clock.advance(1000)
  }
  return f
}

const exists = (f: ReturnType<typeof oneQueue>, sid: string): boolean => f.engine.query('tasks.list', { workspace_sid: f.ws }).some((t) => t.sid === sid)

describe('the system deletes an assigned task not completed within 24 hours (REFERENCE §3.1, §3.4)', () => {
  it.each([
    { status: 'assigned', wrap: false },
    { status: 'wrapping', wrap: true },
  ])('deletes a task left $status 24 h after its acceptance, with task.system-deleted, and frees the worker', ({ wrap }) => {
    const f = oneQueue(['Ann'])
    const task = f.task()
    f.clock.advance(5 * HOUR)
    f.accept(task.sid, 'Ann')
    if (wrap) {
      f.clock.advance(HOUR)
      f.updateTask(task.sid, { assignment_status: 'wrapping' })
    }
    const waiting = f.task()
    expect(f.offeredTo(waiting.sid)).toEqual([])

    f.clock.advance(ASSIGNED_TASK_LIFETIME_MS - (wrap ? HOUR : 0) - 1)
    expect(exists(f, task.sid)).toBe(true)
    f.clock.advance(1)
    expect(exists(f, task.sid)).toBe(false)
    expect(() => f.taskView(task.sid)).toThrow(/was not found/)
    expect(f.reservations({ task_sid: waiting.sid }).map((r) => f.workerName(r.worker_sid))).toEqual(['Ann'])
    expect(f.reservations().filter((r) => r.task_sid === task.sid)).toEqual([])

    const deleted = f.events.find((e) => e.event_type === 'task.system-deleted')!
    expect(deleted).toMatchObject({ resource_type: 'task', resource_sid: task.sid })
    expect(deleted.event_data).toMatchObject({ task_sid: task.sid, worker_sid: f.workerSid('Ann'), task_assignment_status: wrap ? 'wrapping' : 'assigned' })
    expect(f.eventTypes(task.sid).slice(-1)).toEqual(['task.system-deleted'])
  })

  it('leaves a task completed in time alone (it stays in the history instead)', () => {
    const f = oneQueue(['Ann'])
    const task = f.task()
    f.accept(task.sid)
    f.clock.advance(23 * HOUR)
    f.complete(task.sid)
    f.clock.advance(2 * HOUR)
    expect(f.taskView(task.sid).assignment_status).toBe('completed')
    expect(f.eventTypes().filter((t) => t.endsWith('deleted'))).toEqual([])
  })
})

describe('completed and canceled tasks stay in the history for the retention window (decision 15)', () => {
  it.each([
    { how: 'completed', finish: (f: ReturnType<typeof oneQueue>, sid: string) => { f.accept(sid); f.complete(sid) } },
    { how: 'canceled', finish: (f: ReturnType<typeof oneQueue>, sid: string) => f.updateTask(sid, { assignment_status: 'canceled' }) },
  ])('a $how task is deleted 30 days later, with its reservations and without an event', ({ finish }) => {
    const f = oneQueue(['Ann'])
    const task = f.task()
    f.clock.advance(HOUR)
    finish(f, task.sid)
    const eventsBefore = f.events.length

    f.clock.advance(FINISHED_TASK_RETENTION_MS - 1)
    expect(exists(f, task.sid)).toBe(true)
    f.clock.advance(1)
    expect(exists(f, task.sid)).toBe(false)
    expect(f.reservations().filter((r) => r.task_sid === task.sid)).toEqual([])
    expect(f.events.slice(eventsBefore).filter((e) => e.resource_sid === task.sid)).toEqual([])
    expect(f.engine.query('workerChannels.get', { workspace_sid: f.ws, worker_sid: f.workerSid('Ann'), sid: 'default' }).assigned_tasks).toBe(0)
  })

  it('keeps one timer per workspace however many tasks wait for deletion', () => {
    const f = oneQueue(['Ann'])
    const timersBefore = f.clock.pendingTimers
    for (let i = 0; i < 20; i++) {
      const task = f.task()
      f.accept(task.sid)
      f.complete(task.sid)
      f.clock.advance(1000)
    }
    expect(f.clock.pendingTimers - timersBefore).toBeLessThanOrEqual(1)
    const state = (f.engine as unknown as { ctx: EngineContext }).ctx.workspaces.get(f.ws)!
    expect(retentionBacklog(state)).toEqual({ assigned: 20, finished: 20 })
    f.clock.advance(FINISHED_TASK_RETENTION_MS)
    expect(f.engine.query('tasks.list', { workspace_sid: f.ws })).toEqual([])
    expect(retentionBacklog(state)).toEqual({ assigned: 0, finished: 0 })
  })
})

describe('after a restart the deletion clocks go on from the stored records', () => {
  it('deletes an assigned task 24 h after its acceptance and a completed one 30 days after completion, counting time before the restart', async () => {
    const clock = new FakeClock()
    const store = createMemoryStore()
    const engine = new Engine({ clock, ids: sequentialIds() })
    const dispatch = createDispatch({ engine, store, bus: new EventBus(), info: { version: 't', mode: 'headless', dataDir: '' } })
    const call = async (method: Parameters<typeof dispatch>[0], input: object): Promise<Record<string, string>> => {
      const result = await dispatch(method, input)
      if (!result.ok) throw new Error(JSON.stringify(result.error))
      return result.data as Record<string, string>
    }
    const ws = (await call('workspaces.create', { friendly_name: 'Restart', multi_task_enabled: true })).sid!
    const available = engine.query('activities.list', { workspace_sid: ws, friendly_name: 'Available' })[0]!.sid
    const queue = (await call('queues.create', { workspace_sid: ws, friendly_name: 'Q', target_workers: '1==1' })).sid
    const worker = (await call('workers.create', { workspace_sid: ws, friendly_name: 'Ann', activity_sid: available })).sid!
    await call('workerChannels.update', { workspace_sid: ws, worker_sid: worker, sid: 'default', capacity: 2 })
    const reserveAndAccept = async (): Promise<string> => {
      const task = (await call('tasks.create', { workspace_sid: ws, task_queue_sid: queue })).sid!
      const pending = engine.query('reservations.list', { workspace_sid: ws, task_sid: task, reservation_status: 'pending' })[0]!
      await call('reservations.update', { workspace_sid: ws, sid: pending.sid, reservation_status: 'accepted' })
      return task
    }
    const finished = await reserveAndAccept()
    await call('tasks.update', { workspace_sid: ws, sid: finished, assignment_status: 'completed' })
    const stuck = await reserveAndAccept()
    clock.advance(10 * HOUR)

    const restarted = new Engine({ clock, ids: sequentialIds() })
    restarted.load(await store.load())
    const present = (sid: string): boolean => restarted.query('tasks.list', { workspace_sid: ws }).some((t) => t.sid === sid)
    const background: string[] = []
    restarted.onBackgroundOutcome((outcome) => background.push(...outcome.events.map((e) => e.event_type)))

    clock.advance(14 * HOUR - 1)
    expect(present(stuck)).toBe(true)
    clock.advance(1)
    expect(present(stuck)).toBe(false)
    expect(background).toContain('task.system-deleted')
    clock.advance(30 * DAY - DAY - 1)
    expect(present(finished)).toBe(true)
    clock.advance(1)
    expect(present(finished)).toBe(false)
  })
})
