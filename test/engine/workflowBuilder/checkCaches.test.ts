import { describe, expect, it } from 'vitest'
import { compileCached, lintCache } from '../../../src-main/engine/workflowBuilder/checkCaches'
import { routingFixture } from '../routing/fixture'

/**
 * What `workflows.check` reuses between calls (checkCaches.ts) must never change an answer:
 * the same text gives the same problems, and any change of the data the lint reads shows up
 * in the very next check.
 */
function setup() {
  const f = routingFixture()
  const support = f.queue('Support', 'skills HAS "support"')
  f.worker('Ana', { skills: ['support'], level: 3 })
  const configuration = JSON.stringify({
    task_routing: {
      filters: [
        { expression: 'skills HAS "support"', targets: [{ queue: support, expression: 'worker.level > task.level' }] },
        { expression: 'language == "es"', targets: [{ queue: support }] },
      ],
      default_filter: { queue: support },
    },
  })
  const codes = (): string[] => f.engine.query('workflows.check', { workspace_sid: f.ws, configuration }).problems.map((problem) => problem.code)
  return { ...f, support, codes }
}

describe('workflows.check caches', () => {
  it('answers a repeated check exactly as the first time', () => {
    const s = setup()
    s.task({ skills: 'support', level: 1 }, { task_queue_sid: s.support })
    const first = s.engine.query('workflows.check', { workspace_sid: s.ws, configuration: '{"task_routing":{"default_filter":{"queue":"' + s.support + '"}}}' })
    expect(s.codes()).toEqual(s.codes())
    expect(s.engine.query('workflows.check', { workspace_sid: s.ws, configuration: '{"task_routing":{"default_filter":{"queue":"' + s.support + '"}}}' })).toEqual(first)
  })

  it('sees a new task in the next check (the samples changed)', () => {
    const s = setup()
    expect(s.codes()).toEqual([])
    s.task({ skills: 'support', language: 'en', level: 1 }, { task_queue_sid: s.support })
    expect(s.codes()).toEqual(['has_on_scalar'])
  })

  it("sees a task's updated attributes in the next check", () => {
    const s = setup()
    const task = s.task({ skills: ['support'], language: 'en', level: 1 }, { task_queue_sid: s.support })
    expect(s.codes()).toEqual([])
    s.updateTask(task.sid, { attributes: JSON.stringify({ skills: 'support', language: 'en', level: 1 }) })
    expect(s.codes()).toEqual(['has_on_scalar'])
  })

  it('keeps a lint while the samples are the same objects, and drops it when one changes', () => {
    const state = { id: 'a workspace' } as unknown as Parameters<typeof lintCache>[0]
    const compiled = compileCached('skills HAS "support"', 'task')
    if (!compiled.ok) throw new Error('compiles')
    const tasks = [{ skills: ['support'] }]
    const first = lintCache(state, '', { tasks, pairs: [] })(compiled.expression)
    expect(lintCache(state, '', { tasks: [...tasks], pairs: [] })(compiled.expression)).toBe(first)
    const changed = lintCache(state, '', { tasks: [{ skills: 'support' }], pairs: [] })(compiled.expression)
    expect(changed).not.toBe(first)
    expect(changed.map((warning) => warning.code)).toContain('HAS_NOT_ARRAY')
  })

  it('still reports a known worker that names no task attribute (found only by compiling the workflow)', () => {
    const s = setup()
    const configuration = JSON.stringify({ task_routing: { filters: [{ expression: '1==1', targets: [{ queue: s.support, known_worker_sid: 'agent' }] }], default_filter: { queue: s.support } } })
    const problems = s.engine.query('workflows.check', { workspace_sid: s.ws, configuration }).problems
    expect(problems.map((problem) => [problem.code, problem.path])).toEqual([['invalid_schema', { filter: 0, target: 0, field: 'known_worker_sid' }]])
  })
})
