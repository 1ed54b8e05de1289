import { describe, expect, it } from 'vitest'
import { createDispatch } from '../../../src-main/api/dispatch'
import { EventBus } from '../../../src-main/api/eventBus'
import { FakeClock } from '../../../src-main/engine/clock'
import { Engine } from '../../../src-main/engine/engine'
import { createMemoryStore } from '../../../src-main/store/memoryStore'
import { routingFixture } from './fixture'

/** RoutingTarget=WK... (REFERENCE §2.2 CreateTask, "Routing target"; routing/directRouting.ts). */

const seconds = (n: number): number => n * 1000

/** Ann is the target; `state` puts her in the situation the case needs before the task is created. */
type WorkerState = 'available' | 'offline' | 'at capacity' | 'channel off'

function setUp(state: WorkerState) {
  const f = routingFixture()
  f.queue('Q')
  f.workflow({ default_filter: { queue: 'Q' } })
  const ann = f.worker('Ann', {}, { available: state !== 'offline' })
  if (state === 'at capacity') {
    const busy = f.task()
    f.accept(busy.sid, 'Ann')
  }
  if (state === 'channel off') f.engine.execute('workerChannels.update', { workspace_sid: f.ws, worker_sid: ann, sid: 'default', available: false })
  return { f, ann }
}

/** Undoes what setUp did, so Ann can take the task under any rule. */
function release(f: ReturnType<typeof routingFixture>, ann: string, state: WorkerState): void {
  if (state === 'offline') f.setActivity('Ann', 'Available')
  if (state === 'at capacity') {
    const busy = f.engine.query('tasks.list', { workspace_sid: f.ws, assignment_status: ['assigned'] })[0]!
    f.complete(busy.sid)
  }
  if (state === 'channel off') f.events.push(...f.engine.execute('workerChannels.update', { workspace_sid: f.ws, worker_sid: ann, sid: 'default', available: true }).events)
}

