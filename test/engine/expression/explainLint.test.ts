import { describe, expect, it } from 'vitest'
import { explainExpression, lintExpression } from '../../../src-main/engine/expression'
import type { ExpressionKind, LintWarning } from '../../../src-main/engine/expression'
import { MONDAY_1030, W_ATTRIBUTES, compiled, workerRecord } from './helpers'

describe('explainExpression', () => {
  it('gives the truth of every sub-expression with columns, operand values and null keys', () => {
    const c = compiled('skills HAS "support" AND (level > 3 OR languages HAS "es") AND NOT (vip == true)', 'worker')
    const e = explainExpression(c, { now: MONDAY_1030, worker: workerRecord({ skills: ['support'], languages: ['en'] }) })
    expect(e.value).toBe(false)
    expect(e.value).toBe(c.evaluate({ now: MONDAY_1030, worker: workerRecord({ skills: ['support'], languages: ['en'] }) }))
    expect(e.nullKeys).toEqual(['level', 'vip'])
    const [has, or, not] = e.root.children
    expect(e.root).toMatchObject({ type: 'and', column: 1, value: false })
    expect(has).toMatchObject({ type: 'compare', op: 'HAS', text: 'skills HAS "support"', column: 1, value: true, left: { kind: 'ref', value: ['support'], isNull: false, source: 'attribute' }, right: { kind: 'literal', value: 'support' } })
    expect(or).toMatchObject({ type: 'or', text: 'level > 3 OR languages HAS "es"', column: 27, value: false })
    expect(or?.children[0]).toMatchObject({ text: 'level > 3', value: false, left: { text: 'level', isNull: true, column: 27 }, reason: '> with null is false' })
    expect(or?.children[1]).toMatchObject({ text: 'languages HAS "es"', value: false })
    expect(not).toMatchObject({ type: 'not', text: 'NOT (vip == true)', value: true, children: [{ value: false }] })
  })

  it('explains type rules and shows where field values come from', () => {
    const c = compiled('skills == "support" OR agent_id HAS "a1" OR activity_name == "Busy"', 'worker')
    const e = explainExpression(c, { now: 0, worker: workerRecord(W_ATTRIBUTES, { activity_name: 'Available' }) })
    expect(e.root.children.map((n) => n.reason)).toEqual([
      'the left side is an array; == and != compare scalars (use HAS for arrays)',
      'HAS needs an array on the left; it is string',
      undefined,
    ])
    expect(e.root.children[2]?.left).toMatchObject({ value: 'Available', source: 'field' })
  })

  it('covers time, counts and channels', () => {
    const e = explainExpression(compiled('workers.available == 0 AND taskrouter.dayOfWeek == "Mon"', 'skip_if'), { now: MONDAY_1030, counts: { available: 0, unavailable: 1, byActivity: () => 0 } })
    expect(e.root.children.map((n) => [n.left?.source, n.left?.value, n.value])).toEqual([['count', 0, true], ['time', 'Mon', true]])
    const ch = explainExpression(compiled('worker.channel.chat.assigned_tasks < 2', 'target'), { now: 0, worker: workerRecord({}, {}, { chat: { assigned_tasks: 1 } }) })
    expect(ch.root).toMatchObject({ value: true, left: { source: 'channel', value: 1 } })
  })
})

function lint(text: string, samples: object[], kind: ExpressionKind = 'worker'): LintWarning[] {
  return lintExpression(compiled(text, kind), samples)
}
const workers = [
  { skills: ['support'], level: 3, name: 'alice', tags: 'vip', langs: ['en'] },
  { skills: ['sales'], level: 5, name: 'bob', langs: ['es'] },
]

describe('lintExpression', () => {
  it.each([
    ['tags HAS "vip"', 'HAS_NOT_ARRAY', 1, 'tags', /tags == "vip"/],
    ['"vip" IN tags', 'IN_NOT_ARRAY', 10, 'tags', undefined],
    ['skills CONTAINS "sup"', 'CONTAINS_ON_ARRAY', 1, 'skills', /skills HAS "sup"/],
    ['skills == "support"', 'SCALAR_OP_ON_ARRAY', 1, 'skills', /skills HAS "support"/],
    ['langs > 1', 'SCALAR_OP_ON_ARRAY', 1, 'langs', undefined],
    ['skill HAS "support"', 'UNKNOWN_KEY', 1, 'skill', /spelling/],
    ['level == "high"', 'TYPE_MISMATCH', 1, 'level == "high"', undefined],
    ['name > 3', 'TYPE_MISMATCH', 1, 'name > 3', /quote it/],
    ['"language" == "spanish"', 'CONSTANT_STRINGS', 1, '"language" == "spanish"', 'did you mean language == "spanish"?'],
    ['"a" == "b"', 'CONSTANT_STRINGS', 1, '"a" == "b"', 'did you mean a == "b"?'],
    ['1 == 2', 'CONSTANT_FALSE', 1, '1 == 2', undefined],
    ['level > null', 'ALWAYS_FALSE', 1, 'level > null', /== null/],
    ['skills HAS ["a", "b"]', 'ALWAYS_FALSE', 1, 'skills HAS ["a", "b"]', /OR/],
    ['name IN "bob"', 'ALWAYS_FALSE', 1, 'name IN "bob"', 'did you mean name == "bob"?'],
    ['name == ["bob"]', 'ALWAYS_FALSE', 1, 'name == ["bob"]', 'did you mean name IN ["bob"]?'],
  ])('%s → %s', (text, code, column, token, hint) => {
    const warnings = lint(text, workers)
    const w = warnings.find((x) => x.code === code)
    expect(w, JSON.stringify(warnings)).toBeDefined()
    expect(w).toMatchObject({ column, token, severity: 'warning' })
    if (hint instanceof RegExp) expect(w?.hint).toMatch(hint)
    else if (hint !== undefined) expect(w?.hint).toBe(hint)
  })

  it('the spec gotcha says what it probably meant', () => {
    const [w] = lint('"language" == "spanish"', [])
    expect(w?.message).toBe('compares two constants; did you mean language == "spanish"? (always false)')
  })

  it('1==1 and 0 != 1 are info, not warnings', () => {
    expect(lint('1==1', workers)).toEqual([expect.objectContaining({ code: 'CONSTANT_TRUE', severity: 'info' })])
    expect(lint('0 != 1', workers)).toEqual([expect.objectContaining({ code: 'CONSTANT_TRUE', severity: 'info' })])
  })

  it('a sound expression has no warnings', () => {
    expect(lint('skills HAS "support" AND level >= 3 AND name != "carol" AND "es" IN langs AND name CONTAINS "o"', workers)).toEqual([])
    expect(lint('level > "2"', workers)).toEqual([]) // numeric string vs numbers is fine
  })

  it('does not look worker fields, time or channels up in samples', () => {
    expect(lint('activity_name == "x" AND taskrouter.currentHour > 8 AND worker.channel.voice.available == true', workers)).toEqual([])
  })

  it('target samples are { task, worker } pairs', () => {
    const samples = [{ task: { language: 'es' }, worker: { languages: 'es' } }]
    expect(lint('task.language IN worker.languages AND worker.level > 1', samples, 'target').map((w) => [w.code, w.token])).toEqual([
      ['IN_NOT_ARRAY', 'worker.languages'],
      ['UNKNOWN_KEY', 'worker.level'],
    ])
  })

  it('without samples only static checks run', () => {
    expect(lint('nothing HAS "x" AND x > null', []).map((w) => w.code)).toEqual(['ALWAYS_FALSE'])
  })
})
