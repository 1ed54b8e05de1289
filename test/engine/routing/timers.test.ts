import { describe, expect, it } from 'vitest'
import { createMemoryStore } from '../../../src-main/store/memoryStore'
import { Engine } from '../../../src-main/engine/engine'
import { FakeClock } from '../../../src-main/engine/clock'
import { createDispatch } from '../../../src-main/api/dispatch'
import { EventBus } from '../../../src-main/api/eventBus'
import { routingFixture } from './fixture'

const seconds = (n: number): number => n * 1000

describe('reservation timeout (TaskReservationTimeout, decision 8)', () => {
  it('times the reservation out, sends the worker to the timeout activity, and offers the task to the next worker', () => {
    const f = routingFixture()
    f.queue('Q')
    f.workflow({ default_filter: { queue: 'Q' } }, { task_reservation_timeout: 30 })
    f.worker('Slow')
    f.clock.advance(1000)
    f.worker('Next')
    const task = f.task()
    expect(f.offeredTo(task.sid)).toEqual(['Slow'])
    f.clock.advance(seconds(29))
    expect(f.offeredTo(task.sid)).toEqual(['Slow'])
    f.clock.advance(seconds(1))
    expect(f.workerView('Slow').activity_name).toBe('Offline')
    expect(f.offeredTo(task.sid)).toEqual(['Next'])
    expect(f.eventTypes().filter((t) => t.startsWith('reservation.') || t === 'worker.activity.update').slice(-4)).toEqual(['reservation.created', 'reservation.timeout', 'worker.activity.update', 'reservation.created'])
  })
})

describe('reject (REFERENCE §3.3)', () => {
  it('with WorkerActivitySid moves the worker there and offers the task to the next worker', () => {
    const f = routingFixture()
    f.queue('Q')
    f.workflow({ default_filter: { queue: 'Q' } })
    f.worker('First')
    f.clock.advance(1000)
    f.worker('Second')
    const task = f.task()
    const reservation = f.reservations({ task_sid: task.sid })[0]!
    f.respond(reservation.sid, { reservation_status: 'rejected', worker_activity_sid: f.activity('Break') })
    expect(f.workerView('First').activity_name).toBe('Break')
    expect(f.offeredTo(task.sid)).toEqual(['Second'])
  })

  it('RejectPendingReservations with an unavailable activity rejects every pending reservation of the worker', () => {
    const f = routingFixture()
    f.queue('Q')
    f.workflow({ default_filter: { queue: 'Q' } })
    f.worker('Ann', {}, { capacity: { default: 3 } })
    const tasks = [f.task(), f.task(), f.task()]
    f.setActivity('Ann', 'Offline', { reject_pending_reservations: true })
    expect(f.reservations({ worker_sid: f.workerSid('Ann') }).map((r) => r.reservation_status)).toEqual(['rejected', 'rejected', 'rejected'])
    expect(tasks.map((t) => f.taskView(t.sid).assignment_status)).toEqual(['pending', 'pending', 'pending'])
  })
})

describe('workflow steps (REFERENCE §5.2)', () => {
  it('moves to the next target when a target times out, applying its priority; cancels after the last', () => {
    const f = routingFixture()
    f.queue('Tier1')
    f.queue('Tier2')
    f.workflow({ filters: [{ filter_friendly_name: 'Escalate', expression: '1==1', targets: [{ queue: 'Tier1', timeout: 60 }, { queue: 'Tier2', priority: 10, timeout: 120 }] }] })
    const task = f.task()
    expect(f.taskView(task.sid).task_queue_friendly_name).toBe('Tier1')
    f.clock.advance(seconds(60))
    expect(f.taskView(task.sid)).toMatchObject({ task_queue_friendly_name: 'Tier2', priority: 10 })
    f.clock.advance(seconds(120))
    expect(f.taskView(task.sid)).toMatchObject({ assignment_status: 'canceled', reason: 'Workflow Timeout' })
    expect(f.eventTypes(task.sid).filter((t) => t.startsWith('task-queue.') || t.startsWith('workflow.') || t === 'task.canceled')).toEqual([
      'workflow.entered', 'workflow.target-matched', 'task-queue.entered',
      'task-queue.timeout', 'workflow.target-matched', 'task-queue.moved',
      'task-queue.timeout', 'workflow.timeout', 'task.canceled',
    ])
  })

  it('after the last target of a filter, continues with the next matching filter, never the default filter', () => {
    const f = routingFixture()
    f.queue('Gold')
    f.queue('Everyone')
    f.queue('Fallback')
    f.workflow({
      filters: [
        { expression: 'tier == "gold"', targets: [{ queue: 'Gold', timeout: 10 }] },
        { expression: 'tier == "silver"', targets: [{ queue: 'Fallback' }] },
        { expression: '1==1', targets: [{ queue: 'Everyone' }] },
      ],
      default_filter: { queue: 'Fallback' },
    })
    const task = f.task({ tier: 'gold' })
    f.clock.advance(seconds(10))
    expect(f.taskView(task.sid).task_queue_friendly_name).toBe('Everyone')
  })

  it('skip_if skips a step nobody can take now, and skipping the last filter can reach the default filter', () => {
    const f = routingFixture()
    f.queue('Specialists', 'skills HAS "special"')
    f.queue('Fallback')
    f.workflow({
      filters: [{ expression: '1==1', targets: [{ queue: 'Specialists', skip_if: 'workers.available == 0' }] }],
      default_filter: { queue: 'Fallback' },
    })
    f.worker('Generalist')
    const task = f.task()
    expect(f.taskView(task.sid).task_queue_friendly_name).toBe('Fallback')
    expect(f.offeredTo(task.sid)).toEqual(['Generalist'])
  })

  it('cancels a task that matches no filter when there is no default filter (decision 6)', () => {
    const f = routingFixture()
    f.queue('Q')
    f.workflow({ filters: [{ expression: 'type == "sales"', targets: [{ queue: 'Q' }] }] })
    expect(f.task({ type: 'support' })).toMatchObject({ assignment_status: 'canceled', reason: 'No matching workflow filter' })
  })

  it('re-evaluates a waiting task whose attributes change (decision 13)', () => {
    const f = routingFixture()
    f.queue('Sales')
    f.queue('Support')
    f.workflow({ filters: [{ expression: 'type == "sales"', targets: [{ queue: 'Sales' }] }, { expression: 'type == "support"', targets: [{ queue: 'Support' }] }] })
    const task = f.task({ type: 'sales' })
    f.updateTask(task.sid, { attributes: JSON.stringify({ type: 'support' }) })
    expect(f.taskView(task.sid).task_queue_friendly_name).toBe('Support')
  })
})

