import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { flushPromises } from '@vue/test-utils'
import { installTransport } from '@renderer/app/api'
import { useQueuesStore } from '@renderer/features/queues/queues.store'
import type { TaskQueue } from '@contract'
import { createFakeTransport, fail } from '../../fakes/fakeTransport'
import { WS, createQueue, createTask, createWorker } from '../../fakes/factories'

beforeEach(() => setActivePinia(createPinia()))
afterEach(() => vi.useRealTimers())

function backend(queues: TaskQueue[]) {
  const rows = [...queues]
  const tasks = [createTask({ task_queue_sid: queues[0]?.sid ?? null, assignment_status: 'pending' })]
  const workers = [createWorker({ available: true }), createWorker({ available: false })]
  const transport = createFakeTransport({
    'queues.list': () => [...rows],
    'tasks.list': (input) => tasks.filter((t) => t.task_queue_sid === input.task_queue_sid),
    'workers.list': (input) => (input.task_queue_sid === queues[0]?.sid ? workers : []),
    'queues.create': (input) => {
      const queue = createQueue({ friendly_name: String(input.friendly_name), target_workers: String(input.target_workers) })
      rows.push(queue)
      return queue
    },
    'queues.delete': (input) => {
      throw fail({ message: `Task queue '${rows.find((q) => q.sid === input.sid)?.friendly_name}' is used by workflow 'Main'; remove it from their configuration first`, param: 'sid' })
    },
  })
  return { transport, rows, tasks, workers }
}

describe('queues store', () => {
  it('loads queues sorted by name with waiting / eligible / available counts', async () => {
    const support = createQueue({ friendly_name: 'Support' })
    const { transport } = backend([support, createQueue({ friendly_name: 'Billing' })])
    installTransport(transport)
    const store = useQueuesStore()
    await store.show(WS)
    expect(store.queues.map((q) => q.friendly_name)).toEqual(['Billing', 'Support'])
    expect(store.counts[support.sid]).toEqual({ waiting: 1, eligible: 2, available: 1 })
    const taskCall = transport.calls.find((c) => c.method === 'tasks.list')!.input as Record<string, unknown>
    expect(taskCall.assignment_status).toEqual(['pending', 'reserved'])
  })

  it('recounts once for a burst of pushed task changes', async () => {
    vi.useFakeTimers()
    const support = createQueue({ friendly_name: 'Support' })
    const { transport, tasks } = backend([support])
    installTransport(transport)
    const store = useQueuesStore()
    await store.show(WS)
    tasks.push(createTask({ task_queue_sid: support.sid }), createTask({ task_queue_sid: support.sid }))
    const before = transport.calls.filter((c) => c.method === 'tasks.list').length
    for (const task of tasks) transport.emit('app.changed', { workspace_sid: WS, changes: [{ kind: 'task', sid: task.sid, op: 'put' }] })
    await vi.advanceTimersByTimeAsync(600)
    await flushPromises()
    expect(transport.calls.filter((c) => c.method === 'tasks.list').length - before).toBe(1)
    expect(store.counts[support.sid]!.waiting).toBe(3)
  })

  it('delete refused: the server reason comes back to show inline, the queue stays', async () => {
    const support = createQueue({ friendly_name: 'Support' })
    installTransport(backend([support]).transport)
    const store = useQueuesStore()
    await store.show(WS)
    await expect(store.remove(support.sid)).rejects.toThrow("is used by workflow 'Main'")
    expect(store.queues).toHaveLength(1)
  })
})
