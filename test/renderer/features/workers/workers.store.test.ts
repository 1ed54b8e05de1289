import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { flushPromises } from '@vue/test-utils'
import { installTransport } from '@renderer/app/api'
import { useWorkersStore } from '@renderer/features/workers/workers.store'
import { WS, createWorker } from '../../fakes/factories'
import { createWorkerBackend } from '../../fakes/workerBackend'

beforeEach(() => setActivePinia(createPinia()))
afterEach(() => vi.useRealTimers())

async function shown(workers = [createWorker({ friendly_name: 'Bob', skills: ['sales'] }), createWorker({ friendly_name: 'alice', skills: ['support', 'vip'] })]) {
  const backend = createWorkerBackend(workers)
  installTransport(backend.transport)
  const store = useWorkersStore()
  await store.show(WS)
  return { store, ...backend }
}

describe('workers store', () => {
  it('loads the workers sorted by name, with skills from attributes', async () => {
    const { store } = await shown()
    expect(store.rows.map((row) => row.friendly_name)).toEqual(['alice', 'Bob'])
    expect(store.rows[0]!.skills).toEqual(['support', 'vip'])
  })

  it('filters by text on name, SID and activity', async () => {
    const { store } = await shown()
    store.textFilter = 'BOB'
    expect(store.filtered.map((row) => row.friendly_name)).toEqual(['Bob'])
    store.textFilter = store.rows[0]!.sid.slice(-6)
    expect(store.filtered).toHaveLength(1)
  })

  it('filters by expression through workers.list, debounced, and reports a bad one', async () => {
    vi.useFakeTimers()
    const { store, transport } = await shown()
    store.setExpression('skills HAS "s')
    store.setExpression('skills HAS "support"')
    expect(store.expressionBusy).toBe(true)
    await vi.advanceTimersByTimeAsync(250)
    const calls = transport.calls.filter((c) => (c.input as Record<string, unknown>).target_workers_expression !== undefined)
    expect(calls).toHaveLength(1)
    expect(store.expressionCount).toBe(1)
    expect(store.filtered.map((row) => row.friendly_name)).toEqual(['alice'])
    store.setExpression('nonsense')
    await vi.advanceTimersByTimeAsync(250)
    expect(store.expressionError).toContain('Invalid expression')
    // The last good result stays on screen while the admin fixes the typo.
    expect(store.filtered.map((row) => row.friendly_name)).toEqual(['alice'])
    store.setExpression('')
    expect(store.expressionMatches).toBeNull()
    expect(store.filtered).toHaveLength(2)
  })

  it('a pushed change refetches just the changed worker; a delete drops it', async () => {
    const { store, transport, rows } = await shown()
    const bob = rows.find((row) => row.friendly_name === 'Bob')!
    bob.activity_name = 'Offline'
    bob.version = 5
    transport.emit('app.changed', { workspace_sid: WS, changes: [{ kind: 'worker', sid: bob.sid, op: 'put' }] })
    await flushPromises()
    expect(store.find(bob.sid)!.activity_name).toBe('Offline')
    expect(transport.calls.filter((c) => c.method === 'workers.list')).toHaveLength(1)
    transport.emit('app.changed', { workspace_sid: WS, changes: [{ kind: 'worker', sid: bob.sid, op: 'delete' }] })
    await flushPromises()
    expect(store.find(bob.sid)).toBeUndefined()
  })

  it('ignores changes of another workspace', async () => {
    const { store, transport } = await shown()
    transport.emit('app.changed', { workspace_sid: 'WS' + 'b'.repeat(32), changes: [{ kind: 'worker', sid: store.rows[0]!.sid, op: 'delete' }] })
    await flushPromises()
    expect(store.rows).toHaveLength(2)
  })

  it('loads channels only for workers on screen, batched', async () => {
    vi.useFakeTimers()
    const { store, transport } = await shown()
    const release = store.watchChannels(store.rows[0]!.sid)
    const releaseOther = store.watchChannels(store.rows[1]!.sid)
    releaseOther() // scrolled past before the batch ran
    await vi.advanceTimersByTimeAsync(200)
    expect(transport.calls.filter((c) => c.method === 'workerChannels.list')).toHaveLength(1)
    expect(store.channels.get(store.rows[0]!.sid)).toHaveLength(2)
    release()
  })

  it('bulk change of activity runs sequentially, collects refusals and carries on', async () => {
    const workers = [createWorker({ friendly_name: 'Ann' }), createWorker({ friendly_name: 'Busy Ben' }), createWorker({ friendly_name: 'Cy' })]
    const { store, activities, transport } = await shown(workers)
    const offline = activities.find((a) => a.friendly_name === 'Offline')!
    const run = await store.bulkChangeActivity(workers.map((w) => w.sid), offline.sid, 'Offline')
    expect(run).toMatchObject({ total: 3, done: 3, running: false })
    expect(run.failures).toEqual([{ sid: workers[1]!.sid, name: 'Busy Ben', message: 'Busy Ben has a pending reservation' }])
    expect(store.rows.filter((row) => row.activity_name === 'Offline').map((row) => row.friendly_name)).toEqual(['Ann', 'Cy'])
    expect(transport.calls.filter((c) => c.method === 'workers.update').map((c) => (c.input as { sid: string }).sid)).toEqual(workers.map((w) => w.sid))
  })

  it('bulk add skill keeps other attributes and sends if_match', async () => {
    const workers = [createWorker({ friendly_name: 'Ann', attributes: '{"skills":["a"],"level":2}' }), createWorker({ friendly_name: 'Bo', attributes: '{"skills":["b"]}' })]
    const { store, transport } = await shown(workers)
    await store.bulkSkill(workers.map((w) => w.sid), 'b', 'add')
    expect(JSON.parse(store.find(workers[0]!.sid)!.attributes)).toEqual({ skills: ['a', 'b'], level: 2 })
    // Bo already has it: no call.
    expect(transport.calls.filter((c) => c.method === 'workers.update')).toHaveLength(1)
    expect((transport.calls.find((c) => c.method === 'workers.update')!.input as { if_match: string }).if_match).toBe('1')
  })
})
