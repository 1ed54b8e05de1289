import { describe, expect, it } from 'vitest'
import { routingFixture } from '../routing/fixture'

/**
 * Spanish speakers Ana (idle longest), Bea and Carmen (offline), and Dan who speaks English;
 * queue Spanish selects Spanish speakers, Everyone selects all.
 */
function setup() {
  const f = routingFixture()
  f.queue('Spanish', 'languages HAS "es"')
  f.queue('Everyone', '1==1')
  f.worker('Ana', { languages: ['es'], level: 1 })
  f.clock.advance(1000)
  f.worker('Bea', { languages: ['es'], level: 5 })
  f.worker('Carmen', { languages: ['es'], level: 9 }, { available: false })
  f.worker('Dan', { languages: ['en'], level: 2 })
  const configure = (routing: object): string => JSON.stringify({ task_routing: routing }).replace(/"queue":"([^"]+)"/g, (_m, name: string) => `"queue":"${f.queueSid(name)}"`)
  const explain = (routing: object, attributes: object, extra: { priority?: number; task_channel?: string } = {}) =>
    f.engine.query('workflows.explainRoute', { workspace_sid: f.ws, configuration: configure(routing), attributes: JSON.stringify(attributes), ...extra })
  return { ...f, explain }
}

const spanishFirst = {
  filters: [
    { filter_friendly_name: 'VIP', expression: 'vip == true', targets: [{ queue: 'Everyone', priority: 10 }] },
    { filter_friendly_name: 'Spanish', expression: 'language == "es"', targets: [{ queue: 'Spanish', timeout: 30 }, { queue: 'Everyone', priority: 5 }] },
  ],
  default_filter: { queue: 'Everyone' },
}

