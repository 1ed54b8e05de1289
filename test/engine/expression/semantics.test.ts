import { describe, expect, it } from 'vitest'
import { compileExpression } from '../../../src-main/engine/expression'
import type { EvalInput, ExpressionKind } from '../../../src-main/engine/expression'
import { counts, evaluate, workerRecord } from './helpers'

const doc = {
  s: 'x', n: 6, ns: '6', zs: '0800', f: 1.5, t: true, fl: false, nul: null, empty: '', arr: ['a', 'b', 6], nums: [1, 2, 3], numstrs: ['1', '2'],
  obj: { k: 'v', deep: { deeper: [{ sku: 'p1' }, { sku: 'x', tags: ['new'] }] } },
  items: [{ sku: 'a' }, { sku: 'x' }], uni: 'café 日本 🚀', Mixed: 'Case',
}
const run = (text: string, kind: ExpressionKind = 'worker', extra: Partial<EvalInput> = {}): boolean =>
  evaluate(text, kind, { worker: workerRecord(doc), task: workerRecord(doc), ...extra })

describe('NULL rules (decision 5)', () => {
  it.each([
    ['missing == null', true],
    ['nul == null', true],
    ['null == missing', true],
    ['missing != null', false],
    ['missing != "x"', true],
    ['missing == "x"', false],
    ['"x" != missing', true],
    ['s != null', true],
    ['arr != null', true],
    ['obj != null', true],
    ['arr == null', false],
    ['missing > 1', false],
    ['missing < 1', false],
    ['missing >= 1', false],
    ['missing <= 1', false],
    ['n > null', false],
    ['n <= null', false],
    ['missing HAS "a"', false],
    ['arr HAS null', false],
    ['missing IN ["a"]', false],
    ['null IN [null]', false],
    ['missing NOT IN ["a"]', true],
    ['missing NOT IN arr', true],
    ['missing NOT IN missing2', true],
    ['"a" NOT IN missing', false],
    ['missing CONTAINS "a"', false],
    ['s CONTAINS null', false],
    ['missing == missing2', true],
    ['missing != missing2', false],
    ['null == null', true],
  ])('%s → %s', (text, expected) => expect(run(text)).toBe(expected))
})

describe('coercion and types', () => {
  it.each([
    ['"6" > 5', true],
    ['ns > 5', true],
    ['ns == 6', true],
    ['n == "6"', true],
    ['n == "06"', true],
    ['ns == "06"', false], // two strings compare as strings
    ['zs == 800', true],
    ['zs == "800"', false],
    ['n >= 6.0', true],
    ['f < 2', true],
    ['f == 1.50', true],
    ['n > "abc"', false],
    ['n != "abc"', true],
    ['s > 5', false],
    ['s == 6', false],
    ['"10" > "9"', false], // lexicographic
    ['"b" > "a"', true],
    ['"B" < "a"', true],
    ['s == "X"', false], // case-sensitive
    ['Mixed == "Case"', true],
    ['t == true', true],
    ['t != false', true],
    ['t == "true"', false],
    ['t > false', false],
    ['t != 1', true],
    ['fl == false', true],
    ['n == 6 AND nums HAS 2', true],
    ['nums HAS "2"', true],
    ['numstrs HAS 2', true],
    ['2 IN numstrs', true],
    ['"2" IN nums', true],
    ['"02" IN numstrs', false],
    ['arr == "a"', false], // scalar operator on an array
    ['arr != "a"', false],
    ['arr > 1', false],
    ['arr CONTAINS "a"', false], // CONTAINS is false on arrays
    ['s HAS "x"', false], // array operator on scalars
    ['"x" IN s', false],
    ['s NOT IN "y"', false],
    ['obj == "v"', false],
    ['obj HAS "v"', false],
    ['s CONTAINS ""', true],
    ['empty == ""', true],
    ['n CONTAINS 6', true],
    ['nums HAS true', false],
    ['t IN [true]', true],
    ['fl IN [true]', false],
    ['-1 < 0', true],
    ['1e3 == 1000', true],
    ['"1e3" == 1000', true],
    ['" 6" == 6', false], // whitespace is not numeric
    ['"0x10" == 16', false],
  ])('%s → %s', (text, expected) => expect(run(text)).toBe(expected))
})