describe('a task routed straight to a worker', () => {
  it.each<{ ignoreCapacity: boolean | undefined; state: WorkerState; offeredAtOnce: boolean }>([
    { ignoreCapacity: undefined, state: 'available', offeredAtOnce: true },
    { ignoreCapacity: undefined, state: 'offline', offeredAtOnce: true },
    { ignoreCapacity: undefined, state: 'at capacity', offeredAtOnce: true },
    { ignoreCapacity: undefined, state: 'channel off', offeredAtOnce: false },
    { ignoreCapacity: true, state: 'offline', offeredAtOnce: true },
    { ignoreCapacity: false, state: 'available', offeredAtOnce: true },
    { ignoreCapacity: false, state: 'offline', offeredAtOnce: false },
    { ignoreCapacity: false, state: 'at capacity', offeredAtOnce: false },
    { ignoreCapacity: false, state: 'channel off', offeredAtOnce: false },
  ])('IgnoreCapacity $ignoreCapacity, worker $state: offered at once = $offeredAtOnce, else when the worker can take it', ({ ignoreCapacity, state, offeredAtOnce }) => {
    const { f, ann } = setUp(state)
    const task = f.task({}, { routing_target: ann, ...(ignoreCapacity === undefined ? {} : { ignore_capacity: ignoreCapacity }) })
    expect(f.offeredTo(task.sid)).toEqual(offeredAtOnce ? ['Ann'] : [])
    expect(task.assignment_status).toBe(offeredAtOnce ? 'reserved' : 'pending')
    if (!offeredAtOnce) {
      release(f, ann, state)
      expect(f.offeredTo(task.sid)).toEqual(['Ann'])
    }
    f.accept(task.sid, 'Ann')
    expect(f.taskView(task.sid).assignment_status).toBe('assigned')
  })

  it('enters no workflow and no queue, shows its routing target, and emits task.created then the reservation events only', () => {
    const f = routingFixture()
    f.queue('Q')
    // Two workflows: a direct task needs none of them (WorkflowSid alone would be required).
    f.workflow({ default_filter: { queue: 'Q' } })
    f.workflow({ default_filter: { queue: 'Q' } })
    const ann = f.worker('Ann')
    const task = f.task({ type: 'callback' }, { routing_target: ann })
    expect(task).toMatchObject({ routing_target: ann, ignore_capacity: true, workflow_sid: null, task_queue_sid: null, task_queue_entered_date: null, assignment_status: 'reserved' })
    const reservation = f.reservations({ task_sid: task.sid })[0]!
    // Counted in the workspace's real-time statistics, in no queue's.
    expect(f.engine.query('statsRealtime.workspace', { workspace_sid: f.ws }).tasks_by_status).toMatchObject({ reserved: 1 })
    expect(f.engine.query('statsRealtime.queue', { workspace_sid: f.ws, task_queue_sid: f.queueSid('Q') }).tasks_by_status).toMatchObject({ reserved: 0 })
    f.accept(task.sid)
    f.complete(task.sid)
    expect(f.eventTypes(task.sid).concat(f.eventTypes(reservation.sid))).toEqual(['task.created', 'task.completed', 'reservation.created', 'reservation.accepted', 'reservation.completed'])
    const created = f.events.find((e) => e.event_type === 'reservation.created')!
    expect(created.event_data).toMatchObject({ task_sid: task.sid, worker_sid: ann, task_queue_sid: null, workflow_sid: null })
  })

  it('is offered to nobody else, even when other workers of the workspace are free', () => {
    const f = routingFixture()
    f.queue('Q')
    f.workflow({ default_filter: { queue: 'Q' } })
    f.worker('Free')
    const ann = f.worker('Ann', {}, { available: false })
    const task = f.task({}, { routing_target: ann, ignore_capacity: false })
    f.setActivity('Free', 'Offline')
    f.setActivity('Free', 'Available')
    expect(f.offeredTo(task.sid)).toEqual([])
  })

  it.each([
    { ending: 'rejected', end: (f: ReturnType<typeof routingFixture>, sid: string) => f.respond(sid, { reservation_status: 'rejected' }) },
    { ending: 'timed out after 120 s', end: (f: ReturnType<typeof routingFixture>) => f.clock.advance(seconds(120)) },
  ])('after its reservation was $ending, waits and is offered again on the worker\'s next change', ({ end }) => {
    const f = routingFixture()
    const ann = f.worker('Ann')
    const task = f.task({}, { routing_target: ann })
    end(f, f.reservations({ task_sid: task.sid })[0]!.sid)
    expect(f.taskView(task.sid).assignment_status).toBe('pending')
    expect(f.offeredTo(task.sid)).toEqual([])
    f.setActivity('Ann', 'Break')
    expect(f.offeredTo(task.sid)).toEqual(['Ann'])
  })

  it('is canceled when its TTL passes while it waits, and no longer waits for the worker', () => {
    const f = routingFixture()
    const ann = f.worker('Ann', {}, { available: false })
    const task = f.task({}, { routing_target: ann, ignore_capacity: false, timeout: 60 })
    f.clock.advance(seconds(60))
    expect(f.taskView(task.sid)).toMatchObject({ assignment_status: 'canceled', reason: 'Task TTL Exceeded' })
    f.setActivity('Ann', 'Available')
    expect(f.reservations({ task_sid: task.sid })).toEqual([])
  })

  it('goes first, then the highest priority and oldest, when the worker frees up', () => {
    const f = routingFixture()
    f.queue('Q')
    f.workflow({ default_filter: { queue: 'Q' } })
    const ann = f.worker('Ann', {}, { available: false })
    const queued = f.task({}, {})
    const low = f.task({}, { routing_target: ann, ignore_capacity: false, priority: 1 })
    f.clock.advance(1000)
    const high = f.task({}, { routing_target: ann, ignore_capacity: false, priority: 5 })
    f.setActivity('Ann', 'Available')
    expect([queued, low, high].map((t) => f.offeredTo(t.sid))).toEqual([[], [], ['Ann']])
  })

  it('re-runs nothing on new attributes but is offered again to its worker (decision 13)', () => {
    const f = routingFixture()
    const ann = f.worker('Ann')
    const task = f.task({}, { routing_target: ann })
    f.updateTask(task.sid, { attributes: '{"vip":true}' })
    expect(f.reservations({ task_sid: task.sid }).map((r) => r.reservation_status)).toEqual(['canceled', 'pending'])
    expect(f.eventTypes(task.sid).filter((t) => t.startsWith('workflow.') || t.startsWith('task-queue.'))).toEqual([])
  })
})

