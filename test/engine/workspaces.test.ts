import { describe, expect, it } from 'vitest'
import { ConflictError, NotFoundError } from '../../src-main/engine/errors'
import { newEngine, workspaceFixture } from './helpers'

describe('a new workspace (decision 16)', () => {
  it('starts with Offline, Available, Unavailable and Break; Offline is the default and timeout activity', () => {
    const { read, workspace, ws } = workspaceFixture()
    const activities = read('activities.list', { workspace_sid: ws })
    expect(activities.map((a) => [a.friendly_name, a.available])).toEqual([
      ['Offline', false], ['Available', true], ['Unavailable', false], ['Break', false],
    ])
    expect(workspace.default_activity_name).toBe('Offline')
    expect(workspace.timeout_activity_name).toBe('Offline')
  })

  it('has the task channels default, voice, chat, sms and video', () => {
    const { read, ws } = workspaceFixture()
    expect(read('channels.list', { workspace_sid: ws }).map((c) => c.unique_name)).toEqual(['default', 'voice', 'chat', 'sms', 'video'])
  })

  it.each([
    [{}, { multi_task_enabled: true, prioritize_queue_order: 'FIFO', event_callback_url: '', events_filter: null }],
    [{ multi_task_enabled: false, prioritize_queue_order: 'LIFO' as const, events_filter: 'task.created' },
      { multi_task_enabled: false, prioritize_queue_order: 'LIFO', events_filter: 'task.created' }],
  ])('applies the given settings %j over TaskRouter defaults', (given, expected) => {
    const { run } = newEngine()
    expect(run('workspaces.create', { friendly_name: 'W', ...given }).result).toMatchObject(expected)
  })

  it('Template=FIFO adds "Sample Queue" and "Default Fifo Workflow" routing to it', () => {
    const { run, read } = newEngine()
    const ws = run('workspaces.create', { friendly_name: 'Sales', template: 'FIFO' }).result.sid
    const [queue] = read('queues.list', { workspace_sid: ws })
    const [workflow] = read('workflows.list', { workspace_sid: ws })
    expect(queue).toMatchObject({ friendly_name: 'Sample Queue', target_workers: '1==1', task_order: 'FIFO', max_reserved_workers: 1 })
    expect(workflow!.friendly_name).toBe('Default Fifo Workflow')
    expect(JSON.parse(workflow!.configuration)).toEqual({ task_routing: { filters: [], default_filter: { queue: queue!.sid } } })
  })

  it('emits workspace.created first, and persists the workspace row before its children', () => {
    const { run } = newEngine()
    const outcome = run('workspaces.create', { friendly_name: 'W' })
    expect(outcome.events[0]!.event_type).toBe('workspace.created')
    expect(outcome.changes[0]).toMatchObject({ op: 'put', table: 'workspaces' })
    expect(outcome.changes.filter((c) => c.op === 'put' && c.table === 'activities')).toHaveLength(4)
  })
})

describe('workspace names', () => {
  it.each(['Support', 'support', '  SUPPORT '])('refuses %j when "Support" exists (unique ignoring case)', (name) => {
    const { run } = newEngine()
    run('workspaces.create', { friendly_name: 'Support' })
    expect(() => run('workspaces.create', { friendly_name: name.trim() })).toThrow(ConflictError)
  })

  it('allows renaming a workspace to a different case of its own name', () => {
    const { run, ws } = workspaceFixture('Support')
    expect(run('workspaces.update', { sid: ws, friendly_name: 'SUPPORT' }).result.friendly_name).toBe('SUPPORT')
  })
})

describe('updating a workspace', () => {
  it('changes the default activity to another of its activities', () => {
    const { run, ws, activity } = workspaceFixture()
    const updated = run('workspaces.update', { sid: ws, default_activity_sid: activity('Available') }).result
    expect(updated.default_activity_name).toBe('Available')
  })

  it('refuses an activity of another workspace, naming the field', () => {
    const { run, ws } = workspaceFixture()
    const other = run('workspaces.create', { friendly_name: 'Other' }).result
    expect(() => run('workspaces.update', { sid: ws, timeout_activity_sid: other.default_activity_sid! })).toThrow(
      expect.objectContaining({ param: 'timeout_activity_sid', code: 20404 }),
    )
  })

  it('refuses to turn multitasking off once on (as TaskRouter)', () => {
    const { run, ws } = workspaceFixture()
    expect(() => run('workspaces.update', { sid: ws, multi_task_enabled: false })).toThrow(ConflictError)
  })
})

describe('deleting a workspace', () => {
  it('removes it and everything in it with one purge change', () => {
    const { run, read, ws } = workspaceFixture()
    run('workers.create', { workspace_sid: ws, friendly_name: 'Alice' })
    const outcome = run('workspaces.delete', { sid: ws })
    expect(outcome.changes).toEqual([{ op: 'purge_workspace', workspace_sid: ws }])
    expect(read('workspaces.list', {})).toEqual([])
    expect(() => read('workers.list', { workspace_sid: ws })).toThrow(NotFoundError)
  })
})

describe('counting what a workspace holds (workspaceCounts.get)', () => {
  it('counts each configuration resource, following creates and deletes', () => {
    const { run, read, ws } = workspaceFixture()
    expect(read('workspaceCounts.get', { workspace_sid: ws })).toEqual({ activities: 4, channels: 5, workers: 0, queues: 0, workflows: 0 })
    const alice = run('workers.create', { workspace_sid: ws, friendly_name: 'Alice' }).result
    run('workers.create', { workspace_sid: ws, friendly_name: 'Bob' })
    run('queues.create', { workspace_sid: ws, friendly_name: 'Support', target_workers: '1==1' })
    run('workers.delete', { workspace_sid: ws, sid: alice.sid })
    expect(read('workspaceCounts.get', { workspace_sid: ws })).toEqual({ activities: 4, channels: 5, workers: 1, queues: 1, workflows: 0 })
  })

  it('refuses an unknown workspace, naming the field', () => {
    const { read } = workspaceFixture()
    expect(() => read('workspaceCounts.get', { workspace_sid: 'WS' + '0'.repeat(32) })).toThrow(expect.objectContaining({ param: 'workspace_sid' }))
  })
})
