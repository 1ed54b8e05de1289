import { describe, expect, it } from 'vitest'
import { ConflictError, InvalidParameterError } from '../../src-main/engine/errors'
import { workspaceFixture } from './helpers'

const config = (routing: unknown): string => JSON.stringify({ task_routing: routing })

describe('task queues', () => {
  it('default to 1==1, FIFO and one reserved worker (REFERENCE §1.4)', () => {
    const { run, ws } = workspaceFixture()
    expect(run('queues.create', { workspace_sid: ws, friendly_name: 'Sales' }).result).toMatchObject({
      target_workers: '1==1', task_order: 'FIFO', max_reserved_workers: 1, reservation_activity_sid: null, assignment_activity_sid: null,
    })
  })

  it('emit task-queue.expression.updated only when target_workers changes', () => {
    const { run, ws } = workspaceFixture()
    const queue = run('queues.create', { workspace_sid: ws, friendly_name: 'Sales' }).result
    expect(run('queues.update', { workspace_sid: ws, sid: queue.sid, task_order: 'LIFO' }).events).toEqual([])
    expect(run('queues.update', { workspace_sid: ws, sid: queue.sid, target_workers: 'skills HAS "sales"' }).events.map((e) => e.event_type)).toEqual(['task-queue.expression.updated'])
  })

  it('clear the reservation activity with null', () => {
    const { run, ws, activity } = workspaceFixture()
    const queue = run('queues.create', { workspace_sid: ws, friendly_name: 'Sales', reservation_activity_sid: activity('Break') }).result
    expect(queue.reservation_activity_name).toBe('Break')
    expect(run('queues.update', { workspace_sid: ws, sid: queue.sid, reservation_activity_sid: null }).result.reservation_activity_sid).toBeNull()
  })

  it('cannot be deleted while a workflow routes to them, naming the workflow', () => {
    const { run, ws } = workspaceFixture()
    const queue = run('queues.create', { workspace_sid: ws, friendly_name: 'Sales' }).result
    run('workflows.create', { workspace_sid: ws, friendly_name: 'Main', configuration: config({ default_filter: { queue: queue.sid } }) })
    expect(() => run('queues.delete', { workspace_sid: ws, sid: queue.sid })).toThrow(/used by workflow 'Main'/)
    expect(() => run('queues.delete', { workspace_sid: ws, sid: queue.sid })).toThrow(ConflictError)
  })
})

describe('workflow configuration validation', () => {
  const cases: Array<[string, (q: string) => unknown, RegExp | null]> = [
    ['a default filter only', (q) => ({ default_filter: { queue: q } }), null],
    ['filters with numeric-string priority and timeout', (q) => ({ filters: [{ filter_friendly_name: 'VIP', expression: 'vip == true', targets: [{ queue: q, priority: '10', timeout: '30' }, { priority: 5 }] }] }), null],
    ['not JSON', () => '{', /not valid JSON/],
    ['no filters and no default filter', () => ({}), /at least one filter or a default_filter/],
    ['an unknown queue', () => ({ default_filter: { queue: 'WQ' + 'f'.repeat(32) } }), /default_filter\.queue .* is not a task queue/],
    ['a malformed queue SID', () => ({ default_filter: { queue: 'sales' } }), /default_filter\.queue must be a TaskQueue SID/],
    ['a misspelt key', (q) => ({ filters: [{ expression: '1==1', targets: [{ queue: q, timout: 10 }] }] }), /unknown key 'timout' in task_routing\.filters\[0\]\.targets\[0\]/],
    ['a first target without a queue', () => ({ filters: [{ expression: '1==1', targets: [{ priority: 1 }] }] }), /targets\[0\]\.queue is required/],
    ['a negative priority', (q) => ({ filters: [{ expression: '1==1', targets: [{ queue: q, priority: -1 }] }] }), /priority must be between 0 and 2147483647/],
    ['a zero timeout', (q) => ({ filters: [{ expression: '1==1', targets: [{ queue: q, timeout: 0 }] }] }), /timeout must be between 1 and 1209600/],
    ['both known worker keys', (q) => ({ filters: [{ expression: '1==1', targets: [{ queue: q, known_worker_sid: 'task.a', known_worker_friendly_name: 'task.b' }] }] }), /both known_worker_sid and known_worker_friendly_name/],
    ['an empty expression', (q) => ({ filters: [{ expression: ' ', targets: [{ queue: q }] }] }), /expression must not be empty/],
  ]

  it.each(cases)('%s', (_label, build, error) => {
    const { run, ws } = workspaceFixture()
    const queue = run('queues.create', { workspace_sid: ws, friendly_name: 'Sales' }).result.sid
    const built = build(queue)
    const configuration = typeof built === 'string' ? built : config(built)
    const create = () => run('workflows.create', { workspace_sid: ws, friendly_name: 'WF', configuration })
    if (error === null) {
      expect(create().result.task_reservation_timeout).toBe(120)
    } else {
      expect(create).toThrow(InvalidParameterError)
      expect(create).toThrow(error)
      expect(create).toThrow(expect.objectContaining({ param: 'configuration' }))
    }
  })

  it('is checked on update too, and a failed update changes nothing', () => {
    const { run, read, ws } = workspaceFixture()
    const queue = run('queues.create', { workspace_sid: ws, friendly_name: 'Sales' }).result.sid
    const workflow = run('workflows.create', { workspace_sid: ws, friendly_name: 'WF', configuration: config({ default_filter: { queue } }) }).result
    expect(() => run('workflows.update', { workspace_sid: ws, sid: workflow.sid, configuration: '[]' })).toThrow(InvalidParameterError)
    expect(read('workflows.get', { workspace_sid: ws, sid: workflow.sid }).configuration).toBe(workflow.configuration)
  })
})
