import { describe, expect, it } from 'vitest'
import { assertBelowLimit, resourceLimits } from '../../src-main/engine/configuration/limits'
import { EngineError } from '../../src-main/engine/errors'
import { workspaceFixture } from './helpers'

/** TaskRouter's default resource limits (REFERENCE §9.1): the one past the limit is refused with 400/20001 and a message naming it. */
describe('resource limits', () => {
  type Fixture = ReturnType<typeof workspaceFixture>
  const cases: Array<{ resource: string; limit: number; existing: (f: Fixture) => number; create: (f: Fixture, n: number) => void; message: RegExp }> = [
    {
      resource: 'activities', limit: resourceLimits.activities,
      existing: (f) => f.read('activities.list', { workspace_sid: f.ws }).length,
      create: (f, n) => f.run('activities.create', { workspace_sid: f.ws, friendly_name: `activity-${n}` }),
      message: /at most 100 activities/,
    },
    {
      resource: 'task channels', limit: resourceLimits.taskChannels,
      existing: (f) => f.read('channels.list', { workspace_sid: f.ws }).length,
      create: (f, n) => f.run('channels.create', { workspace_sid: f.ws, friendly_name: `channel-${n}`, unique_name: `channel-${n}` }),
      message: /at most 15 task channels/,
    },
    {
      resource: 'workflows', limit: resourceLimits.workflows,
      existing: (f) => f.read('workflows.list', { workspace_sid: f.ws }).length,
      create: (f, n) => {
        const queue = f.read('queues.list', { workspace_sid: f.ws })[0]?.sid ?? f.run('queues.create', { workspace_sid: f.ws, friendly_name: 'q', target_workers: '1==1' }).result.sid
        f.run('workflows.create', { workspace_sid: f.ws, friendly_name: `wf-${n}`, configuration: JSON.stringify({ task_routing: { filters: [], default_filter: { queue } } }) })
      },
      message: /at most 1,000 workflows/,
    },
    {
      resource: 'task queues', limit: resourceLimits.taskQueues,
      existing: (f) => f.read('queues.list', { workspace_sid: f.ws }).length,
      create: (f, n) => f.run('queues.create', { workspace_sid: f.ws, friendly_name: `queue-${n}`, target_workers: '1==1' }),
      message: /at most 5,000 task queues/,
    },
    {
      resource: 'workers', limit: resourceLimits.workers,
      existing: (f) => f.read('workers.list', { workspace_sid: f.ws }).length,
      create: (f, n) => f.run('workers.create', { workspace_sid: f.ws, friendly_name: `agent-${n}` }),
      message: /at most 15,000 workers/,
    },
  ]

  it.each(cases)('$resource: up to $limit are created, the next is refused', ({ limit, existing, create, message }) => {
    const fixture = workspaceFixture()
    for (let n = existing(fixture); n < limit; n++) create(fixture, n)
    expect(existing(fixture)).toBe(limit)
    let refused: unknown
    try {
      create(fixture, limit)
    } catch (error) {
      refused = error
    }
    expect(refused).toBeInstanceOf(EngineError)
    expect((refused as EngineError).code).toBe(20001)
    expect((refused as EngineError).message).toMatch(message)
    expect(existing(fixture)).toBe(limit)
  }, 120_000)

  it('counts tasks in any state and workspaces per Routedesk the same way', () => {
    expect(() => assertBelowLimit(resourceLimits.tasks - 1, resourceLimits.tasks, 'tasks in any state')).not.toThrow()
    expect(() => assertBelowLimit(resourceLimits.tasks, resourceLimits.tasks, 'tasks in any state')).toThrow(/A workspace can have at most 500,000 tasks in any state/)
    expect(() => assertBelowLimit(resourceLimits.workspaces, resourceLimits.workspaces, 'workspaces', 'this Routedesk')).toThrow(/This Routedesk can have at most 5,000 workspaces/)
  })
})
