import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { pushLiveStats } from '../../fakes/fakeLiveStats'
import { flushPromises, mount } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import type { Router } from 'vue-router'
import { defineComponent, h } from 'vue'
import { NMessageProvider } from 'naive-ui'
import { installTransport } from '@renderer/app/api'
import { createAppRouter } from '@renderer/app/router'
import HealthView from '@renderer/features/health/HealthView.vue'
import HealthBadge from '@renderer/features/health/HealthBadge.vue'
import { HEALTH_DEBOUNCE_MS } from '@renderer/features/health/health.store'
import { findProblems, sentByTimeout } from '@renderer/features/health/healthProblems'
import { useWorkspacesStore } from '@renderer/features/workspaces/workspaces.store'
import type { Reservation, Task, Worker } from '@contract'
import { createFakeTransport, createWorkspace, fail } from '../../fakes/fakeTransport'
import type { FakeTransport } from '../../fakes/fakeTransport'
import { WS, createActivity, createEvent, createReservation, createTask, createWorker, createWorkflow } from '../../fakes/factories'

vi.mock('@renderer/app/liveStats', () => import('../../fakes/fakeLiveStats'))

const offline = createActivity({ friendly_name: 'Timed out', available: false })
const idle = createActivity({ friendly_name: 'Idle', available: true })
const flow = createWorkflow({ friendly_name: 'Main', task_reservation_timeout: 120 })
const QUEUE = 'WQ' + 'b'.repeat(32)

let wrapper: VueWrapper | null = null
let router: Router
let transport: FakeTransport
let parked: Worker[]
let live: Task[]
let eligible: number
let offers: Reservation[]
const byTestId = (id: string): HTMLElement | null => document.body.querySelector(`[data-testid="${id}"]`)
const kinds = (): string[] => [...document.body.querySelectorAll<HTMLElement>('[data-testid="health-problem"]')].map((row) => row.dataset.kind!)
async function click(element: Element | null | undefined): Promise<void> {
  expect(element, 'element to click').toBeTruthy()
  ;(element as HTMLElement).click()
  await flushPromises()
}
function snapshot(eligibleWorkers: number): unknown {
  return {
    workspace_sid: WS,
    queues: [
      { task_queue_sid: QUEUE, friendly_name: 'Billing', total_eligible_workers: eligibleWorkers, total_available_workers: 0, tasks_by_status: { pending: 2, reserved: 0, assigned: 0, wrapping: 0 } },
      { task_queue_sid: 'WQ' + 'c'.repeat(32), friendly_name: 'Sales', total_eligible_workers: 0, total_available_workers: 0, tasks_by_status: { pending: 0, reserved: 0, assigned: 0, wrapping: 0 } },
    ],
  }
}

beforeEach(async () => {
  document.body.innerHTML = ''
  eligible = 0
  parked = [createWorker({ friendly_name: 'Tom Parked', activity_sid: offline.sid, activity_name: offline.friendly_name })]
  const old = createTask({ age: 90, timeout: 100, assignment_status: 'pending', workflow_sid: flow.sid, task_queue_sid: QUEUE, task_queue_friendly_name: 'Billing' })
  const fresh = createTask({ age: 5, timeout: 3600, assignment_status: 'reserved', workflow_sid: flow.sid })
  live = [old, fresh]
  offers = [createReservation({ task_sid: fresh.sid, worker_name: 'Ann', date_created: new Date(Date.now() - 100_000).toISOString() })]
  transport = createFakeTransport({
    'workspaces.list': () => [createWorkspace({ sid: WS, default_activity_sid: idle.sid, timeout_activity_sid: offline.sid })],
    'activities.list': () => [offline, idle],
    'workers.list': (input) => (input.activity_sid === offline.sid ? [...parked] : []),
    'tasks.list': () => [...live],
    'reservations.list': (input) => (input.reservation_status === 'pending' ? [...offers] : []),
    'workflows.list': () => [flow],
    'stats.snapshot': () => snapshot(eligible),
    'workers.update': (input) => {
      parked = parked.filter((worker) => worker.sid !== input.sid)
      return createWorker({ sid: input.sid as string, activity_sid: input.activity_sid as string })
    },
    'tasks.update': (input) => {
      if (!input.reason) throw fail({ message: 'A reason is required', param: 'reason' })
      live = live.filter((task) => task.sid !== input.sid)
      return createTask({ sid: input.sid as string, assignment_status: 'canceled', reason: input.reason as string })
    },
  })
  installTransport(transport)
  const pinia = createPinia()
  setActivePinia(pinia)
  await useWorkspacesStore().load()
  router = createAppRouter(createMemoryHistory())
  await router.push(`/workspaces/${WS}/health`)
  const Host = defineComponent({
    render: () => h(NMessageProvider, null, { default: () => [h(HealthBadge, { workspaceSid: WS }), h(HealthView, { workspaceSid: WS })] }),
  })
  wrapper = mount(Host, { global: { plugins: [pinia, router] }, attachTo: document.body })
  await flushPromises()
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
})