describe('task TTL (REFERENCE §3.4)', () => {
  it('cancels a waiting task when its timeout passes, with "Task TTL Exceeded"', () => {
    const f = routingFixture()
    f.queue('Q')
    f.workflow({ default_filter: { queue: 'Q' } })
    const task = f.task({}, { timeout: 300 })
    f.clock.advance(seconds(299))
    expect(f.taskView(task.sid).assignment_status).toBe('pending')
    f.clock.advance(seconds(1))
    expect(f.taskView(task.sid)).toMatchObject({ assignment_status: 'canceled', reason: 'Task TTL Exceeded' })
  })

  it('does not cancel an assigned task', () => {
    const f = routingFixture()
    f.queue('Q')
    f.workflow({ default_filter: { queue: 'Q' } })
    f.worker('Ann')
    const task = f.task({}, { timeout: 60 })
    f.accept(task.sid)
    f.clock.advance(seconds(120))
    expect(f.taskView(task.sid).assignment_status).toBe('assigned')
  })
})

describe('after a restart', () => {
  it('re-arms timers from stored deadlines: a reservation that expired while closed times out at start-up', async () => {
    const clock = new FakeClock()
    const store = createMemoryStore()
    const engine = new Engine({ clock })
    const dispatch = createDispatch({ engine, store, bus: new EventBus(), info: { version: 't', mode: 'headless', dataDir: '' } })
    const call = async <T>(result: Promise<{ ok: boolean; data?: T; error?: unknown }>): Promise<T> => {
      const settled = await result
      if (!settled.ok) throw new Error(JSON.stringify(settled.error))
      return settled.data as T
    }
    const ws = (await call<{ sid: string }>(dispatch('workspaces.create', { friendly_name: 'W' }))).sid
    const queue = (await call<{ sid: string }>(dispatch('queues.create', { workspace_sid: ws, friendly_name: 'Q' }))).sid
    await call(dispatch('workflows.create', { workspace_sid: ws, friendly_name: 'WF', configuration: JSON.stringify({ task_routing: { default_filter: { queue } } }), task_reservation_timeout: 30 }))
    const available = engine.query('activities.list', { workspace_sid: ws, friendly_name: 'Available' })[0]!.sid
    const worker = (await call<{ sid: string }>(dispatch('workers.create', { workspace_sid: ws, friendly_name: 'Ann', activity_sid: available }))).sid
    const task = (await call<{ sid: string; assignment_status: string }>(dispatch('tasks.create', { workspace_sid: ws })))
    expect(task.assignment_status).toBe('reserved')

    // "Restart": a new engine (with its own timers) loads what the store made durable.
    const restartedClock = new FakeClock(clock.now())
    const restarted = new Engine({ clock: restartedClock })
    const background: string[] = []
    restarted.onBackgroundOutcome((outcome) => background.push(...outcome.events.map((e) => e.event_type)))
    restarted.load(await store.load())
    expect(restarted.query('tasks.get', { workspace_sid: ws, sid: task.sid }).assignment_status).toBe('reserved')
    restartedClock.advance(seconds(31))
    expect(background).toEqual(['reservation.timeout', 'worker.activity.update'])
    expect(restarted.query('workers.get', { workspace_sid: ws, sid: worker }).activity_name).toBe('Offline')
    expect(restarted.query('tasks.get', { workspace_sid: ws, sid: task.sid }).assignment_status).toBe('pending')
  })
})
