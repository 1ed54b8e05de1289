import { describe, expect, it } from 'vitest'
import { MAX_SAMPLES_PER_WORKFLOW } from '../../../src-main/engine/workflowBuilder/samples'
import { routingFixture } from '../routing/fixture'

function setup() {
  const f = routingFixture()
  f.queue('Support')
  const workflow = f.workflow({ default_filter: { queue: 'Support' } })
  const other = f.workflow({ default_filter: { queue: 'Support' } })
  const base = { workspace_sid: f.ws, workflow_sid: workflow }
  const save = (name: string, attributes: object, workflowSid = workflow) =>
    f.engine.execute('workflowSamples.save', { workspace_sid: f.ws, workflow_sid: workflowSid, name, attributes: JSON.stringify(attributes) }).result
  const list = (workflowSid = workflow) => f.engine.query('workflowSamples.list', { workspace_sid: f.ws, workflow_sid: workflowSid })
  return { ...f, base, workflow, other, save, list }
}

describe('workflow samples', () => {
  it('are kept per workflow, oldest first', () => {
    const s = setup()
    s.save('VIP', { vip: true })
    s.clock.advance(1000)
    s.save('Spanish', { language: 'es' })
    s.save('Other', {}, s.other)
    expect(s.list().map((sample) => [sample.name, sample.attributes])).toEqual([['VIP', '{"vip":true}'], ['Spanish', '{"language":"es"}']])
    expect(s.list(s.other).map((sample) => sample.name)).toEqual(['Other'])
  })

  it('replace the sample of the same name (ignoring case) instead of adding one', () => {
    const s = setup()
    const first = s.save('VIP', { vip: true })
    const second = s.save('vip', { vip: false })
    expect(second.sid).toBe(first.sid)
    expect(s.list().map((sample) => [sample.name, sample.attributes])).toEqual([['vip', '{"vip":false}']])
  })

  it('are bounded per workflow', () => {
    const s = setup()
    for (let index = 0; index < MAX_SAMPLES_PER_WORKFLOW; index++) s.save(`Sample ${index}`, {})
    expect(() => s.save('One more', {})).toThrow(expect.objectContaining({ code: 20001, param: 'name' }))
    expect(s.save('Sample 0', { changed: true }).attributes).toBe('{"changed":true}')
  })

  const deletions: Array<[string, (s: ReturnType<typeof setup>, sid: string) => { workflow_sid: string; sid: string }, number | null]> = [
    ['its own sample', (s, sid) => ({ workflow_sid: s.workflow, sid }), null],
    ['through another workflow', (s, sid) => ({ workflow_sid: s.other, sid }), 20404],
    ['an unknown sample', (s) => ({ workflow_sid: s.workflow, sid: 'RD' + 'e'.repeat(32) }), 20404],
  ]
  it.each(deletions)('delete: %s', (_label, target, code) => {
    const s = setup()
    const sample = s.save('VIP', { vip: true })
    const remove = () => s.engine.execute('workflowSamples.delete', { workspace_sid: s.ws, ...target(s, sample.sid) })
    if (code === null) {
      expect(remove().result).toEqual({ deleted: true })
      expect(s.list()).toEqual([])
    } else {
      expect(remove).toThrow(expect.objectContaining({ code, param: 'sid' }))
      expect(s.list()).toHaveLength(1)
    }
  })
})
