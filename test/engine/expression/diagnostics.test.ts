import { describe, expect, it } from 'vitest'
import { compileExpression, describeDiagnostic, MAX_ARRAY_ITEMS, MAX_DEPTH, MAX_LENGTH, parseExpression } from '../../../src-main/engine/expression'
import type { Diagnostic, ExpressionKind } from '../../../src-main/engine/expression'

function diagnose(text: string, kind: ExpressionKind = 'worker'): Diagnostic[] {
  const r = compileExpression(text, kind)
  if (r.ok) throw new Error(`expected a diagnostic for ${text}`)
  return r.diagnostics
}

type Case = [text: string, kind: ExpressionKind, code: string, column: number, token: string, hint: string | RegExp | undefined]

const cases: Case[] = [
  ['skill-level > 3', 'worker', 'HYPHEN_IN_KEY', 1, 'skill-level', 'hyphens are not allowed in attribute names; use skill_level'],
  ['a == 1 AND customer-value.tier-x == 2', 'worker', 'HYPHEN_IN_KEY', 12, 'customer-value.tier-x', 'hyphens are not allowed in attribute names; use customer_value.tier_x'],
  ['level > 3 AND "abc', 'worker', 'UNTERMINATED_STRING', 15, '"', /matching "/],
  ["name == 'abc", 'worker', 'UNTERMINATED_STRING', 9, "'", /matching '/],
  ['name == "abc\\"', 'worker', 'UNTERMINATED_STRING', 9, '"', /matching "/],
  ['level >', 'worker', 'EXPECTED_OPERAND', 7, '>', /expected a value/],
  ['level NOT IN', 'worker', 'EXPECTED_OPERAND', 7, 'NOT', /expected a value/],
  ['skills HAVE "a"', 'worker', 'UNKNOWN_OPERATOR', 8, 'HAVE', 'did you mean HAS?'],
  ['a IS 1', 'worker', 'UNKNOWN_OPERATOR', 3, 'IS', 'did you mean ==?'],
  ['a LIKE "x"', 'worker', 'UNKNOWN_OPERATOR', 3, 'LIKE', 'did you mean CONTAINS?'],
  ['a FOO "x"', 'worker', 'UNKNOWN_OPERATOR', 3, 'FOO', /operators are == != >/],
  ['a NOT HAS 1', 'worker', 'UNKNOWN_OPERATOR', 3, 'NOT', /NOT \(condition\)/],
  ['a == 1 && b == 2', 'worker', 'C_STYLE_OPERATOR', 8, '&&', 'use AND'],
  ['a == 1 || b == 2', 'worker', 'C_STYLE_OPERATOR', 8, '||', 'use OR'],
  ['a === 1', 'worker', 'C_STYLE_OPERATOR', 3, '===', /use ==/],
  ['a <> 1', 'worker', 'C_STYLE_OPERATOR', 3, '<>', 'use !='],
  ['!(a == 1)', 'worker', 'C_STYLE_OPERATOR', 1, '!', /NOT \(\.\.\.\)/],
  ['(a == 1', 'worker', 'UNCLOSED_PAREN', 1, '(', /add '\)'/],
  ['((a == 1) OR (b == 2)', 'worker', 'UNCLOSED_PAREN', 1, '(', /add '\)'/],
  ['a == 1)', 'worker', 'UNMATCHED_CLOSE_PAREN', 7, ')', /no matching|remove/],
  ['()', 'worker', 'EMPTY_PARENS', 1, '()', /put a condition/],
  ['requested_agent == "a1"', 'target', 'UNPREFIXED_KEY', 1, 'requested_agent', /task\.requested_agent .* worker\.requested_agent/],
  ['worker == 1', 'target', 'UNPREFIXED_KEY', 1, 'worker', /worker\.language/],
  ['task.type == "x"', 'worker', 'KEY_NOT_AVAILABLE', 1, 'task.type', /workflow filter or target/],
  ['worker.x == 1', 'task', 'KEY_NOT_AVAILABLE', 1, 'worker.x', /target expression/],
  ['worker.channel.voice.configured_capacity > 0', 'task', 'KEY_NOT_AVAILABLE', 1, 'worker.channel.voice.configured_capacity', /target expression/],
  ['level > 1', 'skip_if', 'KEY_NOT_AVAILABLE', 1, 'level', /workers\.available/],
  ['workers.busy == 0', 'skip_if', 'UNKNOWN_VARIABLE', 1, 'workers.busy', /workers\.available/],
  ['worker.channel.voice.capacity > 0', 'target', 'UNKNOWN_VARIABLE', 1, 'worker.channel.voice.capacity', /configured_capacity/],
  ['taskrouter.timezone == "CET"', 'task', 'UNKNOWN_VARIABLE', 1, 'taskrouter.timezone', /UTC/],
  ['taskrouter.hour > 8', 'worker', 'UNKNOWN_VARIABLE', 1, 'taskrouter.hour', /taskrouter\.currentHour/],
  ['', 'worker', 'EMPTY_EXPRESSION', 1, '', /1 == 1/],
  [' \t\n', 'task', 'EMPTY_EXPRESSION', 1, '', /1 == 1/],
  ['active', 'worker', 'EXPECTED_OPERATOR', 1, 'active', 'compare it, e.g. active == true'],
  ['a == 1 AND (b == 2) AND d', 'worker', 'EXPECTED_OPERATOR', 25, 'd', /d == true/],
  ['a == 1 b == 2', 'worker', 'EXPECTED_LOGICAL_OPERATOR', 8, 'b', /AND or OR/],
  ['a == 1 ANDD b == 2', 'worker', 'EXPECTED_LOGICAL_OPERATOR', 8, 'ANDD', 'did you mean AND?'],
  ['a == b == c', 'worker', 'CHAINED_COMPARISON', 8, '==', /AND or OR/],
  ['a > 1 < 5', 'worker', 'CHAINED_COMPARISON', 7, '<', /a > 1 AND a < 5/],
  ['NOT a == 1', 'worker', 'NOT_WITHOUT_PARENS', 1, 'NOT', 'write NOT (condition)'],
  ['NOT IN x', 'worker', 'EXPECTED_OPERAND', 1, 'NOT IN', /NOT IN skills/],
  ['== 1', 'worker', 'EXPECTED_OPERAND', 1, '==', /level == 3/],
  ['HAS "x"', 'worker', 'EXPECTED_OPERAND', 1, 'HAS', /skills HAS/],
  ['a == 1 AND', 'worker', 'EXPECTED_OPERAND', 8, 'AND', /level > 3/],
  ['a == 1 OR AND b == 2', 'worker', 'EXPECTED_OPERAND', 8, 'OR', undefined],
  ['a IN [1, b]', 'worker', 'ARRAY_ELEMENT_NOT_CONSTANT', 10, 'b', /value IN b/],
  ['a IN [1, [2]]', 'worker', 'ARRAY_ELEMENT_NOT_CONSTANT', 10, '[', /nested/],
  ['a IN [1, 2', 'worker', 'UNCLOSED_ARRAY', 6, '[', /add '\]'/],
  ['a IN [1 2]', 'worker', 'UNEXPECTED_CHARACTER', 9, '2', undefined],
  ['a IN [1,]', 'worker', 'EXPECTED_OPERAND', 9, ']', undefined],
  ['a == 1.', 'worker', 'INVALID_NUMBER', 6, '1.', /1\.0/],
  ['a == .5', 'worker', 'INVALID_NUMBER', 6, '.', 'write 0.5'],
  ['a == 5abc', 'worker', 'INVALID_NUMBER', 6, '5abc', /start with a letter/],
  ['a == 1e999', 'worker', 'INVALID_NUMBER', 6, '1e999', undefined],
  ['a. == 1', 'worker', 'INVALID_REFERENCE', 2, '.', undefined],
  ["skills['x'] == 1", 'worker', 'INVALID_REFERENCE', 7, "['x']", 'like skills[0]'],
  ['a == "\\q"', 'worker', 'INVALID_ESCAPE', 7, '\\q', /\\\\/],
  ['a == "\\u12"', 'worker', 'INVALID_ESCAPE', 7, '\\u', /\\u00e9/],
  ['a == #', 'worker', 'UNEXPECTED_CHARACTER', 6, '#', undefined],
  ['a == 1 AND b -c', 'worker', 'UNEXPECTED_CHARACTER', 14, '-', /no arithmetic/],
  ['名前 == "x" AND 🚀 == 1', 'worker', 'UNEXPECTED_CHARACTER', 15, '🚀', undefined],
]

describe('diagnostics: code, column, token, hint', () => {
  it.each(cases)('%s (%s) → %s at column %i', (text, kind, code, column, token, hint) => {
    const [d] = diagnose(text, kind)
    expect(d).toBeDefined()
    if (d === undefined) return
    expect({ code: d.code, column: d.column, token: d.token }).toEqual({ code, column, token })
    expect(d.length).toBeGreaterThanOrEqual(token.length)
    if (hint instanceof RegExp) expect(d.hint).toMatch(hint)
    else if (hint !== undefined) expect(d.hint).toBe(hint)
    expect(d.message.length).toBeGreaterThan(5)
  })

  it('reports every bad reference, not only the first', () => {
    const ds = diagnose('a == 1 AND task.x == 2 AND y == 3', 'target')
    expect(ds.map((d) => [d.code, d.column, d.token])).toEqual([['UNPREFIXED_KEY', 1, 'a'], ['UNPREFIXED_KEY', 28, 'y']])
  })

  it('describeDiagnostic names the position and the token (decision 4)', () => {
    const [d] = diagnose('skills HAVE "a"')
    expect(d && describeDiagnostic(d)).toBe("column 8 near 'HAVE': unknown operator 'HAVE' (did you mean HAS?)")
    const [end] = diagnose('level >')
    expect(end && describeDiagnostic(end)).toMatch(/^column 7 near '>': '>' needs a value on its right/)
  })

  it('reports the dangling operator with what it expected', () => {
    const [d] = diagnose('level >')
    expect(d?.message).toBe("'>' needs a value on its right, but the expression ends here")
  })

  it('the unclosed quote diagnostic points at the opening quote', () => {
    const text = 'a == 1 OR name == "Smith AND b == 2'
    const [d] = diagnose(text)
    expect(d?.column).toBe(text.indexOf('"') + 1)
    expect(d?.length).toBe(1)
  })
})

describe('bounds: hostile input gets a diagnostic, quickly', () => {
  const quick = (fn: () => void): number => {
    const start = performance.now()
    fn()
    return performance.now() - start
  }

  it('10,000 nested parentheses → NESTING_TOO_DEEP (no stack overflow)', () => {
    const text = `${'('.repeat(10_000)}a == 1${')'.repeat(10_000)}`
    // longer than MAX_LENGTH, so check the depth limit directly too
    expect(diagnose(text)[0]?.code).toBe('EXPRESSION_TOO_LONG')
    const deep = `${'('.repeat(2000)}a == 1${')'.repeat(2000)}`
    const ms = quick(() => expect(diagnose(deep)[0]).toMatchObject({ code: 'NESTING_TOO_DEEP', column: MAX_DEPTH + 1, token: '(' }))
    expect(ms).toBeLessThan(200)
  })

  it('nested NOT counts towards the depth', () => {
    const text = `${'NOT ('.repeat(100)}a == 1${')'.repeat(100)}`
    expect(diagnose(text)[0]?.code).toBe('NESTING_TOO_DEEP')
  })

  it(`${MAX_DEPTH} levels are fine`, () => {
    const text = `${'('.repeat(MAX_DEPTH)}a == 1${')'.repeat(MAX_DEPTH)}`
    expect(compileExpression(text, 'worker').ok).toBe(true)
  })

  it('1 MB of input → EXPRESSION_TOO_LONG without scanning it', () => {
    const text = `a == "${'x'.repeat(1_000_000)}"`
    let d: Diagnostic | undefined
    const ms = quick(() => { d = diagnose(text)[0] })
    expect(d).toMatchObject({ code: 'EXPRESSION_TOO_LONG', column: MAX_LENGTH + 1 })
    expect(d?.token.length).toBeLessThanOrEqual(40)
    expect(ms).toBeLessThan(50)
  })

  it(`exactly ${MAX_LENGTH} characters is allowed`, () => {
    const text = `a == "${'x'.repeat(MAX_LENGTH - 7)}"`
    expect(text.length).toBe(MAX_LENGTH)
    expect(compileExpression(text, 'worker').ok).toBe(true)
  })

  it('array literals are bounded', () => {
    const ok = `a IN [${Array.from({ length: MAX_ARRAY_ITEMS }, () => '1').join(',')}]`
    expect(compileExpression(ok, 'worker').ok).toBe(true)
    const tooMany = `a IN [${Array.from({ length: MAX_ARRAY_ITEMS + 1 }, () => '1').join(',')}]`
    expect(diagnose(tooMany)[0]?.code).toBe('ARRAY_TOO_LARGE')
  })

  it('long flat AND chains are loops, not recursion', () => {
    const text = Array.from({ length: 250 }, (_, k) => `a${k} == 1`).join(' AND ')
    expect(text.length).toBeLessThanOrEqual(MAX_LENGTH)
    const r = compileExpression(text, 'worker')
    expect(r.ok).toBe(true)
  })

  it('pathological inputs terminate quickly', () => {
    for (const text of ['"'.repeat(4000), '['.repeat(4000), 'a.'.repeat(2000), '-'.repeat(4000), 'NOT '.repeat(1000), 'a == '.repeat(800), '\\'.repeat(4000), `"${'\\'.repeat(4000)}`]) {
      const ms = quick(() => expect(parseExpression(text).ok).toBe(false))
      expect(ms).toBeLessThan(100)
    }
  })
})
