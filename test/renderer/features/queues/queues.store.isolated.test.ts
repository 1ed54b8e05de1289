import { beforeEach, describe, expect, it, vi } from 'vitest'
import { pushLiveStats } from '../../fakes/fakeLiveStats'
import { createPinia, setActivePinia } from 'pinia'
import { flushPromises } from '@vue/test-utils'
import { installTransport } from '@renderer/app/api'
import { useQueuesStore } from '@renderer/features/queues/queues.store'
import type { TaskQueue } from '@contract'
import { createFakeTransport, fail } from '../../fakes/fakeTransport'
import { WS, createQueue } from '../../fakes/factories'

vi.mock('@renderer/app/liveStats', () => import('../../fakes/fakeLiveStats'))

beforeEach(() => setActivePinia(createPinia()))

/** A statistics snapshot as `stats.snapshot` answers it and app/liveStats hands it on. */
function snapshot(queues: Array<{ sid: string; pending: number; reserved?: number; eligible: number; available: number }>, workspaceSid = WS): unknown {
  return {
    workspace_sid: workspaceSid,
    queues: queues.map((q) => ({ task_queue_sid: q.sid, friendly_name: 'Q', total_eligible_workers: q.eligible, total_available_workers: q.available, tasks_by_status: { pending: q.pending, reserved: q.reserved ?? 0, assigned: 0, wrapping: 0 } })),
  }
}

function backend(queues: TaskQueue[]) {
  const rows = [...queues]
  const transport = createFakeTransport({
    'queues.list': () => [...rows],
    'stats.snapshot': () => snapshot(queues[0] ? [{ sid: queues[0].sid, pending: 1, eligible: 2, available: 1 }] : []),
    'queues.create': (input) => {
      const queue = createQueue({ friendly_name: String(input.friendly_name), target_workers: String(input.target_workers) })
      rows.push(queue)
      return queue
    },
    'queues.delete': (input) => {
      throw fail({ message: `Task queue '${rows.find((q) => q.sid === input.sid)?.friendly_name}' is used by workflow 'Main'; remove it from their configuration first`, param: 'sid' })
    },
  })
  return { transport, rows }
}

describe('queues store', () => {
  it('loads queues sorted by name with waiting / eligible / available counts from one statistics snapshot', async () => {
    const support = createQueue({ friendly_name: 'Support' })
    const { transport } = backend([support, createQueue({ friendly_name: 'Billing' })])
    installTransport(transport)
    const store = useQueuesStore()
    await store.show(WS)
    expect(store.queues.map((q) => q.friendly_name)).toEqual(['Billing', 'Support'])
    expect(store.counts[support.sid]).toEqual({ waiting: 1, eligible: 2, available: 1 })
    expect(transport.calls.map((c) => c.method).filter((m) => m !== 'queues.list')).toEqual(['stats.snapshot'])
  })

  it('follows the live statistics of its workspace (pending + reserved = waiting) and ignores other workspaces, without calling the server', async () => {
    const support = createQueue({ friendly_name: 'Support' })
    const { transport } = backend([support])
    installTransport(transport)
    const store = useQueuesStore()
    await store.show(WS)
    const calls = transport.calls.length
    pushLiveStats(snapshot([{ sid: support.sid, pending: 4, reserved: 2, eligible: 15000, available: 7 }]))
    expect(store.counts[support.sid]).toEqual({ waiting: 6, eligible: 15000, available: 7 })
    pushLiveStats(snapshot([{ sid: support.sid, pending: 0, eligible: 0, available: 0 }], 'WS' + 'f'.repeat(32)))
    expect(store.counts[support.sid]!.waiting).toBe(6)
    transport.emit('app.changed', { workspace_sid: WS, changes: [{ kind: 'task', sid: 'WT' + '1'.repeat(32), op: 'put' }] })
    await flushPromises()
    expect(transport.calls.length).toBe(calls)
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
