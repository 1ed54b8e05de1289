import { describe, expect, it } from 'vitest'
import type { WorkflowProblem } from '../../../src-main/contract/workflowBuilder'
import { routingFixture } from '../routing/fixture'

/** Support has workers; Empty selects nobody. Recent tasks carry `skills` as a string. */
function setup() {
  const f = routingFixture()
  const support = f.queue('Support', 'skills HAS "support"')
  const empty = f.queue('Empty', 'skills HAS "nobody"')
  f.worker('Ana', { skills: ['support'], level: 3 })
  f.task({ type: 'support', skills: 'support' }, { task_queue_sid: support })
  const check = (routing: unknown): WorkflowProblem[] => {
    const configuration = typeof routing === 'string' ? routing : JSON.stringify({ task_routing: routing })
    return f.engine.query('workflows.check', { workspace_sid: f.ws, configuration }).problems
  }
  return { ...f, support, empty, check }
}

type Case = [string, (q: { support: string; empty: string }) => unknown, Array<Pick<WorkflowProblem, 'severity' | 'code' | 'path'>>]

const cases: Case[] = [
  ['a clean configuration', (q) => ({ filters: [{ filter_friendly_name: 'Support', expression: 'type == "support"', targets: [{ queue: q.support }] }], default_filter: { queue: q.support } }), []],
  ['text that is not JSON', () => '{"task_routing": [', [{ severity: 'error', code: 'invalid_json', path: {} }]],
  ['every schema problem at once', (q) => ({ filters: [{ expression: '1==1', targets: [{ queue: q.support, timeout: 0 }, { priority: -1 }] }] }), [
    { severity: 'error', code: 'invalid_schema', path: { filter: 0, target: 0, field: 'timeout' } },
    { severity: 'error', code: 'invalid_schema', path: { filter: 0, target: 1, field: 'priority' } },
  ]],
  ['a misspelt key', (q) => ({ default_filter: { queue: q.support, priorty: 1 } }), [{ severity: 'error', code: 'invalid_schema', path: { default_filter: true } }]],
  ['an unknown queue', () => ({ default_filter: { queue: 'WQ' + 'f'.repeat(32) } }), [{ severity: 'error', code: 'unknown_queue', path: { default_filter: true, field: 'queue' } }]],
  ['no routing at all', () => ({}), [{ severity: 'error', code: 'no_routing', path: {} }]],
  ['a first target without a queue', (q) => ({ filters: [{ expression: '1==1', targets: [{ priority: 1 }] }], default_filter: { queue: q.support } }), [{ severity: 'error', code: 'missing_first_queue', path: { filter: 0, target: 0, field: 'queue' } }]],
  ['an expression that does not parse', (q) => ({ filters: [{ expression: 'type HAVE "x"', targets: [{ queue: q.support }] }], default_filter: { queue: q.support } }), [{ severity: 'error', code: 'invalid_expression', path: { filter: 0, field: 'expression' } }]],
  ['a hyphenated key', (q) => ({ filters: [{ expression: 'customer-tier == "gold"', targets: [{ queue: q.support }] }], default_filter: { queue: q.support } }), [{ severity: 'error', code: 'hyphenated_key', path: { filter: 0, field: 'expression' } }]],
  ['a bad skip_if and order_by', (q) => ({ filters: [{ expression: '1==1', targets: [{ queue: q.support, skip_if: 'workers.available ==', order_by: 'worker.level SIDEWAYS' }] }], default_filter: { queue: q.support } }), [
    { severity: 'error', code: 'invalid_expression', path: { filter: 0, target: 0, field: 'skip_if' } },
    { severity: 'error', code: 'invalid_expression', path: { filter: 0, target: 0, field: 'order_by' } },
  ]],
  ['a known worker that names no task attribute', (q) => ({ filters: [{ expression: '1==1', targets: [{ queue: q.support, known_worker_sid: 'agent' }] }], default_filter: { queue: q.support } }), [{ severity: 'error', code: 'invalid_schema', path: { filter: 0, target: 0, field: 'known_worker_sid' } }]],
  ['no default filter', (q) => ({ filters: [{ expression: 'type == "support"', targets: [{ queue: q.support }] }] }), [{ severity: 'warning', code: 'no_default_filter', path: {} }]],
  ['a timeout on the last target of the last filter', (q) => ({ filters: [{ expression: 'type == "support"', targets: [{ queue: q.support, timeout: 30 }] }], default_filter: { queue: q.support } }), [{ severity: 'warning', code: 'last_target_timeout', path: { filter: 0, target: 0, field: 'timeout' } }]],
  ['a filter below one that always matches', (q) => ({ filters: [{ expression: '1==1', targets: [{ queue: q.support }] }, { expression: 'type == "support"', targets: [{ queue: q.support }] }], default_filter: { queue: q.support } }), [{ severity: 'warning', code: 'unreachable_filter', path: { filter: 1, field: 'expression' } }]],
  ['two filters with the same expression (spacing aside)', (q) => ({ filters: [{ expression: 'type=="support"', targets: [{ queue: q.support }] }, { expression: 'type == "support"', targets: [{ queue: q.support }] }], default_filter: { queue: q.support } }), [{ severity: 'warning', code: 'unreachable_filter', path: { filter: 1, field: 'expression' } }]],
  ['a queue that selects nobody', (q) => ({ filters: [{ expression: 'type == "support"', targets: [{ queue: q.empty }] }], default_filter: { queue: q.support } }), [{ severity: 'warning', code: 'no_eligible_workers', path: { filter: 0, target: 0, field: 'queue' } }]],
  ['HAS on an attribute real tasks carry as a string', (q) => ({ filters: [{ expression: 'skills HAS "support"', targets: [{ queue: q.support }] }], default_filter: { queue: q.support } }), [{ severity: 'warning', code: 'has_on_scalar', path: { filter: 0, field: 'expression' } }]],
  ['a key no recent task has', (q) => ({ filters: [{ expression: 'langauge == "es"', targets: [{ queue: q.support }] }], default_filter: { queue: q.support } }), [{ severity: 'warning', code: 'expression_lint', path: { filter: 0, field: 'expression' } }]],
]

