import { describe, expect, it } from 'vitest'
import { ConflictError } from '../../src-main/engine/errors'
import { workspaceFixture } from './helpers'

describe('activities', () => {
  it('creates unavailable activities unless Available is true', () => {
    const { run, ws } = workspaceFixture()
    expect(run('activities.create', { workspace_sid: ws, friendly_name: 'Lunch' }).result.available).toBe(false)
    expect(run('activities.create', { workspace_sid: ws, friendly_name: 'Ready', available: true }).result.available).toBe(true)
  })

  it('renames, and refuses a name another activity has (ignoring case)', () => {
    const { run, ws, activity } = workspaceFixture()
    expect(run('activities.update', { workspace_sid: ws, sid: activity('Break'), friendly_name: 'Coffee' }).result.friendly_name).toBe('Coffee')
    expect(() => run('activities.update', { workspace_sid: ws, sid: activity('Break'), friendly_name: 'available' })).toThrow(ConflictError)
  })

  describe('delete is refused while the activity is in use, saying by what', () => {
    it.each([
      ['the default activity', (f: ReturnType<typeof workspaceFixture>) => f.activity('Offline'), /default activity/],
      ['the timeout activity', (f: ReturnType<typeof workspaceFixture>) => {
        f.run('workspaces.update', { sid: f.ws, default_activity_sid: f.activity('Available') })
        return f.activity('Offline')
      }, /timeout activity/],
      ['a queue reservation activity', (f: ReturnType<typeof workspaceFixture>) => {
        f.run('queues.create', { workspace_sid: f.ws, friendly_name: 'Sales', reservation_activity_sid: f.activity('Break') })
        return f.activity('Break')
      }, /task queue 'Sales'/],
      ['the current activity of a worker', (f: ReturnType<typeof workspaceFixture>) => {
        f.run('workers.create', { workspace_sid: f.ws, friendly_name: 'Alice', activity_sid: f.activity('Unavailable') })
        return f.activity('Unavailable')
      }, /current activity of 1 worker \(e\.g\. 'Alice'\)/],
    ])('%s', (_label, arrange, message) => {
      const fixture = workspaceFixture()
      const sid = arrange(fixture)
      expect(() => fixture.run('activities.delete', { workspace_sid: fixture.ws, sid })).toThrow(message)
    })
  })

  it('deletes an unused activity and emits activity.deleted', () => {
    const { run, read, ws, activity } = workspaceFixture()
    const outcome = run('activities.delete', { workspace_sid: ws, sid: activity('Break') })
    expect(outcome.events.map((e) => e.event_type)).toEqual(['activity.deleted'])
    expect(read('activities.list', { workspace_sid: ws })).toHaveLength(3)
  })
})
