import { describe, expect, it } from 'vitest'
import { routingFixture } from '../routing/fixture'

const routing = (queue: string, extra: object = {}): string => JSON.stringify({ task_routing: { default_filter: { queue }, ...extra } })

/** A workspace with two queues and one workflow routing everything to Support. */
function setup() {
  const f = routingFixture()
  const support = f.queue('Support')
  const sales = f.queue('Sales')
  const { engine, ws } = f
  const workflow = engine.execute('workflows.create', { workspace_sid: ws, friendly_name: 'Main', configuration: routing(support) }).result.sid
  const versions = () => engine.query('workflowVersions.list', { workspace_sid: ws, workflow_sid: workflow })
  return { ...f, support, sales, workflow, versions }
}

describe('workflow versions', () => {
  it('record version 1 when a workflow is created', () => {
    const { versions, support } = setup()
    expect(versions()).toMatchObject([{ version: 1, message: 'Created', source: 'created', rolled_back_from: null, configuration: routing(support) }])
  })

  const updates: Array<[string, (s: ReturnType<typeof setup>) => object, string[]]> = [
    ['a new configuration records "Updated via API"', (s) => ({ configuration: routing(s.sales) }), ['Updated via API', 'Created']],
    ['the same configuration records nothing', (s) => ({ configuration: routing(s.support) }), ['Created']],
    ['a rename records nothing', () => ({ friendly_name: 'Renamed' }), ['Created']],
  ]
  it.each(updates)('workflows.update: %s', (_label, change, messages) => {
    const s = setup()
    s.engine.execute('workflows.update', { workspace_sid: s.ws, sid: s.workflow, ...change(s) })
    expect(s.versions().map((v) => v.message)).toEqual(messages)
  })

  it('puts the version document in the same change set as the workflow', () => {
    const s = setup()
    const outcome = s.engine.execute('workflows.update', { workspace_sid: s.ws, sid: s.workflow, configuration: routing(s.sales) })
    expect(outcome.changes.map((c) => c.op === 'put' ? c.table : c.op)).toEqual(['workflows', 'documents'])
  })

  it('publish applies the draft like workflows.update, records a version and drops the draft', () => {
    const s = setup()
    s.engine.execute('workflowDrafts.save', { workspace_sid: s.ws, workflow_sid: s.workflow, configuration: routing(s.sales) })
    const outcome = s.engine.execute('workflowVersions.publish', { workspace_sid: s.ws, workflow_sid: s.workflow, message: 'Send to sales' })
    expect(outcome.result.version).toMatchObject({ version: 2, message: 'Send to sales', source: 'publish' })
    expect(outcome.result.workflow.configuration).toBe(routing(s.sales))
    expect(outcome.events.map((e) => e.event_type)).toEqual(['workflow.updated'])
    expect(s.engine.query('workflowDrafts.get', { workspace_sid: s.ws, workflow_sid: s.workflow })).toMatchObject({ exists: false, changed: false, revision: 0 })
  })

  it('publish re-evaluates pending tasks when asked, as workflows.update does', () => {
    const s = setup()
    const task = s.engine.execute('tasks.create', { workspace_sid: s.ws, workflow_sid: s.workflow, attributes: '{}' }).result
    expect(task.task_queue_sid).toBe(s.support)
    s.engine.execute('workflowVersions.publish', { workspace_sid: s.ws, workflow_sid: s.workflow, message: 'm', configuration: routing(s.sales), re_evaluate_tasks: true })
    expect(s.taskView(task.sid).task_queue_sid).toBe(s.sales)
  })

  const refusals: Array<[string, (s: ReturnType<typeof setup>) => string | undefined, RegExp]> = [
    ['invalid JSON', () => '{"task_routing":', /1 error must be fixed first: configuration is not valid JSON/],
    ['an unknown queue and a bad expression', (s) => JSON.stringify({ task_routing: { filters: [{ expression: 'type HAVE "x"', targets: [{ queue: s.support }] }], default_filter: { queue: 'WQ' + '0'.repeat(32) } } }), /2 errors must be fixed first: .*filters\[0\]\.expression.*; .*default_filter\.queue WQ0+ is not a task queue/],
    ['no draft and no configuration', () => undefined, /has no draft to publish/],
  ]
  it.each(refusals)('publish refuses %s, changing nothing', (_label, build, message) => {
    const s = setup()
    const configuration = build(s)
    const publish = () => s.engine.execute('workflowVersions.publish', { workspace_sid: s.ws, workflow_sid: s.workflow, message: 'x', ...(configuration === undefined ? {} : { configuration }) })
    expect(publish).toThrow(message)
    try {
      publish()
    } catch (error) {
      expect(error).toMatchObject({ code: 20001, param: 'configuration' })
    }
    expect(s.versions()).toHaveLength(1)
  })

  it('publish reports warnings but goes ahead', () => {
    const s = setup()
    const configuration = JSON.stringify({ task_routing: { filters: [{ expression: '1==1', targets: [{ queue: s.support }] }] } })
    const result = s.engine.execute('workflowVersions.publish', { workspace_sid: s.ws, workflow_sid: s.workflow, message: '', configuration }).result
    expect(result.version.message).toBe('Published')
    expect(result.warnings.map((w) => w.code)).toContain('no_default_filter')
  })

  it('rollback publishes an old configuration as a new version', () => {
    const s = setup()
    s.engine.execute('workflows.update', { workspace_sid: s.ws, sid: s.workflow, configuration: routing(s.sales) })
    const result = s.engine.execute('workflowVersions.rollback', { workspace_sid: s.ws, workflow_sid: s.workflow, version: 1 }).result
    expect(result.version).toMatchObject({ version: 3, source: 'rollback', rolled_back_from: 1, message: 'Rollback to version 1', configuration: routing(s.support) })
    expect(result.workflow.configuration).toBe(routing(s.support))
    expect(s.versions().map((v) => v.version)).toEqual([3, 2, 1])
    expect(s.engine.query('workflowVersions.get', { workspace_sid: s.ws, workflow_sid: s.workflow, version: 2 }).configuration).toBe(routing(s.sales))
    expect(() => s.engine.query('workflowVersions.get', { workspace_sid: s.ws, workflow_sid: s.workflow, version: 9 })).toThrow(expect.objectContaining({ code: 20404, param: 'version' }))
  })

  it('a workflow created before versioning shows its configuration as version 1 and stores it on first publish', () => {
    const f = routingFixture()
    // The FIFO template creates its workflow inside workspaces.create, not through workflows.create.
    const ws = f.engine.execute('workspaces.create', { friendly_name: 'Legacy', template: 'FIFO' }).result.sid
    const [workflow] = f.engine.query('workflows.list', { workspace_sid: ws })
    const list = () => f.engine.query('workflowVersions.list', { workspace_sid: ws, workflow_sid: workflow!.sid })
    expect(list()).toMatchObject([{ version: 1, sid: null, source: 'baseline', configuration: workflow!.configuration }])
    const queue = f.engine.query('queues.list', { workspace_sid: ws })[0]!.sid
    const next = JSON.stringify({ task_routing: { default_filter: { queue, priority: 5 } } })
    f.engine.execute('workflowVersions.publish', { workspace_sid: ws, workflow_sid: workflow!.sid, message: 'Priority 5', configuration: next })
    expect(list().map((v) => [v.version, v.source, v.configuration, v.sid === null])).toEqual([[2, 'publish', next, false], [1, 'baseline', workflow!.configuration, false]])
  })

  it('deleting a workflow deletes its drafts, versions and samples', () => {
    const s = setup()
    s.engine.execute('workflowDrafts.save', { workspace_sid: s.ws, workflow_sid: s.workflow, configuration: '{' })
    s.engine.execute('workflowSamples.save', { workspace_sid: s.ws, workflow_sid: s.workflow, name: 'VIP', attributes: '{"vip":true}' })
    const outcome = s.engine.execute('workflows.delete', { workspace_sid: s.ws, sid: s.workflow })
    expect(outcome.changes.filter((c) => c.op === 'delete').map((c) => c.op === 'delete' && c.table)).toEqual(['workflows', 'documents', 'documents', 'documents'])
  })
})