describe('RoutingTarget on create', () => {
  it.each([
    { what: 'an unknown worker', input: (_f: ReturnType<typeof routingFixture>) => ({ routing_target: 'WK' + 'f'.repeat(32) }), code: 20404, param: 'routing_target' },
    { what: 'a target with a WorkflowSid', input: (f: ReturnType<typeof routingFixture>) => ({ routing_target: f.workerSid('Ann'), workflow_sid: 'WW' + '0'.repeat(32) }), code: 20001, param: 'routing_target' },
    { what: 'an unknown queue', input: (_f: ReturnType<typeof routingFixture>) => ({ routing_target: 'WQ' + 'f'.repeat(32) }), code: 20404, param: 'routing_target' },
  ])('refuses $what (code $code, param $param)', ({ input, code, param }) => {
    const f = routingFixture()
    f.worker('Ann')
    expect(() => f.task({}, input(f))).toThrow(expect.objectContaining({ code, param }))
  })

  it('takes a queue or a workflow SID as TaskQueueSid or WorkflowSid would, and echoes it', () => {
    const f = routingFixture()
    const queue = f.queue('Q')
    const workflow = f.workflow({ default_filter: { queue: 'Q' } })
    expect(f.task({}, { routing_target: queue })).toMatchObject({ routing_target: queue, ignore_capacity: null, task_queue_sid: queue, workflow_sid: null })
    expect(f.task({}, { routing_target: workflow, ignore_capacity: false })).toMatchObject({ routing_target: workflow, ignore_capacity: null, task_queue_sid: queue, workflow_sid: workflow })
  })

  it('filters the task list by RoutingTarget', () => {
    const f = routingFixture()
    f.queue('Q')
    f.workflow({ default_filter: { queue: 'Q' } })
    const ann = f.worker('Ann')
    const bob = f.worker('Bob')
    const toAnn = f.task({}, { routing_target: ann })
    f.task({}, { routing_target: bob })
    f.task()
    expect(f.engine.query('tasks.list', { workspace_sid: f.ws, routing_target: ann }).map((t) => t.sid)).toEqual([toAnn.sid])
  })
})

describe('after a restart', () => {
  it('a direct task still waits for its worker and is offered when the worker becomes able', async () => {
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
    const worker = (await call<{ sid: string }>(dispatch('workers.create', { workspace_sid: ws, friendly_name: 'Ann' }))).sid
    const task = await call<{ sid: string; assignment_status: string }>(dispatch('tasks.create', { workspace_sid: ws, routing_target: worker, ignore_capacity: false }))
    expect(task.assignment_status).toBe('pending')

    const restarted = new Engine({ clock: new FakeClock(clock.now()) })
    restarted.load(await store.load())
    const available = restarted.query('activities.list', { workspace_sid: ws, friendly_name: 'Available' })[0]!.sid
    restarted.execute('workers.update', { workspace_sid: ws, sid: worker, activity_sid: available })
    expect(restarted.query('tasks.get', { workspace_sid: ws, sid: task.sid })).toMatchObject({ assignment_status: 'reserved', routing_target: worker, ignore_capacity: false })
  })
})
