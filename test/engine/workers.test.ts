import { describe, expect, it } from 'vitest'
import { ConflictError, InvalidParameterError, VersionMismatchError } from '../../src-main/engine/errors'
import { workspaceFixture } from './helpers'

describe('workers', () => {
  it('start in the workspace default activity with {} attributes and a channel per task channel', () => {
    const { run, read, ws } = workspaceFixture()
    const worker = run('workers.create', { workspace_sid: ws, friendly_name: 'Alice' }).result
    expect(worker).toMatchObject({ activity_name: 'Offline', available: false, attributes: '{}', version: 0 })
    const channels = read('workerChannels.list', { workspace_sid: ws, worker_sid: worker.sid })
    expect(channels.map((c) => [c.task_channel_unique_name, c.configured_capacity, c.available_capacity_percentage])).toEqual([
      ['default', 1, 100], ['voice', 1, 100], ['chat', 1, 100], ['sms', 1, 100], ['video', 1, 100],
    ])
  })

  it('keep attributes exactly as given (TaskRouter returns the string verbatim)', () => {
    const { run, ws } = workspaceFixture()
    const attributes = '{ "skills": ["en", "es"], "level": 3 }'
    expect(run('workers.create', { workspace_sid: ws, friendly_name: 'A', attributes }).result.attributes).toBe(attributes)
  })

  it('are unique by friendly name ignoring case', () => {
    const { run, ws } = workspaceFixture()
    run('workers.create', { workspace_sid: ws, friendly_name: 'Alice' })
    expect(() => run('workers.create', { workspace_sid: ws, friendly_name: 'ALICE' })).toThrow(ConflictError)
  })

  it('report an activity change with the time spent in the previous activity', () => {
    const { run, clock, ws, activity } = workspaceFixture()
    const worker = run('workers.create', { workspace_sid: ws, friendly_name: 'Alice' }).result
    clock.advance(90_500)
    const outcome = run('workers.update', { workspace_sid: ws, sid: worker.sid, activity_sid: activity('Available') })
    expect(outcome.result).toMatchObject({ activity_name: 'Available', available: true, version: 1 })
    expect(outcome.events).toHaveLength(1)
    expect(outcome.events[0]).toMatchObject({
      event_type: 'worker.activity.update',
      resource_sid: worker.sid,
      event_data: { worker_previous_activity_sid: activity('Offline'), worker_time_in_previous_activity: '90', worker_time_in_previous_activity_ms: '90500' },
    })
  })

  it.each([
    ['a matching version', '0', undefined],
    ['a quoted matching version', '"0"', undefined],
    ['a stale version', '7', VersionMismatchError],
  ])('update with If-Match of %s', (_label, ifMatch, error) => {
    const { run, ws } = workspaceFixture()
    const worker = run('workers.create', { workspace_sid: ws, friendly_name: 'Alice' }).result
    const update = () => run('workers.update', { workspace_sid: ws, sid: worker.sid, friendly_name: 'Alicia', if_match: ifMatch })
    if (error) expect(update).toThrow(error)
    else expect(update().result.friendly_name).toBe('Alicia')
  })

  it('refuses RejectPendingReservations unless moving to an unavailable activity', () => {
    const { run, ws, activity } = workspaceFixture()
    const worker = run('workers.create', { workspace_sid: ws, friendly_name: 'Alice' }).result
    expect(() => run('workers.update', { workspace_sid: ws, sid: worker.sid, activity_sid: activity('Available'), reject_pending_reservations: true })).toThrow(InvalidParameterError)
    expect(run('workers.update', { workspace_sid: ws, sid: worker.sid, activity_sid: activity('Break'), reject_pending_reservations: true }).result.activity_name).toBe('Break')
  })

  it('get a channel for every task channel created later', () => {
    const { run, read, ws } = workspaceFixture()
    const worker = run('workers.create', { workspace_sid: ws, friendly_name: 'Alice' }).result
    run('channels.create', { workspace_sid: ws, friendly_name: 'Email', unique_name: 'email' })
    expect(read('workerChannels.get', { workspace_sid: ws, worker_sid: worker.sid, sid: 'email' }).configured_capacity).toBe(1)
  })

  it.each([
    [{ capacity: 3 }, { configured_capacity: 3, available_capacity_percentage: 100 }, ['worker.capacity.update']],
    [{ capacity: 0 }, { configured_capacity: 0, available_capacity_percentage: 0 }, ['worker.capacity.update']],
    [{ available: false }, { available: false, available_capacity_percentage: 0 }, ['worker.channel.availability.update']],
  ])('channel update %j gives %j (decision 10)', (change, expected, events) => {
    const { run, ws } = workspaceFixture()
    const worker = run('workers.create', { workspace_sid: ws, friendly_name: 'Alice' }).result
    const outcome = run('workerChannels.update', { workspace_sid: ws, worker_sid: worker.sid, sid: 'voice', ...change })
    expect(outcome.result).toMatchObject(expected)
    expect(outcome.events.map((e) => e.event_type)).toEqual(events)
  })

  it('deleting a worker removes its channels too', () => {
    const { run, ws } = workspaceFixture()
    const worker = run('workers.create', { workspace_sid: ws, friendly_name: 'Alice' }).result
    const outcome = run('workers.delete', { workspace_sid: ws, sid: worker.sid })
    expect(outcome.changes.filter((c) => c.op === 'delete' && c.table === 'worker_channels')).toHaveLength(5)
    expect(outcome.changes).toContainEqual({ op: 'delete', table: 'workers', sid: worker.sid })
  })
})
