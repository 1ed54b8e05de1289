import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { installTransport } from '@renderer/app/api'
import { ApiCallError } from '@renderer/app/api'
import { useWorkspacesStore } from '@renderer/features/workspaces/workspaces.store'
import { createWorkspace, createWorkspaceBackend } from '../../fakes/fakeTransport'
import type { FakeTransport } from '../../fakes/fakeTransport'
import type { Workspace } from '@contract'

const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0))

describe('useWorkspacesStore', () => {
  let transport: FakeTransport
  let rows: Workspace[]

  beforeEach(() => {
    setActivePinia(createPinia())
    ;({ transport, rows } = createWorkspaceBackend([
      createWorkspace({ friendly_name: 'support' }),
      createWorkspace({ friendly_name: 'Billing' }),
    ]))
    installTransport(transport)
  })

  it('start loads every workspace, sorted by name case-insensitively', async () => {
    const store = useWorkspacesStore()
    await store.start()
    expect(store.status).toBe('ready')
    expect(store.workspaces.map((workspace) => workspace.friendly_name)).toEqual(['Billing', 'support'])
    expect(store.count).toBe(2)
  })

  it('start is idempotent: one list call, one subscription', async () => {
    const store = useWorkspacesStore()
    await Promise.all([store.start(), store.start()])
    expect(transport.calls.filter((item) => item.method === 'workspaces.list')).toHaveLength(1)
    expect(transport.listenerCount('app.changed')).toBe(1)
  })

  it('a failed load keeps the message and sets status error', async () => {
    delete transport.handlers['workspaces.list']
    const store = useWorkspacesStore()
    await store.load()
    expect(store.status).toBe('error')
    expect(store.loadError).toContain('workspaces.list')
  })

  it('create adds the new workspace at once and sends the form values', async () => {
    const store = useWorkspacesStore()
    await store.start()
    const created = await store.create({ friendly_name: 'Sales', multi_task_enabled: true, prioritize_queue_order: 'LIFO', template: 'FIFO' })
    expect(store.find(created.sid)).toMatchObject({ friendly_name: 'Sales', multi_task_enabled: true, prioritize_queue_order: 'LIFO' })
    expect(transport.calls.at(-1)).toEqual({
      method: 'workspaces.create',
      input: { friendly_name: 'Sales', multi_task_enabled: true, prioritize_queue_order: 'LIFO', template: 'FIFO' },
    })
  })

  it('create rethrows the server error with its param for the form', async () => {
    const store = useWorkspacesStore()
    await store.start()
    const error = await store.create({ friendly_name: 'Billing' }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ApiCallError)
    expect((error as ApiCallError).param).toBe('friendly_name')
    expect(store.count).toBe(2)
  })

  it('rename and remove update the list from the answers', async () => {
    const store = useWorkspacesStore()
    await store.start()
    const [first, second] = rows
    await store.rename(first!.sid, 'Support EMEA')
    await store.remove(second!.sid)
    expect(store.workspaces.map((workspace) => workspace.friendly_name)).toEqual(['Support EMEA'])
  })

  describe('follows app.changed instead of polling', () => {
    it.each([
      {
        case: 'a workspace created elsewhere is fetched and added',
        act: (rowsNow: Workspace[]) => {
          const row = createWorkspace({ friendly_name: 'Created elsewhere' })
          rowsNow.push(row)
          return { kind: 'workspace' as const, sid: row.sid, op: 'put' as const }
        },
        expected: ['Billing', 'Created elsewhere', 'support'],
      },
      {
        case: 'a workspace renamed elsewhere is refetched',
        act: (rowsNow: Workspace[]) => {
          rowsNow[0]!.friendly_name = 'Renamed'
          return { kind: 'workspace' as const, sid: rowsNow[0]!.sid, op: 'put' as const }
        },
        expected: ['Billing', 'Renamed'],
      },
      {
        case: 'a deleted workspace is dropped without a call',
        act: (rowsNow: Workspace[]) => ({ kind: 'workspace' as const, sid: rowsNow[1]!.sid, op: 'delete' as const }),
        expected: ['support'],
      },
      {
        case: 'a put for a workspace that is gone by now drops it',
        act: (rowsNow: Workspace[]) => {
          const [gone] = rowsNow.splice(0, 1)
          return { kind: 'workspace' as const, sid: gone!.sid, op: 'put' as const }
        },
        expected: ['Billing'],
      },
    ])('$case', async ({ act, expected }) => {
      const store = useWorkspacesStore()
      await store.start()
      const change = act(rows)
      transport.emit('app.changed', { workspace_sid: change.sid, changes: [change] })
      await flush()
      expect(store.workspaces.map((workspace) => workspace.friendly_name)).toEqual(expected)
    })

    it('changes to other kinds of resources cause no call', async () => {
      const store = useWorkspacesStore()
      await store.start()
      const before = transport.calls.length
      transport.emit('app.changed', { workspace_sid: rows[0]!.sid, changes: [{ kind: 'worker', sid: 'WK1', op: 'put' }] })
      await flush()
      expect(transport.calls).toHaveLength(before)
    })

    it('reloads everything when the live link comes back after a drop', async () => {
      const store = useWorkspacesStore()
      await store.start()
      rows.push(createWorkspace({ friendly_name: 'Missed while offline' }))
      transport.setState('reconnecting')
      transport.setState('connected')
      await flush()
      expect(store.workspaces.map((workspace) => workspace.friendly_name)).toContain('Missed while offline')
    })
  })
})
