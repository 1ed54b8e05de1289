import { EXPRESSION_MAX } from '../../contract/inputs'
import type { ArrayOperand, CompareOp, Expr, LiteralOperand, Operand, Span } from './ast'
import type { Diagnostic, DiagnosticCode } from './diagnostics'
import { DiagnosticError, diagnosticAt } from './diagnostics'
import { tokenize } from './lexer'
import type { Keyword, Token } from './lexer'

/**
 * Recursive-descent parser for REFERENCE §4.2 plus decision 5:
 *
 *   expr       := and ( OR and )*                 -- AND binds tighter than OR
 *   and        := term ( AND term )*
 *   term       := '(' expr ')' | NOT '(' expr ')' | comparison
 *   comparison := operand op operand
 *   op         := == | = | != | > | >= | < | <= | CONTAINS | HAS | >- | IN | <- | NOT IN
 *   operand    := STRING | NUMBER | true | false | null | '[' constants ']' | reference
 *
 * Hand-written on purpose: no library knows this DSL, and owning the parser is what lets each
 * error say what was expected, where, and how to fix it. Recursion happens only through '('
 * and NOT, and each level is checked against MAX_DEPTH before recursing, so hostile input
 * (10,000 open parentheses) gets a diagnostic instead of a stack overflow. AND/OR chains are
 * loops. Input longer than EXPRESSION_MAX is refused before it is scanned.
 */

export const MAX_LENGTH = EXPRESSION_MAX
export const MAX_DEPTH = 64
export const MAX_ARRAY_ITEMS = 1000

export type ParseResult = { ok: true; ast: Expr } | { ok: false; diagnostics: Diagnostic[] }

/** Characters allowed around the text before it counts as empty. */
const BLANK = /^[\s\ufeff]*$/

/**
 * Parses expression text into a syntax tree, or returns diagnostics (never throws).
 * @example parseExpression('skills HAS "support" AND level > 3')
 */
export function parseExpression(text: string): ParseResult {
  if (text.length > MAX_LENGTH) {
    return fail(diagnosticAt(text, { start: MAX_LENGTH, end: text.length }, 'EXPRESSION_TOO_LONG', `expressions are limited to ${MAX_LENGTH} characters; this one has ${text.length}`))
  }
  if (BLANK.test(text)) return fail(diagnosticAt(text, { start: 0, end: 0 }, 'EMPTY_EXPRESSION', 'the expression is empty', 'to match everything, write 1 == 1'))
  try {
    const parser = new Parser(text, tokenize(text))
    return { ok: true, ast: parser.parseAll() }
  } catch (e) {
    if (e instanceof DiagnosticError) return fail(e.diagnostic)
    throw e
  }
}

function fail(d: Diagnostic): { ok: false; diagnostics: Diagnostic[] } {
  return { ok: false, diagnostics: [d] }
}

const OPERATOR_LIST = '== != > >= < <= HAS IN NOT IN CONTAINS'

/** Words people type for operators, mapped to ours. */
const OPERATOR_SYNONYMS: Readonly<Record<string, string>> = {
  IS: '==', EQ: '==', EQUALS: '==', EQUAL: '==', NE: '!=', NEQ: '!=', ISNT: '!=', GT: '>', GTE: '>=', GE: '>=',
  LT: '<', LTE: '<=', LE: '<=', LIKE: 'CONTAINS', INCLUDES: 'CONTAINS', MATCHES: 'CONTAINS', CONTAIN: 'CONTAINS',
  CONTAINING: 'CONTAINS', HAVE: 'HAS', HAVING: 'HAS', WITHIN: 'IN', AMONG: 'IN', NOTIN: 'NOT IN', NIN: 'NOT IN',
}

/** Levenshtein distance, for "did you mean" on short words only. */
export function editDistance(a: string, b: string): number {
  if (a.length > 20 || b.length > 20) return Math.max(a.length, b.length)
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    prev = cur
  }
  return prev[b.length] ?? 0
}

function suggestOperator(word: string): string | undefined {
  const upper = word.toUpperCase()
  const synonym = OPERATOR_SYNONYMS[upper]
  if (synonym !== undefined) return synonym
  for (const candidate of ['HAS', 'CONTAINS', 'IN']) {
    if (editDistance(upper, candidate) <= (candidate.length > 3 ? 2 : 1)) return candidate
  }
  return undefined
}

