import { describe, expect, it, vi } from 'vitest'
import { createDispatch } from '../../src-main/api/dispatch'
import { EventBus } from '../../src-main/api/eventBus'
import { FakeClock } from '../../src-main/engine/clock'
import { Engine } from '../../src-main/engine/engine'
import { sequentialIds } from '../../src-main/engine/ids'
import { createMemoryStore } from '../../src-main/store/memoryStore'
import { StorageError, type EngineStore } from '../../src-main/store/port'

function setup(store: EngineStore = createMemoryStore()) {
  const engine = new Engine({ clock: new FakeClock(), ids: sequentialIds() })
  const bus = new EventBus()
  const dispatch = createDispatch({ engine, store, bus, info: { version: '0.0.0-test', mode: 'headless', dataDir: '/tmp/x' } })
  return { engine, store, bus, dispatch }
}

describe('dispatch', () => {
  it.each([
    ['a missing required field', 'workspaces.create', {}, { code: 20001, status: 400, param: 'friendly_name', message: 'friendly_name is required' }],
    ['a too long name', 'workspaces.create', { friendly_name: 'x'.repeat(65) }, { code: 20001, param: 'friendly_name', message: 'friendly_name must be at most 64 characters' }],
    ['an unknown field', 'workspaces.create', { friendly_name: 'A', colour: 'red' }, { code: 20001, param: 'colour', message: 'Unknown parameter: colour' }],
    ['a malformed SID', 'workspaces.get', { sid: '../etc/passwd' }, { code: 20001, param: 'sid' }],
    ['an unknown SID', 'workspaces.get', { sid: 'WS' + '0'.repeat(32) }, { code: 20404, status: 404 }],
    ['attributes that are not an object', 'workers.create', { workspace_sid: 'WS' + '0'.repeat(32), friendly_name: 'A', attributes: '[1]' }, { param: 'attributes', message: 'attributes must be a JSON object, like {"skills":["support"]}' }],
    ['attributes over 4096 characters', 'workers.create', { workspace_sid: 'WS' + '0'.repeat(32), friendly_name: 'A', attributes: JSON.stringify({ a: 'x'.repeat(4100) }) }, { param: 'attributes', message: 'attributes must be at most 4096 characters (whitespace included)' }],
    ['input that is not an object', 'workspaces.list', 'hello', { code: 20001 }],
    ['an unknown method', 'workspaces.explode', {}, { code: 20404 }],
  ])('answers %s with a typed error and touches nothing', async (_label, method, input, expected) => {
    const { dispatch, store } = setup()
    const commit = vi.spyOn(store, 'commit')
    const result = await dispatch(method as never, input)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error).toMatchObject(expected)
    expect(commit).not.toHaveBeenCalled()
  })

  it('answers only after the store committed, then publishes app.changed and the domain events', async () => {
    const { dispatch, store, bus } = setup()
    const order: string[] = []
    const commit = store.commit.bind(store)
    vi.spyOn(store, 'commit').mockImplementation(async (batch) => {
      order.push('commit')
      await commit(batch)
    })
    bus.on('app.changed', () => order.push('app.changed'))
    bus.on('app.event', (event) => order.push(event.event_type))
    const result = await dispatch('workspaces.create', { friendly_name: 'Support' })
    order.push('answered')
    expect(result.ok).toBe(true)
    expect(order[0]).toBe('commit')
    expect(order[1]).toBe('app.changed')
    expect(order).toContain('workspace.created')
    expect(order.at(-1)).toBe('answered')
    const stored = await store.load()
    expect(stored.workspaces).toHaveLength(1)
    expect(stored.activities).toHaveLength(4)
  })

  it('when the store fails, answers 503, reloads the last durable state and publishes health', async () => {
    const { dispatch, store, bus, engine } = setup()
    await dispatch('workspaces.create', { friendly_name: 'Kept' })
    vi.spyOn(store, 'commit').mockRejectedValueOnce(new StorageError('disk full'))
    const health = vi.fn()
    bus.on('app.health', health)
    const result = await dispatch('workspaces.create', { friendly_name: 'Lost' })
    expect(result).toMatchObject({ ok: false, error: { code: 20503, status: 503, message: 'The change was not saved: disk full' } })
    expect(engine.query('workspaces.list', {}).map((w) => w.friendly_name)).toEqual(['Kept'])
    expect(health).toHaveBeenCalled()
  })

  it('refuses writes while the store is not healthy, but still answers reads', async () => {
    const { dispatch, store } = setup()
    vi.spyOn(store, 'health').mockReturnValue({ state: 'read-only', message: 'the data folder is read-only' })
    expect(await dispatch('workspaces.create', { friendly_name: 'A' })).toMatchObject({ ok: false, error: { code: 20503 } })
    expect(await dispatch('workspaces.list', {})).toEqual({ ok: true, data: [] })
  })

  it('reports system.info', async () => {
    const { dispatch } = setup()
    expect(await dispatch('system.info', {})).toEqual({ ok: true, data: { name: 'Routedesk', version: '0.0.0-test', mode: 'headless', data_dir: '/tmp/x' } })
  })
})