describe('workflows.explainRoute', () => {
  it('names the matching filter, why earlier ones did not match, and who would be reserved', () => {
    const { explain } = setup()
    const result = explain(spanishFirst, { language: 'es' })
    expect(result.ok).toBe(true)
    expect(result.matched_filter).toBe(1)
    expect(result.filters.map((f) => [f.name, f.verdict])).toEqual([['VIP', 'not_matched'], ['Spanish', 'matched']])
    expect(result.filters[0]!.reason).toMatch(/vip == true is false/)
    expect(result.filters[0]!.null_keys).toEqual(['vip'])
    expect(result.targets[0]).toMatchObject({ filter: 1, index: 0, queue_name: 'Spanish', eligible_workers: 3, available_workers: 2, timeout: 30, priority: 0 })
    expect(result.targets[0]!.reserved.map((w) => w.friendly_name)).toEqual(['Ana'])
    expect(result.summary).toBe("Filter 'Spanish' matches; the task enters queue 'Spanish': Ana would be reserved now. Then after 30s: next target 2 (queue 'Everyone').")
  })

  it('follows the timeouts: next target, then waits', () => {
    const { explain } = setup()
    const steps = explain(spanishFirst, { language: 'es' }).targets
    expect(steps.map((s) => [s.queue_name, s.priority, s.next.kind, s.next.after_seconds])).toEqual([['Spanish', 0, 'next_target', 30], ['Everyone', 5, 'waits', null]])
  })

  const reasons: Array<[string, object, string, 'not_chosen' | 'unavailable' | 'expression_false' | 'no_capacity', RegExp]> = [
    ['a second eligible worker beyond max_reserved_workers', { queue: 'Spanish' }, 'Bea', 'not_chosen', /at most 1 worker/],
    ['an offline worker', { queue: 'Spanish' }, 'Carmen', 'unavailable', /activity 'Offline' is not available/],
    ['a worker the target expression refuses', { queue: 'Everyone', expression: 'worker.level > task.min_level' }, 'Ana', 'expression_false', /worker\.level > task\.min_level is false/],
  ]
  it.each(reasons)('says why not: %s', (_label, target, name, exclusion, detail) => {
    const { explain } = setup()
    const [step] = explain({ filters: [{ expression: '1==1', targets: [target] }], default_filter: { queue: 'Everyone' } }, { min_level: 1 }).targets
    const worker = step!.not_chosen.find((w) => w.friendly_name === name)
    expect(worker).toMatchObject({ exclusion })
    expect(worker!.detail).toMatch(detail)
  })

  it('explains a known-worker target by the task attribute it reads', () => {
    const f = setup()
    const routing = { filters: [{ expression: '1==1', targets: [{ queue: 'Spanish', known_worker_friendly_name: 'task.agent', timeout: 20 }, { queue: 'Everyone' }] }], default_filter: { queue: 'Everyone' } }
    const [named] = f.explain(routing, { agent: 'Bea' }).targets
    expect(named!.reserved.map((w) => w.friendly_name)).toEqual(['Bea'])
    expect(named!.not_chosen.find((w) => w.friendly_name === 'Ana')).toMatchObject({ exclusion: 'not_known_worker', detail: 'the target asks for worker Bea' })
    const [missing] = f.explain(routing, {}).targets
    expect(missing!.reserved).toEqual([])
    expect(missing!.not_chosen[0]!.detail).toBe('the task has no task.agent (NULL)')
    expect(missing!.next).toMatchObject({ kind: 'next_target', after_seconds: 20, target: 1 })
  })

  it('says when a worker has no free capacity', () => {
    const f = setup()
    f.task({}, { task_queue_sid: f.queueSid('Spanish') })
    const [step] = f.explain({ filters: [{ expression: '1==1', targets: [{ queue: 'Spanish' }] }], default_filter: { queue: 'Everyone' } }, {}).targets
    expect(step!.reserved.map((w) => w.friendly_name)).toEqual(['Bea'])
    expect(step!.not_chosen.find((w) => w.friendly_name === 'Ana')).toMatchObject({ exclusion: 'no_capacity', detail: "1 of 1 'default' slots in use" })
  })

  it('ranks by order_by when the target has one', () => {
    const { explain } = setup()
    const [step] = explain({ filters: [{ expression: '1==1', targets: [{ queue: 'Spanish', order_by: 'worker.level DESC' }] }], default_filter: { queue: 'Everyone' } }, {}).targets
    expect(step!.reserved.map((w) => [w.friendly_name, w.detail])).toEqual([['Bea', 'rank 1 by order_by (worker.level DESC)']])
  })

  const ends: Array<[string, object, object, string, RegExp]> = [
    ['no filter matches: the default filter', spanishFirst, { language: 'fr' }, 'waits', /^No filter matches; the default filter sends the task to queue 'Everyone'/],
    ['the last target times out with no filter below', { filters: [{ expression: '1==1', targets: [{ queue: 'Spanish', timeout: 60 }] }] }, {}, 'workflow_timeout', /after 60s: no filter below matches, so the task is canceled \(workflow\.timeout\)/],
    ['the last target times out into the next matching filter', { filters: [{ filter_friendly_name: 'A', expression: '1==1', targets: [{ queue: 'Spanish', timeout: 60 }] }, { filter_friendly_name: 'B', expression: '1==1', targets: [{ queue: 'Everyone' }] }] }, {}, 'next_filter', /after 60s: next matching filter 'B'/],
  ]
  it.each(ends)('what happens next: %s', (_label, routing, attributes, kind, description) => {
    const { explain } = setup()
    const result = explain(routing, attributes)
    const first = result.targets[0]!
    expect(first.next.kind).toBe(kind)
    expect(first.next.kind === 'waits' ? result.summary : first.next.description).toMatch(description)
  })

  it('skips at once when skip_if fires and nobody can take the task, down to the default filter', () => {
    const { explain } = setup()
    const result = explain({ filters: [{ filter_friendly_name: 'Level 9', expression: '1==1', targets: [{ queue: 'Spanish', expression: 'worker.level == 9', skip_if: 'workers.available == 0 OR 1==1' }] }], default_filter: { queue: 'Everyone' } }, {})
    expect(result.targets.map((t) => [t.queue_name, t.skip_if_value, t.next.kind])).toEqual([['Spanish', true, 'default_filter'], ['Everyone', null, 'waits']])
    expect(result.filters[0]!.verdict).toBe('skipped')
    expect(result.default_filter).toBe(true)
    expect(result.matched_filter).toBeNull()
  })

  it('answers the errors instead of a route for a broken configuration', () => {
    const { explain } = setup()
    const result = explain({ filters: [{ expression: 'a HAVE 1', targets: [{ queue: 'Spanish' }] }] }, {})
    expect(result).toMatchObject({ ok: false, targets: [], filters: [] })
    expect(result.problems.map((p) => p.code)).toEqual(['invalid_expression'])
  })

  it('changes nothing: no reservation, no task, the same answer twice', () => {
    const f = setup()
    const before = f.engine.query('tasks.list', { workspace_sid: f.ws }).length
    const first = f.explain(spanishFirst, { language: 'es' })
    expect(f.explain(spanishFirst, { language: 'es' })).toEqual(first)
    expect(f.reservations()).toEqual([])
    expect(f.engine.query('tasks.list', { workspace_sid: f.ws })).toHaveLength(before)
  })

  it('refuses an unknown task channel with a 20404 naming it', () => {
    const { explain } = setup()
    expect(() => explain(spanishFirst, {}, { task_channel: 'fax' })).toThrow(expect.objectContaining({ code: 20404, param: 'task_channel' }))
  })
})
