import { describe, expect, it } from 'vitest'
import { routingFixture } from './fixture'

describe('a task through its workflow to a worker and back (REFERENCE §3)', () => {
  it('is reserved for the available worker of the matching queue, accepted, wrapped and completed', () => {
    const f = routingFixture()
    f.queue('Support', 'skills HAS "support"')
    f.workflow({ filters: [{ filter_friendly_name: 'Support', expression: 'type == "support"', targets: [{ queue: 'Support' }] }] })
    f.worker('Alice', { skills: ['support'] })
    const task = f.task({ type: 'support' })
    expect(task.assignment_status).toBe('reserved')
    expect(task.task_queue_friendly_name).toBe('Support')
    expect(f.offeredTo(task.sid)).toEqual(['Alice'])

    f.accept(task.sid)
    expect(f.taskView(task.sid).assignment_status).toBe('assigned')
    expect(f.channelLoad('Alice')).toMatchObject({ assigned_tasks: 1, available_capacity_percentage: 0 })

    f.updateTask(task.sid, { assignment_status: 'wrapping' })
    expect(f.reservations({ task_sid: task.sid })[0]!.reservation_status).toBe('wrapping')
    expect(f.channelLoad('Alice')).toMatchObject({ assigned_tasks: 0, available_capacity_percentage: 0 })

    f.complete(task.sid)
    expect(f.taskView(task.sid)).toMatchObject({ assignment_status: 'completed', reason: 'done' })
    expect(f.reservations({ task_sid: task.sid })[0]!.reservation_status).toBe('completed')
    expect(f.channelLoad('Alice')).toMatchObject({ assigned_tasks: 0, available_capacity_percentage: 100 })
    expect(f.eventTypes(task.sid)).toEqual(['task.created', 'workflow.entered', 'workflow.target-matched', 'task-queue.entered', 'task.wrapup', 'task.completed'])
    expect(f.events.filter((e) => e.resource_type === 'reservation').map((e) => e.event_type)).toEqual(['reservation.created', 'reservation.accepted', 'reservation.wrapup', 'reservation.completed'])
  })

  it('waits pending while nobody is available, and is offered as soon as a worker becomes available', () => {
    const f = routingFixture()
    f.queue('Everyone')
    f.workflow({ default_filter: { queue: 'Everyone' } })
    f.worker('Bob', {}, { available: false })
    const task = f.task()
    expect(task.assignment_status).toBe('pending')
    f.setActivity('Bob', 'Available')
    expect(f.offeredTo(task.sid)).toEqual(['Bob'])
  })

  it.each([
    ['cancel an assigned task', 'canceled', /because it is not pending or reserved/],
    ['wrap a pending task', 'wrapping', /because it is not currently assigned/],
    ['complete a pending task', 'completed', /because it is not currently assigned/],
  ] as const)('refuses to %s with 400/20001 (REFERENCE §3.1)', (label, status, message) => {
    const f = routingFixture()
    f.queue('Q')
    f.workflow({ default_filter: { queue: 'Q' } })
    if (label.includes('assigned')) f.worker('Ann')
    const task = f.task()
    if (label.includes('assigned')) f.accept(task.sid)
    expect(() => f.updateTask(task.sid, { assignment_status: status })).toThrow(message)
    expect(() => f.updateTask(task.sid, { assignment_status: status })).toThrow(expect.objectContaining({ code: 20001 }))
  })

  it('cancels a reserved task with its reason; the pending reservation becomes canceled and the worker is free', () => {
    const f = routingFixture()
    f.queue('Q')
    f.workflow({ default_filter: { queue: 'Q' } })
    f.worker('Ann')
    const task = f.task()
    f.updateTask(task.sid, { assignment_status: 'canceled', reason: 'caller hung up' })
    expect(f.taskView(task.sid)).toMatchObject({ assignment_status: 'canceled', reason: 'caller hung up' })
    expect(f.reservations({ task_sid: task.sid })[0]!.reservation_status).toBe('canceled')
    expect(f.channelLoad('Ann').available_capacity_percentage).toBe(100)
  })

  it('refuses status and attributes in one request (two requests in TaskRouter)', () => {
    const f = routingFixture()
    f.queue('Q')
    f.workflow({ default_filter: { queue: 'Q' } })
    const task = f.task()
    expect(() => f.updateTask(task.sid, { assignment_status: 'canceled', attributes: '{}' })).toThrow(/two separate requests/)
  })

  it('requires WorkflowSid when the workspace has several workflows, and accepts a direct TaskQueueSid (decision 11)', () => {
    const f = routingFixture()
    const q = f.queue('Q')
    f.workflow({ default_filter: { queue: 'Q' } })
    f.workflow({ default_filter: { queue: 'Q' } })
    expect(() => f.task()).toThrow(/workflow_sid is required: the workspace has 2 workflows/)
    const direct = f.task({}, { task_queue_sid: q })
    expect(direct).toMatchObject({ assignment_status: 'pending', task_queue_sid: q, workflow_sid: null })
  })
})

describe('deleting a task (REFERENCE §2.2: any state)', () => {
  it('an assigned task releases its worker, who takes the next waiting task', () => {
    const f = routingFixture()
    f.queue('Q')
    f.workflow({ default_filter: { queue: 'Q' } })
    f.worker('Ann')
    const first = f.task()
    f.accept(first.sid)
    const second = f.task()
    expect(f.offeredTo(second.sid)).toEqual([])
    f.engine.execute('tasks.delete', { workspace_sid: f.ws, sid: first.sid })
    expect(() => f.taskView(first.sid)).toThrow(/not found/)
    expect(f.offeredTo(second.sid)).toEqual(['Ann'])
  })

  it('the manual grab pattern routes a task to the worker it names (task.worker_sid == worker.sid)', () => {
    const f = routingFixture()
    f.queue('Q')
    f.workflow({ filters: [{ expression: '1==1', targets: [{ queue: 'Q', expression: 'task.worker_sid == worker.sid' }] }] })
    f.worker('Other')
    const chosen = f.worker('Chosen')
    expect(f.offeredTo(f.task({ worker_sid: chosen }).sid)).toEqual(['Chosen'])
  })
})