describe('HealthView', () => {
  it('lists the four kinds of stuck state, and the badge counts them', async () => {
    expect(kinds()).toEqual(['queue-unstaffed', 'worker-timeout', 'task-ttl', 'reservation-timeout'])
    expect(byTestId('health-queues')?.textContent).toContain('Billing')
    expect(byTestId('health-queues')?.textContent).not.toContain('Sales')
    expect(byTestId('health-workers')?.textContent).toContain('Tom Parked')
    expect(byTestId('health-tasks')?.textContent).toContain('(90%)')
    expect(byTestId('health-reservations')?.textContent).toContain('Ann')
    expect(byTestId('health-count')?.textContent).toBe('4')
    expect(byTestId('health-badge')?.getAttribute('aria-label')).toBe('Health: 4 problems')
    // Only pending reservations and the timeout activity's workers were asked for.
    expect(transport.calls.find((c) => c.method === 'workers.list')!.input).toMatchObject({ activity_sid: offline.sid })
  })

  it('links an unstaffed queue and a reservation to where they are fixed (?select=)', async () => {
    await click(byTestId('health-open-queue'))
    expect(router.currentRoute.value.name).toBe('queues')
    expect(router.currentRoute.value.query.select).toBe(QUEUE)
  })

  it('"Make available" moves the worker to the available default activity', async () => {
    expect(byTestId('health-workers')?.textContent).toContain('moves them to Idle')
    const tom = parked[0]!.sid
    await click(byTestId('health-make-available'))
    expect(transport.calls.find((c) => c.method === 'workers.update')!.input).toEqual({ workspace_sid: WS, sid: tom, activity_sid: idle.sid })
    expect(kinds()).not.toContain('worker-timeout')
    expect(byTestId('health-count')?.textContent).toBe('3')
  })

  it('cancels a task near its TTL with a reason; a refusal is shown on the row', async () => {
    await click(byTestId('health-cancel'))
    const reason = byTestId('health-cancel-reason') as HTMLInputElement
    expect(reason.value).toContain('time-to-live')
    reason.value = ''
    reason.dispatchEvent(new Event('input'))
    await flushPromises()
    // An empty reason falls back to a default one; make the server refuse once to see the error.
    transport.handlers['tasks.update'] = () => {
      throw fail({ message: 'Task is already canceled', param: 'assignment_status' })
    }
    await click(byTestId('health-cancel-confirm'))
    expect(byTestId('health-fix-error')?.textContent).toContain('already canceled')
    transport.handlers['tasks.update'] = (input) => {
      live = live.filter((task) => task.sid !== input.sid)
      return createTask({ sid: input.sid as string, assignment_status: 'canceled' })
    }
    await click(byTestId('health-cancel-confirm'))
    const cancel = transport.calls.filter((c) => c.method === 'tasks.update').at(-1)!.input
    expect(cancel).toMatchObject({ assignment_status: 'canceled', reason: 'Canceled from Health' })
    expect(kinds()).not.toContain('task-ttl')
  })

  it('"Re-create" copies a task near its TTL (same routing, same place in line), then cancels the original naming the copy', async () => {
    const original = live[0]!
    const copy = createTask({ assignment_status: 'pending' })
    transport.handlers['tasks.create'] = () => copy
    await click(byTestId('health-recreate'))
    expect(transport.calls.find((c) => c.method === 'tasks.create')!.input).toEqual({
      workspace_sid: WS,
      attributes: original.attributes,
      priority: original.priority,
      timeout: original.timeout,
      task_channel: original.task_channel_unique_name,
      virtual_start_time: original.virtual_start_time,
      workflow_sid: flow.sid,
    })
    expect(transport.calls.filter((c) => c.method === 'tasks.update').at(-1)!.input).toEqual({ workspace_sid: WS, sid: original.sid, assignment_status: 'canceled', reason: `Re-created as ${copy.sid} with a fresh time-to-live` })
    expect(kinds()).not.toContain('task-ttl')
    expect(document.body.textContent).toContain(`Re-created as ${copy.sid}`)
  })

  it('"Re-create" cancels the copy again when the original was taken meanwhile, and says why', async () => {
    const original = live[0]!
    const copy = createTask({ assignment_status: 'pending' })
    transport.handlers['tasks.create'] = () => copy
    transport.handlers['tasks.get'] = () => ({ ...original, assignment_status: 'assigned' })
    transport.handlers['tasks.update'] = (input) => {
      if (input.sid === original.sid) throw fail({ message: 'Task is assigned; it can no longer be canceled', param: 'assignment_status' })
      return createTask({ sid: copy.sid, assignment_status: 'canceled' })
    }
    await click(byTestId('health-recreate'))
    expect(transport.calls.filter((c) => c.method === 'tasks.update').at(-1)!.input).toMatchObject({ sid: copy.sid, assignment_status: 'canceled', reason: `Duplicate of ${original.sid}, which was assigned before it could be replaced` })
    expect(byTestId('health-fix-error')?.textContent).toContain('can no longer be canceled')
  })

  it.each([
    ['health-accept', 'accepted'],
    ['health-reject', 'rejected'],
  ])('%s answers a reservation about to time out on the worker\'s behalf (%s)', async (button, answer) => {
    transport.handlers['reservations.update'] = (input) => {
      offers = offers.filter((offer) => offer.sid !== input.sid)
      return createReservation({ sid: input.sid as string, reservation_status: answer as 'accepted' })
    }
    await click(byTestId(button))
    expect(transport.calls.find((c) => c.method === 'reservations.update')!.input).toMatchObject({ workspace_sid: WS, reservation_status: answer })
    expect(kinds()).not.toContain('reservation-timeout')
  })

  it('"Re-route tasks" re-runs the waiting tasks\' workflows and reports how many left the queue', async () => {
    transport.handlers['workflows.update'] = () => flow
    let waiting = [live[0]!]
    transport.handlers['tasks.list'] = (input) => (input.task_queue_sid === QUEUE ? (() => { const now = waiting; waiting = []; return now })() : [...live])
    await click(byTestId('health-reroute'))
    expect(transport.calls.find((c) => c.method === 'workflows.update')!.input).toEqual({ workspace_sid: WS, sid: flow.sid, re_evaluate_tasks: true })
    expect(byTestId('health-reroute-result')?.textContent).toContain('Re-ran Main: all 1 task left the queue.')
  })

  it('is live: a pushed app.stats clears the queue at once; a pushed change refetches (debounced, once)', async () => {
    eligible = 3
    pushLiveStats(snapshot(3))
    await flushPromises()
    expect(kinds()).not.toContain('queue-unstaffed')

    // Let any refresh scheduled by an earlier test's store settle first.
    await new Promise((resolve) => setTimeout(resolve, HEALTH_DEBOUNCE_MS + 100))
    const before = transport.calls.filter((c) => c.method === 'tasks.list').length
    parked = [...parked, createWorker({ friendly_name: 'Una Late', activity_sid: offline.sid, activity_name: offline.friendly_name })]
    for (let i = 0; i < 5; i += 1) transport.emit('app.changed', { workspace_sid: WS, changes: [{ kind: 'worker', sid: parked[1]!.sid, op: 'put' }] })
    await vi.waitFor(() => expect(byTestId('health-workers')?.textContent).toContain('Una Late'), { timeout: 2000 })
    expect(transport.calls.filter((c) => c.method === 'tasks.list').length).toBe(before + 1)
  })
})

