import type { CompareOp, PathSegment } from './ast'
import { DiagnosticError, diagnosticAt } from './diagnostics'
import type { DiagnosticCode } from './diagnostics'

/**
 * Hand-written lexer. No parser generator or expression library knows this DSL, and a
 * hand-written scanner lets every error point at the exact character with a targeted hint
 * (hyphenated keys, `&&`, unclosed quotes), which is the point of having our own.
 *
 * A reference (`a.b[2].c`) is one token with its path pre-split, so the parser and the
 * compiler never re-split it. A word that spells a keyword (case-insensitive, ASCII only) is
 * always the keyword: attributes named `and`, `in`, `null`... cannot be referenced.
 */

export type Keyword = 'AND' | 'OR' | 'NOT' | 'IN' | 'HAS' | 'CONTAINS' | 'TRUE' | 'FALSE' | 'NULL'

const KEYWORDS: ReadonlySet<string> = new Set<Keyword>(['AND', 'OR', 'NOT', 'IN', 'HAS', 'CONTAINS', 'TRUE', 'FALSE', 'NULL'])

export type TokenKind = 'lparen' | 'rparen' | 'lbracket' | 'rbracket' | 'comma' | 'string' | 'number' | 'ref' | 'keyword' | 'op' | 'eof'

export interface Token {
  readonly kind: TokenKind
  readonly start: number
  readonly end: number
  /** kind 'keyword' */
  readonly keyword?: Keyword
  /** kind 'op': the canonical operator (aliases already mapped) */
  readonly op?: CompareOp
  /** kind 'string' | 'number' */
  readonly value?: string | number
  /** kind 'ref' */
  readonly path?: readonly PathSegment[]
}

const MAX_INDEX_DIGITS = 9
const UNICODE_START = /[\p{L}\p{Nl}]/u
const UNICODE_PART = /[\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}]/u

/** Code units taken by the identifier character at `i` (0 if none). */
function identChar(text: string, i: number, part: boolean): number {
  const c = text.charCodeAt(i)
  if (Number.isNaN(c)) return 0
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36) return 1
  if (c >= 48 && c <= 57) return part ? 1 : 0
  if (c < 128) return 0
  const cp = text.codePointAt(i) ?? 0
  const ch = String.fromCodePoint(cp)
  return (part ? UNICODE_PART : UNICODE_START).test(ch) ? ch.length : 0
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57
}

function fail(text: string, start: number, end: number, code: DiagnosticCode, message: string, hint?: string): never {
  throw new DiagnosticError(diagnosticAt(text, { start, end }, code, message, hint))
}