function suggestLogical(word: string): string | undefined {
  const upper = word.toUpperCase()
  if (upper === 'ANDD' || upper === 'AN' || upper === 'ADN' || upper === 'ND') return 'AND'
  if (upper === 'RO' || upper === 'ORR') return 'OR'
  return undefined
}

class Parser {
  private pos = 0

  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
  ) {}

  parseAll(): Expr {
    const expr = this.parseOr(0)
    const t = this.peek()
    if (t.kind !== 'eof') this.afterCondition(t)
    return expr
  }

  // --- tokens -------------------------------------------------------------------------------

  private peek(offset = 0): Token {
    const t = this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]
    if (t === undefined) throw new Error('token stream without eof')
    return t
  }

  private next(): Token {
    const t = this.peek()
    if (this.pos < this.tokens.length - 1) this.pos++
    return t
  }

  private previous(): Token | undefined {
    return this.pos > 0 ? this.tokens[this.pos - 1] : undefined
  }

  private isKeyword(t: Token, ...keywords: Keyword[]): boolean {
    return t.kind === 'keyword' && t.keyword !== undefined && keywords.includes(t.keyword)
  }

  private src(t: Token | Span): string {
    return this.text.slice(t.start, t.end)
  }

  private error(at: Span, code: DiagnosticCode, message: string, hint?: string): never {
    throw new DiagnosticError(diagnosticAt(this.text, at, code, message, hint))
  }

  // --- grammar ------------------------------------------------------------------------------

  private parseOr(depth: number): Expr {
    const first = this.parseAnd(depth)
    if (!this.isKeyword(this.peek(), 'OR')) return first
    const operands: Expr[] = [first]
    while (this.isKeyword(this.peek(), 'OR')) {
      this.next()
      operands.push(this.parseAnd(depth))
    }
    return { type: 'or', operands, span: { start: first.span.start, end: operands[operands.length - 1]?.span.end ?? first.span.end } }
  }

  private parseAnd(depth: number): Expr {
    const first = this.parseTerm(depth)
    if (!this.isKeyword(this.peek(), 'AND')) return first
    const operands: Expr[] = [first]
    while (this.isKeyword(this.peek(), 'AND')) {
      this.next()
      operands.push(this.parseTerm(depth))
    }
    return { type: 'and', operands, span: { start: first.span.start, end: operands[operands.length - 1]?.span.end ?? first.span.end } }
  }

  private parseTerm(depth: number): Expr {
    const t = this.peek()
    if (t.kind === 'lparen') return this.parseGroup(depth).expr
    if (this.isKeyword(t, 'NOT')) {
      const after = this.peek(1)
      if (after.kind === 'lparen') {
        this.next()
        const group = this.parseGroup(depth)
        return { type: 'not', operand: group.expr, span: { start: t.start, end: group.end } }
      }
      if (this.isKeyword(after, 'IN')) this.error({ start: t.start, end: after.end }, 'EXPECTED_OPERAND', "'NOT IN' needs a value on its left", "e.g. 'billing' NOT IN skills")
      this.error(t, 'NOT_WITHOUT_PARENS', 'NOT must be followed by a parenthesised condition', 'write NOT (condition)')
    }
    return this.parseComparison()
  }

  private parseGroup(depth: number): { expr: Expr; end: number } {
    const open = this.next()
    if (depth >= MAX_DEPTH) this.error(open, 'NESTING_TOO_DEEP', `parentheses and NOT are nested more than ${MAX_DEPTH} levels deep`)
    if (this.peek().kind === 'rparen') this.error({ start: open.start, end: this.peek().end }, 'EMPTY_PARENS', 'empty parentheses', 'put a condition inside, e.g. (level > 3)')
    const expr = this.parseOr(depth + 1)
    const close = this.peek()
    if (close.kind === 'rparen') {
      this.next()
      return { expr, end: close.end }
    }
    if (close.kind === 'eof') this.error(open, 'UNCLOSED_PAREN', "this '(' is never closed", "add ')' at the end of the group")
    return this.afterCondition(close)
  }

  /** A condition just ended and `t` is not AND, OR, ')' or the end: explain what is wrong. */
  private afterCondition(t: Token): never {
    if (t.kind === 'rparen') this.error(t, 'UNMATCHED_CLOSE_PAREN', "this ')' has no matching '('", "remove it or add '(' before the condition it closes")
    if (t.kind === 'op' || this.isKeyword(t, 'HAS', 'IN', 'CONTAINS', 'NOT')) {
      this.error(t, 'CHAINED_COMPARISON', `a condition cannot be followed by '${this.src(t)}': comparisons do not chain`, 'combine conditions with AND or OR, e.g. a > 1 AND a < 5')
    }
    if (t.kind === 'ref') {
      const word = this.src(t)
      const logical = suggestLogical(word)
      this.error(t, 'EXPECTED_LOGICAL_OPERATOR', `expected AND or OR before '${word}'`, logical !== undefined ? `did you mean ${logical}?` : 'join conditions with AND or OR')
    }
    this.error(t, 'EXPECTED_LOGICAL_OPERATOR', `expected AND or OR before '${this.src(t)}'`, 'join conditions with AND or OR')
  }

  private parseComparison(): Expr {
    const left = this.parseOperand(undefined)
    const opToken = this.peek()
    const op = this.parseOperator(left)
    const opEnd = this.previous()?.end ?? opToken.end
    const right = this.parseOperand(opToken)
    return { type: 'compare', op, left, right, span: { start: left.span.start, end: right.span.end }, opSpan: { start: opToken.start, end: opEnd } }
  }

  private parseOperator(left: Operand): CompareOp {
    const t = this.peek()
    if (t.kind === 'op' && t.op !== undefined) {
      this.next()
      return t.op
    }
    if (t.kind === 'keyword') {
      switch (t.keyword) {
        case 'HAS': this.next(); return 'HAS'
        case 'IN': this.next(); return 'IN'
        case 'CONTAINS': this.next(); return 'CONTAINS'
        case 'NOT': {
          this.next()
          const inToken = this.peek()
          if (!this.isKeyword(inToken, 'IN')) this.error(t, 'UNKNOWN_OPERATOR', `expected IN after NOT, found ${inToken.kind === 'eof' ? 'the end' : `'${this.src(inToken)}'`}`, 'NOT is an operator only in NOT IN; to negate a condition write NOT (condition)')
          this.next()
          return 'NOT IN'
        }
        default: break
      }
    }
    const leftText = this.src(left.span)
    if (t.kind === 'ref') {
      const word = this.src(t)
      const suggestion = suggestOperator(word)
      this.error(t, 'UNKNOWN_OPERATOR', `unknown operator '${word}'`, suggestion !== undefined ? `did you mean ${suggestion}?` : `operators are ${OPERATOR_LIST}`)
    }
    if (t.kind === 'eof' || t.kind === 'rparen' || this.isKeyword(t, 'AND', 'OR')) {
      this.error(left.span, 'EXPECTED_OPERATOR', `'${leftText}' is not a condition on its own: expected a comparison operator after it`, `compare it, e.g. ${leftText} == true`)
    }
    this.error(t, 'EXPECTED_OPERATOR', `expected a comparison operator after '${leftText}', found '${this.src(t)}'`, `operators are ${OPERATOR_LIST}`)
  }

  /** `opToken` is set for the right-hand side, undefined for the left. */
  private parseOperand(opToken: Token | undefined): Operand {
    const t = this.peek()
    switch (t.kind) {
      case 'string':
      case 'number':
        this.next()
        return { type: 'literal', value: t.value ?? null, span: { start: t.start, end: t.end } }
      case 'ref':
        this.next()
        return { type: 'ref', path: t.path ?? [], span: { start: t.start, end: t.end } }
      case 'lbracket':
        return this.parseArray()
      case 'keyword': {
        const literal = this.keywordLiteral(t)
        if (literal !== undefined) return literal
        break
      }
      default:
        break
    }
    return this.expectedValue(t, opToken)
  }

  private keywordLiteral(t: Token): LiteralOperand | undefined {
    const value = t.keyword === 'TRUE' ? true : t.keyword === 'FALSE' ? false : t.keyword === 'NULL' ? null : undefined
    if (value === undefined) return undefined
    this.next()
    return { type: 'literal', value, span: { start: t.start, end: t.end } }
  }

  private expectedValue(t: Token, opToken: Token | undefined): never {
    const VALUE = 'a value: a string, number, true/false/null, an [array] or an attribute name'
    if (opToken !== undefined) {
      const op = this.src({ start: opToken.start, end: this.previous()?.end ?? opToken.end })
      if (t.kind === 'eof') this.error(opToken, 'EXPECTED_OPERAND', `'${op}' needs a value on its right, but the expression ends here`, `expected ${VALUE}`)
      this.error(t, 'EXPECTED_OPERAND', `expected a value after '${op}', found '${this.src(t)}'`, `expected ${VALUE}`)
    }
    if (t.kind === 'op' || this.isKeyword(t, 'HAS', 'IN', 'CONTAINS')) {
      const example = t.kind === 'op' ? `level ${this.src(t)} 3` : t.keyword === 'HAS' ? 'skills HAS "support"' : t.keyword === 'IN' ? '"es" IN languages' : 'name CONTAINS "smith"'
      this.error(t, 'EXPECTED_OPERAND', `'${this.src(t)}' needs a value on its left`, `e.g. ${example}`)
    }
    const prev = this.previous()
    if (prev !== undefined && (t.kind === 'eof' || t.kind === 'rparen' || this.isKeyword(t, 'AND', 'OR'))) {
      this.error(prev, 'EXPECTED_OPERAND', `expected a condition after '${this.src(prev)}'${t.kind === 'eof' ? ', but the expression ends here' : `, found '${this.src(t)}'`}`, 'e.g. level > 3')
    }
    if (t.kind === 'eof') this.error(t, 'EXPECTED_OPERAND', 'expected a condition', 'e.g. level > 3')
    this.error(t, 'EXPECTED_OPERAND', `expected a condition, found '${this.src(t)}'`, 'e.g. level > 3')
  }

  private parseArray(): ArrayOperand {
    const open = this.next()
    const items: LiteralOperand[] = []
    if (this.peek().kind === 'rbracket') {
      const close = this.next()
      return { type: 'array', items, span: { start: open.start, end: close.end } }
    }
    for (;;) {
      const t = this.peek()
      if (t.kind === 'eof') this.error(open, 'UNCLOSED_ARRAY', "this '[' is never closed", "add ']' after the last element")
      let item: LiteralOperand | undefined
      if (t.kind === 'string' || t.kind === 'number') {
        this.next()
        item = { type: 'literal', value: t.value ?? null, span: { start: t.start, end: t.end } }
      } else if (t.kind === 'keyword') {
        item = this.keywordLiteral(t)
      }
      if (item === undefined) {
        if (t.kind === 'ref' || t.kind === 'lbracket') {
          this.error(t, 'ARRAY_ELEMENT_NOT_CONSTANT', 'array literals may hold only constants (strings, numbers, true, false, null)', t.kind === 'ref' ? `to test membership in an attribute, write value IN ${this.src(t)}` : 'arrays cannot be nested')
        }
        this.error(t, 'EXPECTED_OPERAND', `expected a constant in the array, found '${this.src(t)}'`, "separate elements with ',' and close with ']'")
      }
      items.push(item)
      if (items.length > MAX_ARRAY_ITEMS) this.error(t, 'ARRAY_TOO_LARGE', `array literals are limited to ${MAX_ARRAY_ITEMS} elements`)
      const sep = this.peek()
      if (sep.kind === 'comma') {
        this.next()
        continue
      }
      if (sep.kind === 'rbracket') {
        this.next()
        return { type: 'array', items, span: { start: open.start, end: sep.end } }
      }
      if (sep.kind === 'eof') this.error(open, 'UNCLOSED_ARRAY', "this '[' is never closed", "add ']' after the last element")
      this.error(sep, 'UNEXPECTED_CHARACTER', `expected ',' or ']' in the array, found '${this.src(sep)}'`)
    }
  }
}
