import { describe, expect, it } from 'vitest'
import { workspaceFixture } from './helpers'

describe('expression tools for the UI (issue 3)', () => {
  it.each([
    ['worker', 'skills HAS "support" and level >= 3', true, 'skills HAS "support" AND level >= 3'],
    ['target', 'task.language IN worker.languages', true, 'task.language IN worker.languages'],
    ['order_by', 'worker.level desc, worker.years ASC', true, 'worker.level DESC, worker.years ASC'],
    ['worker', 'skill-level > 3', false, ''],
  ] as const)('compile %s %j', (kind, expression, ok, canonical) => {
    const { read } = workspaceFixture()
    const result = read('expressions.compile', { kind, expression })
    expect(result.ok).toBe(ok)
    expect(result.canonical).toBe(canonical)
    if (!ok) expect(result.diagnostics[0]).toMatchObject({ column: 1, hint: expect.stringContaining('skill_level') })
  })

  it('explains why a stored worker does not match, naming the NULL key', () => {
    const { run, read, ws } = workspaceFixture()
    const worker = run('workers.create', { workspace_sid: ws, friendly_name: 'Ann', attributes: JSON.stringify({ skills: ['support'] }) }).result
    const result = read('expressions.explain', { kind: 'worker', expression: 'skills HAS "support" AND level > 2', workspace_sid: ws, worker_sid: worker.sid })
    expect(result).toMatchObject({ ok: true, value: false, null_keys: ['level'] })
    expect(result.root!.children.map((child) => [child.text, child.value])).toEqual([['skills HAS "support"', true], ['level > 2', false]])
  })

  it('lints against the workspace workers and counts the matching ones', () => {
    const { run, read, ws } = workspaceFixture()
    run('workers.create', { workspace_sid: ws, friendly_name: 'Ann', attributes: JSON.stringify({ skills: ['support'], language: 'en' }) })
    run('workers.create', { workspace_sid: ws, friendly_name: 'Bob', attributes: JSON.stringify({ skills: ['sales'], language: 'es' }) })
    const result = read('expressions.lint', { kind: 'worker', expression: 'language HAS "en" OR skills HAS "support"', workspace_sid: ws })
    expect(result.matching_workers).toBe(1)
    expect(result.sample_count).toBe(2)
    expect(result.warnings.map((w) => w.code)).toContain('HAS_NOT_ARRAY')
  })

  it('filters workers by TargetWorkersExpression and by queue, and queues by worker attributes', () => {
    const { run, read, ws } = workspaceFixture()
    run('workers.create', { workspace_sid: ws, friendly_name: 'Ann', attributes: JSON.stringify({ level: 5 }) })
    run('workers.create', { workspace_sid: ws, friendly_name: 'Bob', attributes: JSON.stringify({ level: 1 }) })
    const seniors = run('queues.create', { workspace_sid: ws, friendly_name: 'Seniors', target_workers: 'level >= 3' }).result
    run('queues.create', { workspace_sid: ws, friendly_name: 'Everyone' })
    expect(read('workers.list', { workspace_sid: ws, target_workers_expression: 'level < 3' }).map((w) => w.friendly_name)).toEqual(['Bob'])
    expect(read('workers.list', { workspace_sid: ws, target_workers_expression: 'activity_name == "Offline"' })).toHaveLength(2)
    expect(read('workers.list', { workspace_sid: ws, task_queue_sid: seniors.sid }).map((w) => w.friendly_name)).toEqual(['Ann'])
    expect(read('queues.list', { workspace_sid: ws, evaluate_worker_attributes: '{"level": "6"}' }).map((q) => q.friendly_name)).toEqual(['Seniors', 'Everyone'])
    expect(read('queues.list', { workspace_sid: ws, evaluate_worker_attributes: '{"level": 1}' }).map((q) => q.friendly_name)).toEqual(['Everyone'])
  })

  it.each([
    ['a queue', (f: ReturnType<typeof workspaceFixture>) => f.run('queues.create', { workspace_sid: f.ws, friendly_name: 'Q', target_workers: 'skills HAVE "x"' }), 'target_workers'],
    ['a workflow filter', (f: ReturnType<typeof workspaceFixture>) => {
      const q = f.run('queues.create', { workspace_sid: f.ws, friendly_name: 'Q' }).result.sid
      return f.run('workflows.create', { workspace_sid: f.ws, friendly_name: 'W', configuration: JSON.stringify({ task_routing: { filters: [{ expression: 'type == "a" &&', targets: [{ queue: q }] }] } }) })
    }, 'configuration'],
    ['a target without task./worker. prefixes', (f: ReturnType<typeof workspaceFixture>) => {
      const q = f.run('queues.create', { workspace_sid: f.ws, friendly_name: 'Q' }).result.sid
      return f.run('workflows.create', { workspace_sid: f.ws, friendly_name: 'W', configuration: JSON.stringify({ task_routing: { filters: [{ expression: '1==1', targets: [{ queue: q, expression: 'requested_agent == "a1"' }] }] } }) })
    }, 'configuration'],
  ])('refuses %s with a bad expression, naming the field and the column', (_label, act, param) => {
    let error: unknown
    try {
      act(workspaceFixture())
    } catch (caught) {
      error = caught
    }
    expect(error).toMatchObject({ code: 20001, param, details: expect.objectContaining({ diagnostics: expect.any(Array) }) })
    expect((error as Error).message).toMatch(/column \d+/)
  })
})