describe('workflows.check', () => {
  it.each(cases)('%s', (_label, build, expected) => {
    const s = setup()
    const problems = s.check(build({ support: s.support, empty: s.empty }))
    expect(problems.map((p) => ({ severity: p.severity, code: p.code, path: p.path }))).toEqual(expected)
    for (const problem of problems) expect(problem.message.length).toBeGreaterThan(10)
  })

  it('says ok only without errors, and lists errors before warnings', () => {
    const s = setup()
    const result = s.engine.query('workflows.check', { workspace_sid: s.ws, configuration: JSON.stringify({ task_routing: { filters: [{ expression: 'a HAVE 1', targets: [{ queue: s.empty }] }] } }) })
    expect(result.ok).toBe(false)
    expect(result.problems.map((p) => p.severity)).toEqual(['error', 'warning', 'warning'])
  })

  it('gives the parser diagnostic position and hint for an expression', () => {
    const s = setup()
    const [problem] = s.check({ filters: [{ expression: 'type == "a" && vip == true', targets: [{ queue: s.support }] }], default_filter: { queue: s.support } })
    expect(problem).toMatchObject({ code: 'invalid_expression', column: 13, length: 2 })
    expect(problem!.hint).toMatch(/AND/)
  })

  it("lints against the edited workflow's own tasks when it has some", () => {
    const s = setup()
    const configuration = JSON.stringify({ task_routing: { filters: [{ expression: 'skills HAS "support"', targets: [{ queue: s.support }] }], default_filter: { queue: s.support } } })
    const workflow = s.engine.execute('workflows.create', { workspace_sid: s.ws, friendly_name: 'Own', configuration }).result.sid
    s.task({ skills: 'support' }, { workflow_sid: workflow })
    s.task({ skills: ['support'] }, { task_queue_sid: s.support })
    const codes = (workflowSid?: string) => s.engine.query('workflows.check', { workspace_sid: s.ws, configuration, ...(workflowSid ? { workflow_sid: workflowSid } : {}) }).problems.map((p) => p.code)
    // Across the workspace some tasks carry an array; this workflow's own tasks never do.
    expect(codes()).toEqual([])
    expect(codes(workflow)).toEqual(['has_on_scalar'])
  })

  it('names the filter it warns about', () => {
    const s = setup()
    const [problem] = s.check({ filters: [{ filter_friendly_name: 'Catch all', expression: '1==1', targets: [{ queue: s.support }] }, { filter_friendly_name: 'Spanish', expression: 'language == "es"', targets: [{ queue: s.support }] }], default_filter: { queue: s.support } })
    expect(problem!.message).toMatch(/Filter 'Spanish' never matches first: filter 'Catch all' above always matches, so it can never be reached/)
  })
})