describe('findProblems', () => {
  it('counts time: a task crosses 80% of its TTL as the clock moves, without a refetch', () => {
    const task = createTask({ age: 70, timeout: 100 })
    const input = { staffing: [], timeoutWorkers: [], tasks: [task], pendingReservations: [], workflows: [], fetchedAt: 0 }
    expect(findProblems({ ...input, now: 9_000 })).toHaveLength(0)
    expect(findProblems({ ...input, now: 10_000 })).toMatchObject([{ kind: 'task-ttl', ageSeconds: 80 }])
    expect(findProblems({ ...input, tasks: [{ ...task, assignment_status: 'assigned' }], now: 60_000 })).toHaveLength(0)
  })
})

describe('sentByTimeout', () => {
  it('keeps the workers whose last activity change came with a reservation timeout', () => {
    const changed = '2026-11-21T10:00:00Z'
    const timedOut = createWorker({ date_status_changed: changed })
    const wentOfflineLater = createWorker({ date_status_changed: '2026-11-21T11:00:00Z' })
    const justOffline = createWorker({ date_status_changed: changed })
    const at = Date.parse(changed)
    const events = [
      createEvent({ event_type: 'reservation.timeout', event_date_ms: at, event_data: { worker_sid: timedOut.sid } }),
      createEvent({ event_type: 'reservation.timeout', event_date_ms: at, event_data: { worker_sid: wentOfflineLater.sid } }),
    ]
    expect(sentByTimeout([timedOut, wentOfflineLater, justOffline], events).map((w) => w.sid)).toEqual([timedOut.sid])
  })
})
