import { describe, expect, it } from 'vitest'
import { routingFixture } from '../routing/fixture'

function setup() {
  const f = routingFixture()
  const queue = f.queue('Support')
  const configuration = JSON.stringify({ task_routing: { default_filter: { queue } } })
  const workflow = f.engine.execute('workflows.create', { workspace_sid: f.ws, friendly_name: 'Main', configuration }).result.sid
  const base = { workspace_sid: f.ws, workflow_sid: workflow }
  return { ...f, queue, configuration, base }
}

describe('workflow drafts', () => {
  it('answer the published configuration when there is no draft', () => {
    const { engine, base, configuration } = setup()
    expect(engine.query('workflowDrafts.get', base)).toMatchObject({ configuration, exists: false, changed: false, revision: 0, based_on_version: 1, date_updated: null })
  })

  it('keep the text exactly as saved, even when it is not JSON', () => {
    const { engine, base } = setup()
    const saved = engine.execute('workflowDrafts.save', { ...base, configuration: '{"task_routing": ' }).result
    expect(saved).toMatchObject({ configuration: '{"task_routing": ', exists: true, changed: true, revision: 1, based_on_version: 1 })
    expect(engine.query('workflowDrafts.get', base)).toEqual(saved)
  })

  it('are not changed when saved back to the published text', () => {
    const { engine, base, configuration } = setup()
    expect(engine.execute('workflowDrafts.save', { ...base, configuration }).result).toMatchObject({ exists: true, changed: false })
  })

  const revisions: Array<[string, number[], number | undefined, boolean]> = [
    ['first save seeing no draft (0)', [], 0, true],
    ['second save with the current revision', [0], 1, true],
    ['a save from an editor that saw no draft, after someone saved', [0], 0, false],
    ['a save with a stale revision', [0, 1], 1, false],
    ['a save without if_revision always wins', [0, 1], undefined, true],
  ]
  it.each(revisions)('if_revision: %s', (_label, earlier, ifRevision, accepted) => {
    const { engine, base } = setup()
    for (const revision of earlier) engine.execute('workflowDrafts.save', { ...base, configuration: `draft ${revision}`, if_revision: revision })
    const save = () => engine.execute('workflowDrafts.save', { ...base, configuration: 'mine', ...(ifRevision === undefined ? {} : { if_revision: ifRevision }) })
    if (accepted) expect(save().result.configuration).toBe('mine')
    else expect(save).toThrow(expect.objectContaining({ code: 20001, param: 'if_revision', details: { current_revision: earlier.length } }))
  })

  it('show when someone published since the draft was started', () => {
    const { engine, base, queue } = setup()
    engine.execute('workflowDrafts.save', { ...base, configuration: 'mine' })
    const other = JSON.stringify({ task_routing: { default_filter: { queue, priority: 1 } } })
    engine.execute('workflows.update', { workspace_sid: base.workspace_sid, sid: base.workflow_sid, configuration: other })
    expect(engine.query('workflowDrafts.get', base)).toMatchObject({ based_on_version: 1, configuration: 'mine' })
    expect(engine.query('workflowVersions.list', base)[0]!.version).toBe(2)
  })

  it('discard drops the draft and answers the published state', () => {
    const { engine, base, configuration } = setup()
    engine.execute('workflowDrafts.save', { ...base, configuration: 'x' })
    const discarded = engine.execute('workflowDrafts.discard', base)
    expect(discarded.result).toMatchObject({ configuration, exists: false })
    expect(discarded.changes).toEqual([expect.objectContaining({ op: 'delete', table: 'documents' })])
    expect(engine.execute('workflowDrafts.discard', base).changes).toEqual([])
  })

  it('name the workflow that is not there', () => {
    const { engine, ws } = setup()
    expect(() => engine.query('workflowDrafts.get', { workspace_sid: ws, workflow_sid: 'WW' + 'a'.repeat(32) })).toThrow(expect.objectContaining({ code: 20404, param: 'workflow_sid' }))
  })
})