describe('paths, arrays of objects, unicode', () => {
  it.each([
    ['items[1].sku == "x"', true],
    ['items[0].sku == "x"', false],
    ['items[5].sku == null', true],
    ['obj.deep.deeper[1].tags HAS "new"', true],
    ['obj.deep.deeper[0].sku == "p1"', true],
    ['obj.k == "v"', true],
    ['s.k == null', true], // stepping into a scalar is null
    ['arr.length == null', true], // no JS properties
    ['obj.toString == null', true], // no prototype members
    ['obj.constructor != null', false],
    ['obj.__proto__ == null', true],
    ['toString == null', true], // top-level prototype members, through the fused fast paths
    ['toString HAS "x"', false],
    ['constructor > 1', false],
    ['constructor != null', false],
    ['__proto__ == null', true],
    ['hasOwnProperty CONTAINS "f"', false],
    ['arr[2] == 6', true],
    ['uni == "café 日本 🚀"', true],
    ["uni CONTAINS '日本'", true],
    ['uni == "caf\\u00e9 \\u65e5\\u672c 🚀"', true],
    ["'it\\'s' == \"it's\"", true],
    ['"tab\\there" CONTAINS "\\t"', true],
  ])('%s → %s', (text, expected) => expect(run(text)).toBe(expected))

  it('reads unicode keys and an own __proto__ key of a JSON document', () => {
    const attrs = JSON.parse('{"número": 3, "__proto__": "own", "$channel": 1}') as Record<string, unknown>
    expect(evaluate('número == 3 AND __proto__ == "own" AND $channel == 1', 'worker', { worker: workerRecord(attrs) })).toBe(true)
  })
})

describe('logic, precedence, keywords, aliases', () => {
  it.each([
    ['1==1 OR 1==2 AND 1==2', true], // AND binds tighter: 1==1 OR (false)
    ['(1==1 OR 1==2) AND 1==2', false],
    ['1==2 AND 1==2 OR 1==1', true],
    ['1==2 AND (1==2 OR 1==1)', false],
    ['NOT (1==2)', true],
    ['NOT (1==1) OR 1==1', true],
    ['NOT (NOT (1==1))', true],
    ['not (s == "x")', false],
    ['s == "x" and n == 6', true],
    ['s == "y" or n == 6', true],
    ['arr has "a"', true],
    ['"a" in arr', true],
    ['"z" not in arr', true],
    ['"z" NoT In arr', true],
    ['s contains "x"', true],
    ['s Contains "x"', true],
    ['nul == NULL', true],
    ['t == TRUE', true],
    ['s = "x"', true],
    ['arr >- "b"', true],
    ['"b" <- arr', true],
    ['((((s == "x"))))', true],
    ['(s == "x") AND ((n == 6) OR (n == 7)) AND NOT (t == false)', true],
    ['1==2 OR 1==2 OR 1==2 OR 1==1', true],
    ['1==1 AND 1==1 AND 1==1 AND 1==2', false],
    ['s==\'x\'AND n==6', true],
  ])('%s → %s', (text, expected) => expect(run(text)).toBe(expected))
})

describe('worker fields and channels', () => {
  const fields = { sid: 'WKabc', friendly_name: 'Alice', activity_sid: 'WA1', activity_name: 'Available' }
  it.each([
    ['sid == "WKabc"', true],
    ['friendly_name == "Alice"', true],
    ['activity_sid == "WA1"', true],
    ["activity_name in ['Available', 'Busy']", true],
    ['worker.activity_name == "Available"', true], // optional worker. prefix in worker kind
    ['worker.channel.voice.configured_capacity > 0', true],
    ['worker.channel.voice.available == true', true],
    ['worker.channel.sms.configured_capacity == null', true], // unknown channel → null
  ])('worker kind: %s → %s', (text, expected) => {
    expect(evaluate(text, 'worker', { worker: workerRecord({}, fields, { voice: { configured_capacity: 1, available: true } }) })).toBe(expected)
  })

  it('an attribute of the same name shadows the field', () => {
    expect(evaluate('friendly_name == "Attr"', 'worker', { worker: workerRecord({ friendly_name: 'Attr' }, fields) })).toBe(true)
    expect(evaluate('friendly_name == null', 'worker', { worker: workerRecord({ friendly_name: null }, fields) })).toBe(true)
  })

  it('bare channel.x.y without worker. is an attribute path', () => {
    expect(evaluate('channel.sales.region == "emea"', 'worker', { worker: workerRecord({ channel: { sales: { region: 'emea' } } }) })).toBe(true)
  })

  it('a record without a channel lookup reads channels as null', () => {
    expect(evaluate('worker.channel.voice.assigned_tasks == null', 'target', { worker: workerRecord({}), task: workerRecord({}) })).toBe(true)
  })

  it('a missing record reads everything as null', () => {
    expect(evaluate('skills HAS "a"', 'worker', {})).toBe(false)
    expect(evaluate('level == null', 'worker', {})).toBe(true)
    expect(evaluate('task.x == null AND worker.y == null', 'target', {})).toBe(true)
  })

  it('task kind accepts an optional task. prefix', () => {
    expect(evaluate('task.type == "ticket" AND type == "ticket"', 'task', { task: workerRecord({ type: 'ticket' }) })).toBe(true)
  })
})

