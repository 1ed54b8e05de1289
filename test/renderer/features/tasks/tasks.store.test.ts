import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { flushPromises } from '@vue/test-utils'
import { installTransport } from '@renderer/app/api'
import { TIMELINE_MINUTES, useTasksStore } from '@renderer/features/tasks/tasks.store'
import type { Task } from '@contract'
import { createFakeTransport, fail } from '../../fakes/fakeTransport'
import { WS, createEvent, createReservation, createTask } from '../../fakes/factories'

beforeEach(() => setActivePinia(createPinia()))

function backend(tasks: Task[]) {
  const rows = [...tasks]
  const reservation = createReservation({ task_sid: rows[0]?.sid })
  const transport = createFakeTransport({
    'tasks.list': (input) => rows.filter((t) => !input.assignment_status || (input.assignment_status as string[]).includes(t.assignment_status)),
    'tasks.get': (input) => {
      const task = rows.find((t) => t.sid === input.sid)
      if (!task) throw fail({ code: 20404, status: 404, message: 'not found' })
      return task
    },
    'tasks.update': (input) => {
      const task = rows.find((t) => t.sid === input.sid)!
      if (input.assignment_status === 'completed' && task.assignment_status === 'pending') throw fail({ message: 'A pending task cannot be completed', param: 'assignment_status' })
      Object.assign(task, { assignment_status: input.assignment_status, reason: input.reason ?? null, version: task.version + 1 })
      return { ...task }
    },
    'queues.list': () => [],
    'workflows.list': () => [],
    'reservations.list': () => [reservation],
    'reservations.update': (input) => ({ ...reservation, reservation_status: input.reservation_status }),
    // Newest first, as the server answers; both in the same millisecond.
    'events.list': () => [createEvent({ event_type: 'task-queue.entered', resource_sid: rows[0]!.sid, event_date_ms: 1 }), createEvent({ event_type: 'task.created', resource_sid: rows[0]!.sid, event_date_ms: 1 })],
  })
  return { transport, rows }
}

describe('tasks store', () => {
  it('lists active tasks newest first; changing the status filter refetches', async () => {
    const old = createTask({ date_created: '2026-11-21T09:00:00Z' })
    const recent = createTask({ date_created: '2026-11-21T11:00:00Z' })
    const done = createTask({ assignment_status: 'completed' })
    const { transport } = backend([old, recent, done])
    installTransport(transport)
    const store = useTasksStore()
    await store.show(WS)
    expect(store.tasks.map((t) => t.sid)).toEqual([recent.sid, old.sid])
    store.setFilters({ statuses: ['completed'] })
    await flushPromises()
    expect(store.tasks.map((t) => t.sid)).toEqual([done.sid])
  })

  it('follows a pushed change: a new task appears, a completed one leaves the active list', async () => {
    const first = createTask()
    const { transport, rows } = backend([first])
    installTransport(transport)
    const store = useTasksStore()
    await store.show(WS)
    const added = createTask({ date_created: '2026-11-22T10:00:00Z' })
    rows.push(added)
    first.assignment_status = 'completed'
    first.version = 2
    transport.emit('app.changed', { workspace_sid: WS, changes: [{ kind: 'task', sid: added.sid, op: 'put' }, { kind: 'task', sid: first.sid, op: 'put' }] })
    await flushPromises()
    expect(store.tasks.map((t) => t.sid)).toEqual([added.sid])
  })

  it('cancels with a reason; an invalid transition is refused with the server message', async () => {
    const task = createTask()
    const { transport } = backend([task])
    installTransport(transport)
    const store = useTasksStore()
    await store.show(WS)
    await expect(store.transition(task.sid, 'completed')).rejects.toThrow('A pending task cannot be completed')
    await store.transition(task.sid, 'canceled', 'Customer hung up')
    expect(transport.calls.at(-1)!.input).toMatchObject({ assignment_status: 'canceled', reason: 'Customer hung up' })
  })

  it('opening a task loads its reservations and its timeline (oldest first, 30 days), then appends pushed events', async () => {
    const task = createTask()
    const { transport } = backend([task])
    installTransport(transport)
    const store = useTasksStore()
    await store.show(WS)
    await store.open(task.sid)
    expect(store.reservations).toHaveLength(1)
    expect(store.timeline.map((e) => e.event_type)).toEqual(['task.created', 'task-queue.entered'])
    expect(transport.calls.find((c) => c.method === 'events.list')!.input).toMatchObject({ task_sid: task.sid, minutes: TIMELINE_MINUTES })
    transport.emit('app.event', createEvent({ event_type: 'reservation.accepted', resource_sid: 'WR' + '9'.repeat(32), event_data: { task_sid: task.sid } }))
    transport.emit('app.event', createEvent({ event_type: 'task.created', resource_sid: 'WT' + '9'.repeat(32), event_data: {} }))
    expect(store.timeline.at(-1)!.event_type).toBe('reservation.accepted')
    expect(store.timeline).toHaveLength(3)
    await store.answerReservation(task.sid, store.reservations[0]!.sid, 'accepted')
    expect(store.reservations[0]!.reservation_status).toBe('accepted')
  })
})
