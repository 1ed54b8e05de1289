import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compileExpression, compileOrderBy, explainExpression, parseExpression, printExpression } from '../../../src-main/engine/expression'
import type { CompareOp, Expr, ExpressionKind, Literal, Operand, PathSegment } from '../../../src-main/engine/expression'
import { shape, workerRecord } from './helpers'

const KINDS: ExpressionKind[] = ['worker', 'task', 'target', 'skip_if']
const OPS: CompareOp[] = ['==', '!=', '>', '>=', '<', '<=', 'HAS', 'IN', 'NOT IN', 'CONTAINS']
const span = { start: 0, end: 0 }

describe('the compiler never throws', () => {
  it('for arbitrary strings (any UTF-16 code units)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.constantFrom(...KINDS), (text, kind) => {
      const r = compileExpression(text, kind)
      if (!r.ok) {
        expect(r.diagnostics.length).toBeGreaterThan(0)
        for (const d of r.diagnostics) {
          expect(d.column).toBeGreaterThanOrEqual(1)
          expect(d.column).toBeLessThanOrEqual(text.length + 1)
          expect(d.column - 1 + d.length).toBeLessThanOrEqual(text.length)
        }
      }
      expect(() => compileOrderBy(text)).not.toThrow()
    }), { numRuns: 2000 })
  })

  const soup = fc.constantFrom(
    '(', ')', '[', ']', ',', '==', '=', '!=', '>', '>=', '<', '<=', '>-', '<-', '!', '&&', '||', '-', '.', '"', "'", '\\',
    'AND', 'or', 'NOT', 'in', 'HAS', 'CONTAINS', 'true', 'FALSE', 'null', 'a', 'b.c', 'x[0]', 'task.t', 'worker.w', 'worker.channel.voice.available',
    'workers.available', 'taskrouter.currentTime', '1', '-2.5', '0800', '"s"', "'q'", '"é🚀"', 'skill-level', 'HAVE', '1e5', ' ',
  )
  it('for token soups', () => {
    fc.assert(fc.property(fc.array(soup, { maxLength: 40 }), fc.constantFrom('', ' '), fc.constantFrom(...KINDS), (tokens, sep, kind) => {
      const text = tokens.join(sep)
      const r = compileExpression(text, kind)
      if (r.ok) expect(typeof r.expression.evaluate({ now: 0, worker: workerRecord({}), task: workerRecord({}) })).toBe('boolean')
      else expect(r.diagnostics[0]?.code).toMatch(/^[A-Z_]+$/)
    }), { numRuns: 3000 })
  })
})

// --- generated syntax trees ---------------------------------------------------------------

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'has', 'contains', 'true', 'false', 'null'])
const head = fc.oneof(fc.constantFrom('a', 'b', 'skills', 'level', '_x', '$c', 'é', 'número', 'A1'), fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,6}$/)).filter((s) => !KEYWORDS.has(s.toLowerCase()))
const segment: fc.Arbitrary<PathSegment> = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_$]{1,6}$/), fc.nat({ max: 30 }))
const anyPath = fc.tuple(head, fc.array(segment, { maxLength: 3 })).map(([h, rest]): PathSegment[] => [h, ...rest])
const literal: fc.Arbitrary<Literal> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
)

function exprArbitrary(operand: fc.Arbitrary<Operand>): fc.Arbitrary<Expr> {
  const { expr } = fc.letrec<{ expr: Expr; compare: Expr }>((tie) => ({
    compare: fc.record({ left: operand, op: fc.constantFrom(...OPS), right: operand }).map(({ left, op, right }): Expr => ({ type: 'compare', op, left, right, span, opSpan: span })),
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      tie('compare'),
      fc.array(tie('expr'), { minLength: 2, maxLength: 3 }).map((operands): Expr => ({ type: 'and', operands, span })),
      fc.array(tie('expr'), { minLength: 2, maxLength: 3 }).map((operands): Expr => ({ type: 'or', operands, span })),
      tie('expr').map((operand): Expr => ({ type: 'not', operand, span })),
    ),
  }))
  return expr
}

