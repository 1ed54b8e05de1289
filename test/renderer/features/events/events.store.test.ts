import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { installTransport } from '@renderer/app/api'
import { eventMatches, resourceFilter, useEventsStore } from '@renderer/features/events/events.store'
import { toCsv } from '@renderer/shared/utils/download'
import { createFakeTransport } from '../../fakes/fakeTransport'
import { WS, createEvent } from '../../fakes/factories'

beforeEach(() => setActivePinia(createPinia()))

const TASK = 'WT' + '1'.repeat(32)

async function shown() {
  const transport = createFakeTransport({ 'events.list': () => [createEvent({ event_type: 'task.created' })] })
  installTransport(transport)
  const store = useEventsStore()
  await store.show(WS)
  return { store, transport }
}

describe('events store', () => {
  it('loads the last hour by default and prepends pushed events', async () => {
    const { store, transport } = await shown()
    expect(transport.calls[0]!.input).toMatchObject({ workspace_sid: WS, minutes: 60 })
    transport.emit('app.event', createEvent({ event_type: 'worker.activity.update' }))
    expect(store.events.map((e) => e.event_type)).toEqual(['worker.activity.update', 'task.created'])
    expect(store.knownTypes).toEqual(['task.created', 'worker.activity.update'])
  })

  it('sends filters to the server and applies them to pushed events', async () => {
    const { store, transport } = await shown()
    store.setFilters({ types: ['task.canceled'], resourceSid: TASK, minutes: 1440 })
    expect(transport.calls.at(-1)!.input).toMatchObject({ event_type: 'task.canceled', task_sid: TASK, minutes: 1440 })
    transport.emit('app.event', createEvent({ event_type: 'task.created', resource_sid: TASK }))
    transport.emit('app.event', createEvent({ event_type: 'task.canceled', resource_sid: TASK }))
    expect(store.events[0]!.event_type).toBe('task.canceled')
    expect(store.events.filter((e) => e.event_type === 'task.created')).toHaveLength(1) // only the one loaded
  })

  it('pausing holds new events aside, resuming shows them', async () => {
    const { store, transport } = await shown()
    store.setPaused(true)
    transport.emit('app.event', createEvent({ event_type: 'task.completed' }))
    expect(store.events).toHaveLength(1)
    expect(store.held).toHaveLength(1)
    store.setPaused(false)
    expect(store.events[0]!.event_type).toBe('task.completed')
  })

  it('a resource filter that is not a SID is refused before the server', async () => {
    const { store, transport } = await shown()
    const before = transport.calls.length
    store.setFilters({ resourceSid: 'alice' })
    expect(store.filterError).toContain('Paste a task')
    expect(transport.calls).toHaveLength(before)
  })
})

describe('event helpers', () => {
  it('maps a SID prefix to its filter', () => {
    expect(resourceFilter('WK' + 'a'.repeat(32))).toEqual({ param: 'worker_sid', sid: 'WK' + 'a'.repeat(32) })
    expect(resourceFilter('')).toBeNull()
  })
  it('matches a pushed event by resource SID in its data too', () => {
    const event = createEvent({ resource_sid: 'WR' + '2'.repeat(32), event_data: { task_sid: TASK } })
    expect(eventMatches(event, { types: [], resourceSid: TASK, minutes: 60 })).toBe(true)
  })
  it('writes RFC 4180 CSV and defuses formulas', () => {
    expect(toCsv(['a', 'b'], [['x,y', 'say "hi"'], ['=SUM(A1)', null]])).toBe('a,b\r\n"x,y","say ""hi"""\r\n\'=SUM(A1),\r\n')
  })
})
