import { describe, expect, it } from 'vitest'
import { compileOrderBy } from '../../../src-main/engine/expression'
import type { EvalRecord, OrderBy } from '../../../src-main/engine/expression'
import { workerRecord } from './helpers'

function orderBy(text: string): OrderBy {
  const r = compileOrderBy(text)
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics))
  return r.orderBy
}

const named = (name: string, attributes: Record<string, unknown>, extra: Partial<EvalRecord> = {}): EvalRecord => workerRecord(attributes, { friendly_name: name, ...extra })
const sortNames = (spec: string, workers: EvalRecord[]): string[] => [...workers].sort(orderBy(spec).compare).map((w) => w.friendly_name ?? '?')

describe('order_by parsing', () => {
  it('parses clauses, case-insensitive directions, nested paths', () => {
    expect(orderBy('worker.level DESC, worker.routing.years asc').clauses).toEqual([
      { text: 'worker.level', direction: 'DESC', column: 1 },
      { text: 'worker.routing.years', direction: 'ASC', column: 20 },
    ])
  })

  it.each([
    ['', 'EMPTY_EXPRESSION', 1, ''],
    ['level DESC', 'INVALID_ORDER_BY', 1, 'level'],
    ['worker.level', 'INVALID_ORDER_BY', 1, 'worker.level'],
    ['worker.level UP', 'INVALID_ORDER_BY', 14, 'UP'],
    ['worker.level DESC worker.x ASC', 'INVALID_ORDER_BY', 19, 'worker.x'],
    ['worker.level DESC,', 'INVALID_ORDER_BY', 19, ''],
    ['task.level DESC', 'INVALID_ORDER_BY', 1, 'task.level'],
    ['worker.skill-level DESC', 'HYPHEN_IN_KEY', 1, 'worker.skill-level'],
    ['worker.channel.voice.capacity DESC', 'UNKNOWN_VARIABLE', 1, 'worker.channel.voice.capacity'],
    ['"worker.level" DESC', 'INVALID_ORDER_BY', 1, '"worker.level"'],
  ])('%j → %s at column %i', (text, code, column, token) => {
    const r = compileOrderBy(text)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.diagnostics[0]).toMatchObject({ code, column, token })
  })

  it('bounds length and clause count', () => {
    expect(compileOrderBy(`worker.a ASC, ${'x'.repeat(5000)}`).ok).toBe(false)
    const many = Array.from({ length: 17 }, (_, k) => `worker.a${k} ASC`).join(', ')
    const r = compileOrderBy(many)
    expect(!r.ok && r.diagnostics[0]?.message).toMatch(/16 clauses/)
  })
})

describe('order_by ordering', () => {
  const a = named('a', { level: 3, years: 1 })
  const b = named('b', { level: 5, years: 1 })
  const c = named('c', { level: 5, years: 7 })
  const none = named('none', {})
  const text = named('text', { level: 'high' })
  const float = named('float', { level: 4.5 })

  it('DESC and ASC on integers', () => {
    expect(sortNames('worker.level DESC', [a, b, none])).toEqual(['b', 'a', 'none'])
    expect(sortNames('worker.level ASC', [b, a, none])).toEqual(['a', 'b', 'none'])
  })

  it('workers missing the attribute sort after, for ASC and DESC', () => {
    expect(sortNames('worker.level ASC', [none, b, a])).toEqual(['a', 'b', 'none'])
    expect(sortNames('worker.level DESC', [none, a, b])).toEqual(['b', 'a', 'none'])
  })

  it('only integers count: strings and floats are treated as missing', () => {
    expect(sortNames('worker.level DESC', [text, float, a])).toEqual(['a', 'text', 'float'])
    expect(orderBy('worker.level DESC').compare(text, float)).toBe(0)
  })

  it('later clauses break ties; a full tie is 0 (the caller uses longest idle)', () => {
    expect(sortNames('worker.level DESC, worker.years DESC', [a, b, c])).toEqual(['c', 'b', 'a'])
    expect(sortNames('worker.level DESC, worker.years ASC', [a, c, b])).toEqual(['b', 'c', 'a'])
    expect(orderBy('worker.level DESC').compare(b, c)).toBe(0)
    expect(orderBy('worker.level DESC').compare(none, named('none2', {}))).toBe(0)
  })

  it('sorts on channel variables', () => {
    const x = named('x', {}, { channel: (_n, p) => (p === 'available_capacity_percentage' ? 50 : undefined) })
    const y = named('y', {}, { channel: (_n, p) => (p === 'available_capacity_percentage' ? 100 : undefined) })
    expect(sortNames('worker.channel.chat.available_capacity_percentage DESC', [x, y, none])).toEqual(['y', 'x', 'none'])
  })

  it('is a consistent comparator (antisymmetric) over mixed records', () => {
    const all = [a, b, c, none, text, float, named('neg', { level: -2, years: 3 })]
    const cmp = orderBy('worker.level DESC, worker.years ASC').compare
    for (const p of all) for (const q of all) expect(Math.sign(cmp(p, q))).toBe(-Math.sign(cmp(q, p)) || 0)
  })
})