const anyOperand: fc.Arbitrary<Operand> = fc.oneof(
  literal.map((value): Operand => ({ type: 'literal', value, span })),
  fc.array(literal, { maxLength: 3 }).map((items): Operand => ({ type: 'array', items: items.map((value) => ({ type: 'literal', value, span })), span })),
  anyPath.map((path): Operand => ({ type: 'ref', path, span })),
)

describe('print / parse round trip', () => {
  it('parse(print(ast)) equals ast for generated trees', () => {
    fc.assert(fc.property(exprArbitrary(anyOperand), (ast) => {
      const text = printExpression(ast)
      const r = parseExpression(text)
      if (!r.ok) throw new Error(`${text}: ${JSON.stringify(r.diagnostics)}`)
      expect(shape(r.ast)).toEqual(shape(ast))
      expect(printExpression(r.ast)).toBe(text)
    }), { numRuns: 1500 })
  })
})

// --- compiled evaluation vs a tiny reference interpreter ----------------------------------

/** The NULL and type rules of decision 5, written out again as plainly as possible. */
function reference(node: Expr, attrs: Record<string, unknown>): boolean {
  switch (node.type) {
    case 'and': return node.operands.map((o) => reference(o, attrs)).every(Boolean)
    case 'or': return node.operands.map((o) => reference(o, attrs)).some(Boolean)
    case 'not': return !reference(node.operand, attrs)
    case 'compare': return refCompare(node.op, refValue(node.left, attrs), refValue(node.right, attrs))
  }
}

function refValue(o: Operand, attrs: Record<string, unknown>): unknown {
  if (o.type === 'literal') return o.value
  if (o.type === 'array') return o.items.map((i) => i.value)
  let v: unknown = attrs
  for (const s of o.path) {
    if (typeof s === 'number') v = Array.isArray(v) ? v[s] : undefined
    else v = v !== null && typeof v === 'object' && !Array.isArray(v) && Object.hasOwn(v, s) ? (v as Record<string, unknown>)[s] : undefined
    if (v === undefined) return null
  }
  return v
}

const scalar = (v: unknown): boolean => ['string', 'number', 'boolean'].includes(typeof v)
const num = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(v) ? Number(v) : Number.NaN)
function eq(a: unknown, b: unknown): boolean {
  if (a === b) return true
  const mixed = (typeof a === 'number' && typeof b === 'string') || (typeof a === 'string' && typeof b === 'number')
  return mixed && num(a) === num(b)
}

function refCompare(op: CompareOp, l: unknown, r: unknown): boolean {
  const bothScalar = scalar(l) && scalar(r)
  switch (op) {
    case '==': return l === null || r === null ? l === null && r === null : bothScalar && eq(l, r)
    case '!=': return l === null || r === null ? !(l === null && r === null) : bothScalar && !eq(l, r)
    case 'HAS': return Array.isArray(l) && r !== null && scalar(r) && l.some((e) => e !== null && scalar(e) && eq(e, r))
    case 'IN': return Array.isArray(r) && l !== null && scalar(l) && r.some((e) => e !== null && scalar(e) && eq(e, l))
    case 'NOT IN': return l === null || (Array.isArray(r) && scalar(l) && !r.some((e) => e !== null && scalar(e) && eq(e, l)))
    case 'CONTAINS': {
      const text = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null)
      const a = text(l)
      const b = text(r)
      return a !== null && b !== null && a.includes(b)
    }
    default: {
      if (!bothScalar || typeof l === 'boolean' || typeof r === 'boolean') return false
      const [a, b] = typeof l === 'string' && typeof r === 'string' ? [l, r] : [num(l), num(r)]
      if (op === '>') return a > b
      if (op === '>=') return a >= b
      if (op === '<') return a < b
      return a <= b
    }
  }
}