/** Tokenises `text`; throws DiagnosticError (caught by the parser entry points) on the first problem. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  const n = text.length
  while (i < n) {
    const c = text.charCodeAt(i)
    // whitespace
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0 || c === 0xfeff) {
      i++
      continue
    }
    const start = i
    switch (c) {
      case 40: tokens.push({ kind: 'lparen', start, end: ++i }); continue
      case 41: tokens.push({ kind: 'rparen', start, end: ++i }); continue
      case 91: tokens.push({ kind: 'lbracket', start, end: ++i }); continue
      case 93: tokens.push({ kind: 'rbracket', start, end: ++i }); continue
      case 44: tokens.push({ kind: 'comma', start, end: ++i }); continue
      case 34: case 39: i = lexString(text, i, tokens); continue
      default: break
    }
    const next = text.charCodeAt(i + 1)
    const op = (o: CompareOp, len: number): void => {
      tokens.push({ kind: 'op', start, end: start + len, op: o })
      i = start + len
    }
    if (c === 61) { // =
      if (next === 61 && text.charCodeAt(i + 2) === 61) fail(text, i, i + 3, 'C_STYLE_OPERATOR', "'===' is not an operator", 'use == (or =)')
      if (next === 62) fail(text, i, i + 2, 'C_STYLE_OPERATOR', "'=>' is not an operator", 'use >=')
      if (next === 60) fail(text, i, i + 2, 'C_STYLE_OPERATOR', "'=<' is not an operator", 'use <=')
      op('==', next === 61 ? 2 : 1)
      continue
    }
    if (c === 33) { // !
      if (next === 61) {
        if (text.charCodeAt(i + 2) === 61) fail(text, i, i + 3, 'C_STYLE_OPERATOR', "'!==' is not an operator", 'use !=')
        op('!=', 2)
        continue
      }
      fail(text, i, i + 1, 'C_STYLE_OPERATOR', "'!' is not an operator on its own", 'use != to compare, or NOT (...) to negate a condition')
    }
    if (c === 62) { // >
      if (next === 61) op('>=', 2)
      else if (next === 45) op('HAS', 2)
      else op('>', 1)
      continue
    }
    if (c === 60) { // <
      if (next === 61) op('<=', 2)
      else if (next === 45) op('IN', 2)
      else if (next === 62) fail(text, i, i + 2, 'C_STYLE_OPERATOR', "'<>' is not an operator", 'use !=')
      else op('<', 1)
      continue
    }
    if (c === 38) { // &
      const len = next === 38 ? 2 : 1
      fail(text, i, i + len, 'C_STYLE_OPERATOR', `'${text.slice(i, i + len)}' is not an operator`, 'use AND')
    }
    if (c === 124) { // |
      const len = next === 124 ? 2 : 1
      fail(text, i, i + len, 'C_STYLE_OPERATOR', `'${text.slice(i, i + len)}' is not an operator`, 'use OR')
    }
    if (isDigit(c) || (c === 45 && isDigit(next))) {
      i = lexNumber(text, i, tokens)
      continue
    }
    if (c === 46 && isDigit(next)) fail(text, i, i + 1, 'INVALID_NUMBER', 'a number cannot start with a dot', `write 0${text.slice(i, i + 4)}`)
    if (c === 45) fail(text, i, i + 1, 'UNEXPECTED_CHARACTER', "unexpected '-'", 'there is no arithmetic, and hyphens are not allowed in attribute names')
    if (identChar(text, i, false) > 0) {
      i = lexWord(text, i, tokens)
      continue
    }
    const cp = text.codePointAt(i) ?? c
    const len = cp > 0xffff ? 2 : 1
    fail(text, i, i + len, 'UNEXPECTED_CHARACTER', `unexpected character '${text.slice(i, i + len)}'`, c === 46 ? 'a dot must follow an attribute name' : undefined)
  }
  tokens.push({ kind: 'eof', start: n, end: n })
  return tokens
}

const ESCAPES: Readonly<Record<string, string>> = { '"': '"', "'": "'", '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }

function lexString(text: string, start: number, tokens: Token[]): number {
  const quote = text.charCodeAt(start)
  let value = ''
  let chunk = start + 1
  let i = start + 1
  for (;;) {
    if (i >= text.length) {
      const q = text[start] ?? '"'
      fail(text, start, start + 1, 'UNTERMINATED_STRING', `the string starting here is never closed`, `close it with a matching ${q}`)
    }
    const c = text.charCodeAt(i)
    if (c === quote) break
    if (c === 92) {
      value += text.slice(chunk, i)
      const e = text[i + 1]
      if (e === undefined) fail(text, start, start + 1, 'UNTERMINATED_STRING', 'the string starting here is never closed', 'a backslash at the end escapes nothing')
      if (e === 'u') {
        const hex = text.slice(i + 2, i + 6)
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail(text, i, i + 2, 'INVALID_ESCAPE', 'a \\u escape needs four hex digits', 'like \\u00e9')
        value += String.fromCharCode(parseInt(hex, 16))
        i += 6
      } else {
        const mapped = ESCAPES[e]
        if (mapped === undefined) fail(text, i, i + 2, 'INVALID_ESCAPE', `unknown escape '\\${e}'`, 'escapes are \\" \\\' \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX; write \\\\ for a backslash')
        value += mapped
        i += 2
      }
      chunk = i
      continue
    }
    i++
  }
  value += text.slice(chunk, i)
  tokens.push({ kind: 'string', start, end: i + 1, value })
  return i + 1
}

function lexNumber(text: string, start: number, tokens: Token[]): number {
  let i = start
  if (text.charCodeAt(i) === 45) i++
  while (isDigit(text.charCodeAt(i))) i++
  if (text.charCodeAt(i) === 46) {
    if (!isDigit(text.charCodeAt(i + 1))) fail(text, start, i + 1, 'INVALID_NUMBER', `'${text.slice(start, i + 1)}' is not a number`, 'put digits after the dot, e.g. 1.0')
    i++
    while (isDigit(text.charCodeAt(i))) i++
  }
  const e = text.charCodeAt(i)
  if (e === 101 || e === 69) {
    let j = i + 1
    const s = text.charCodeAt(j)
    if (s === 43 || s === 45) j++
    if (isDigit(text.charCodeAt(j))) {
      while (isDigit(text.charCodeAt(j))) j++
      i = j
    }
  }
  if (identChar(text, i, true) > 0) {
    let j = i
    while (identChar(text, j, true) > 0) j++
    fail(text, start, j, 'INVALID_NUMBER', `'${text.slice(start, j)}' is not a number`, 'attribute names start with a letter, _ or $')
  }
  const value = Number(text.slice(start, i))
  if (!Number.isFinite(value)) fail(text, start, i, 'INVALID_NUMBER', `'${text.slice(start, i)}' is out of range`)
  tokens.push({ kind: 'number', start, end: i, value })
  return i
}

function readSegment(text: string, i: number, part: boolean): number {
  let j = i
  let len = identChar(text, j, part)
  while (len > 0) {
    j += len
    len = identChar(text, j, true)
  }
  return j
}

function lexWord(text: string, start: number, tokens: Token[]): number {
  let i = readSegment(text, start, false)
  const word = text.slice(start, i)
  if (word.length <= 8 && /^[A-Za-z]+$/.test(word)) {
    const upper = word.toUpperCase()
    if (KEYWORDS.has(upper)) {
      tokens.push({ kind: 'keyword', start, end: i, keyword: upper as Keyword })
      return i
    }
  }
  const path: PathSegment[] = [word]
  for (;;) {
    const c = text.charCodeAt(i)
    if (c === 46) { // .
      const end = readSegment(text, i + 1, true)
      if (end === i + 1) fail(text, i, i + 1, 'INVALID_REFERENCE', `expected a name after '${text.slice(start, i + 1)}'`)
      path.push(text.slice(i + 1, end))
      i = end
    } else if (c === 91) { // [
      let j = i + 1
      while (isDigit(text.charCodeAt(j))) j++
      if (j === i + 1 || text.charCodeAt(j) !== 93) {
        let k = i + 1
        while (k < text.length && k < i + 40 && text.charCodeAt(k) !== 93) k++
        fail(text, i, Math.min(k + 1, text.length), 'INVALID_REFERENCE', 'an array index must be a non-negative integer', `like ${text.slice(start, i)}[0]`)
      }
      if (j - i - 1 > MAX_INDEX_DIGITS) fail(text, i + 1, j, 'INVALID_REFERENCE', 'array index too large')
      path.push(Number(text.slice(i + 1, j)))
      i = j + 1
    } else if (c === 45 && identChar(text, i + 1, true) > 0) { // hyphen inside a name
      let j = i
      while (text.charCodeAt(j) === 45 || text.charCodeAt(j) === 46 || identChar(text, j, true) > 0) {
        j += text.charCodeAt(j) === 45 || text.charCodeAt(j) === 46 ? 1 : identChar(text, j, true)
      }
      const name = text.slice(start, j)
      fail(text, start, j, 'HYPHEN_IN_KEY', `'${name}' is not a valid attribute name`, `hyphens are not allowed in attribute names; use ${name.replaceAll('-', '_')}`)
    } else {
      break
    }
  }
  tokens.push({ kind: 'ref', start, end: i, path })
  return i
}