describe('taskrouter.* time variables (UTC from the injected clock)', () => {
  const at = (iso: string): number => Date.parse(iso)
  it.each([
    ['2026-01-05T08:05:00Z', 'taskrouter.currentTime == 805', true],
    ['2026-01-05T08:05:00Z', 'taskrouter.currentTime > 0800', true],
    ['2026-01-05T08:05:00Z', 'taskrouter.currentTime < 0800', false],
    ['2026-01-05T00:00:00Z', 'taskrouter.currentTime == 0', true],
    ['2026-01-05T23:59:59Z', 'taskrouter.currentTime == 2359', true],
    ['2026-01-05T08:05:00Z', 'taskrouter.currentHour == "08"', true],
    ['2026-01-05T08:05:00Z', 'taskrouter.currentHour == 8', true],
    ['2026-01-05T08:05:00Z', 'taskrouter.currentHour > 7', true],
    ['2026-01-05T08:05:00Z', 'taskrouter.currentMin == 5', true],
    ['2026-01-05T08:05:00Z', 'taskrouter.currentMin == "05"', true],
    ['2026-01-05T08:05:00Z', 'taskrouter.dayOfWeek == "Mon"', true],
    ['2026-01-06T08:05:00Z', 'taskrouter.dayOfWeek = "Tue"', true],
    ['2026-01-10T08:05:00Z', "taskrouter.dayOfWeek IN ['Sat', 'Sun']", true],
    ['2026-01-11T23:59:00Z', 'taskrouter.dayOfWeek == "Sun"', true],
    ['1970-01-01T00:00:00Z', 'taskrouter.dayOfWeek == "Thu"', true],
    ['1969-12-31T23:00:00Z', 'taskrouter.dayOfWeek == "Wed" AND taskrouter.currentTime == 2300', true],
  ])('%s: %s → %s', (iso, text, expected) => {
    for (const kind of ['worker', 'task', 'target', 'skip_if'] as const) expect(evaluate(text, kind, { now: at(iso) })).toBe(expected)
  })

  it('a non-finite clock reads as null', () => {
    expect(evaluate('taskrouter.currentTime == null', 'task', { now: Number.NaN })).toBe(true)
  })
})

describe('skip_if counts', () => {
  const sid = 'WA0123456789abcdef0123456789abcdef'
  it.each([
    ['workers.available == 0', counts(0, 5), true],
    ['workers.available == 0', counts(1, 5), false],
    ['workers.unavailable > 3', counts(0, 5), true],
    ['workers.available == 0 AND workers.unavailable > 0', counts(0, 2), true],
    [`workers.${sid} >= 2`, counts(0, 2, { [sid]: 2 }), true],
    [`workers.${sid} == 0`, counts(0, 2), true], // unknown activity: 0 workers
    ['1==1', counts(3, 3), true],
    ['workers.available == 0', undefined, false], // no counts: null
  ])('%s', (text, c, expected) => {
    expect(evaluate(text, 'skip_if', c === undefined ? {} : { counts: c })).toBe(expected)
  })
})

describe('compiled expressions', () => {
  it('expose kind, text, ast and the bound references', () => {
    const r = compileExpression('worker.level > task.min AND taskrouter.currentHour > 8 AND worker.channel.chat.available == true', 'target')
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.expression.kind).toBe('target')
    expect(r.expression.references.map((x) => [x.text, x.binding.scope])).toEqual([
      ['worker.level', 'worker'], ['task.min', 'task'], ['taskrouter.currentHour', 'time'], ['worker.channel.chat.available', 'channel'],
    ])
  })

  it('evaluate can be detached and reused with a mutable input', () => {
    const r = compileExpression('level > 4', 'worker')
    if (!r.ok) throw new Error('compile')
    const f = r.expression.evaluate
    const input: { now: number; worker?: ReturnType<typeof workerRecord> } = { now: 0 }
    const results = [3, 5, '7', null].map((level) => {
      input.worker = workerRecord({ level })
      return f(input)
    })
    expect(results).toEqual([false, true, true, false])
  })
})