const VALUES: unknown[] = ['x', 'X', 'xy', '', '6', '06', '6.0', '-1', 'abc', 6, 0, -1, 6.5, true, false, null, [], ['x', 6], ['6', null, true], [{ k: 'x' }], { k: 'x', n: [1, '2'] }]
const value = fc.constantFrom(...VALUES)
const KEYS = ['a', 'b', 'c', 'arr', 'obj']
const recordArb = fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 5 })
const smallPath = fc.oneof(
  fc.constantFrom(...KEYS, 'missing').map((k): PathSegment[] => [k]),
  fc.tuple(fc.constantFrom(...KEYS), fc.oneof(fc.constantFrom('k', 'n', 'length', 'toString', '__proto__'), fc.nat({ max: 2 }))).map(([k, s]): PathSegment[] => [k, s]),
  fc.tuple(fc.constantFrom(...KEYS), fc.nat({ max: 1 }), fc.constantFrom('k')).map(([k, i, s]): PathSegment[] => [k, i, s]),
)
const smallLiteral: fc.Arbitrary<Literal> = fc.constantFrom('x', 'X', 'xy', '', '6', '06', '-1', 'abc', 6, 0, -1, 6.5, 1e3, true, false, null)
const smallOperand: fc.Arbitrary<Operand> = fc.oneof(
  { weight: 3, arbitrary: smallPath.map((path): Operand => ({ type: 'ref', path, span })) },
  { weight: 3, arbitrary: smallLiteral.map((value): Operand => ({ type: 'literal', value, span })) },
  { weight: 1, arbitrary: fc.array(smallLiteral, { maxLength: 4 }).map((items): Operand => ({ type: 'array', items: items.map((v) => ({ type: 'literal', value: v, span })), span })) },
)

describe('compiled evaluation equals the reference interpreter', () => {
  it('for generated expressions and records (worker and task kinds)', () => {
    fc.assert(fc.property(exprArbitrary(smallOperand), recordArb, fc.constantFrom<ExpressionKind>('worker', 'task'), (ast, attrs, kind) => {
      const text = printExpression(ast)
      const r = compileExpression(text, kind)
      if (!r.ok) throw new Error(`${text}: ${JSON.stringify(r.diagnostics)}`)
      const record = workerRecord(attrs)
      const input = { now: 0, worker: record, task: record }
      const expected = reference(ast, attrs)
      expect(r.expression.evaluate(input), text).toBe(expected)
      expect(explainExpression(r.expression, input).value, text).toBe(expected)
    }), { numRuns: 4000 })
  })

  it('for single comparisons over every operator/value pair', () => {
    const operands: Operand[] = [
      ...['a', 'b'].map((k): Operand => ({ type: 'ref', path: [k], span })),
      ...VALUES.filter((v): v is Literal => !Array.isArray(v) && (v === null || typeof v !== 'object')).map((v): Operand => ({ type: 'literal', value: v, span })),
      { type: 'array', items: [{ type: 'literal', value: 'x', span }, { type: 'literal', value: 6, span }, { type: 'literal', value: '1', span }, { type: 'literal', value: true, span }], span },
    ]
    let checked = 0
    for (const op of OPS) for (const left of operands) for (const right of operands) {
      const ast: Expr = { type: 'compare', op, left, right, span, opSpan: span }
      const text = printExpression(ast)
      const r = compileExpression(text, 'worker')
      if (!r.ok) throw new Error(text)
      const constant = left.type !== 'ref' && right.type !== 'ref'
      for (const av of constant ? [null] : VALUES) for (const bv of constant ? [null] : VALUES) {
        const attrs = { a: av, b: bv }
        const got = r.expression.evaluate({ now: 0, worker: workerRecord(attrs) })
        if (got !== reference(ast, attrs)) expect(got, `${text} with ${JSON.stringify(attrs)}`).toBe(reference(ast, attrs))
        checked++
      }
    }
    expect(checked).toBeGreaterThan(10_000)
  })
})
