import { HighlightStyle, StreamLanguage } from '@codemirror/language'
import type { StringStream } from '@codemirror/language'
// @lezer/highlight is @codemirror/language's own dependency: the tag vocabulary it highlights with.
import { tags } from '@lezer/highlight'

/**
 * Syntax highlighting for the TaskRouter expression language: a small stream tokenizer
 * (the real parser lives in the main process and answers through `expressions.compile`, so
 * this only has to colour, never to judge). Words that spell a keyword are keywords whatever
 * their case, exactly as the engine's lexer treats them.
 */

export const LOGICAL_KEYWORDS = ['AND', 'OR', 'NOT'] as const
export const OPERATOR_KEYWORDS = ['HAS', 'IN', 'CONTAINS'] as const
export const CONSTANT_KEYWORDS = ['true', 'false', 'null'] as const
/** Symbolic operators, longest first so `>=` wins over `>`. */
export const SYMBOL_OPERATORS = ['==', '!=', '>=', '<=', '>-', '<-', '=', '>', '<'] as const

const LOGICAL = new Set<string>(LOGICAL_KEYWORDS)
const OPERATORS = new Set<string>(OPERATOR_KEYWORDS)
const PREFIXES = new Set(['task', 'worker'])

interface TokenizerState {
  /** After `task`/`worker`, the next `.` and path belong to that namespace. */
  afterPrefix: boolean
}

/** Token name -> highlight tag (names are ours; StreamLanguage looks them up here first). */
const tokenTable = {
  logic: tags.logicOperator,
  opword: tags.operatorKeyword,
  bool: tags.bool,
  null: tags.null,
  number: tags.number,
  string: tags.string,
  operator: tags.compareOperator,
  namespace: tags.namespace,
  reference: tags.propertyName,
  bracket: tags.squareBracket,
  paren: tags.paren,
  separator: tags.separator,
  invalid: tags.invalid,
}

function token(stream: StringStream, state: TokenizerState): string | null {
  if (stream.eatSpace()) return null
  const afterPrefix = state.afterPrefix
  state.afterPrefix = false

  const quote = stream.peek()
  if (quote === '"' || quote === "'") {
    stream.next()
    let escaped = false
    let ch: string | void
    while ((ch = stream.next()) !== undefined) {
      if (ch === quote && !escaped) return 'string'
      escaped = !escaped && ch === '\\'
    }
    return 'string' // unterminated: the diagnostics say so
  }
  if (stream.match(/^-?\d+(\.\d+)?([eE][+-]?\d+)?/)) return 'number'
  for (const op of SYMBOL_OPERATORS) if (stream.match(op)) return 'operator'
  const ch = stream.peek() ?? ''
  if (ch === '[' || ch === ']') {
    stream.next()
    return 'bracket'
  }
  if (ch === '(' || ch === ')') {
    stream.next()
    return 'paren'
  }
  if (ch === ',') {
    stream.next()
    return 'separator'
  }
  if (afterPrefix && ch === '.') {
    stream.match(/^\.[\p{L}\p{N}_$]+(\[\d+\])*(\.[\p{L}\p{N}_$]+(\[\d+\])*)*/u)
    return 'reference'
  }
  const word = stream.match(/^[\p{L}_$][\p{L}\p{N}_$]*/u)
  if (word && Array.isArray(word)) {
    const text = word[0]
    const upper = text.toUpperCase()
    if (LOGICAL.has(upper)) return 'logic'
    if (OPERATORS.has(upper)) return 'opword'
    if (upper === 'TRUE' || upper === 'FALSE') return 'bool'
    if (upper === 'NULL') return 'null'
    if (PREFIXES.has(text) && stream.peek() === '.') {
      state.afterPrefix = true
      return 'namespace'
    }
    stream.match(/^(\[\d+\])*(\.[\p{L}\p{N}_$]+(\[\d+\])*)*/u)
    return 'reference'
  }
  stream.next()
  return 'invalid'
}

/** The language: colouring only. */
export const taskRouterLanguage = StreamLanguage.define<TokenizerState>({
  name: 'taskrouter-expression',
  startState: () => ({ afterPrefix: false }),
  copyState: (state) => ({ ...state }),
  token,
  tokenTable,
  languageData: { closeBrackets: { brackets: ['(', '[', '"', "'"] } },
})

/**
 * Colours for both themes. Each colour keeps at least 4.5:1 contrast on its background
 * (white / naive-ui's dark card #18181c).
 */
export function expressionHighlightStyle(dark: boolean): HighlightStyle {
  const c = dark
    ? { logic: '#c792ea', op: '#ff9cac', value: '#f3c969', string: '#a5d6a7', ns: '#82b1ff', ref: '#e0e0e0', invalid: '#ff6b6b', punct: '#9aa0a6' }
    : { logic: '#7a3ea8', op: '#b4235a', value: '#9a5b00', string: '#1f7a35', ns: '#1c57b8', ref: '#1f2328', invalid: '#c62828', punct: '#5f6368' }
  return HighlightStyle.define([
    { tag: tags.logicOperator, color: c.logic, fontWeight: '600' },
    { tag: tags.operatorKeyword, color: c.op, fontWeight: '600' },
    { tag: tags.compareOperator, color: c.op },
    { tag: [tags.bool, tags.null, tags.number], color: c.value },
    { tag: tags.string, color: c.string },
    { tag: tags.namespace, color: c.ns, fontWeight: '600' },
    { tag: tags.propertyName, color: c.ref },
    { tag: [tags.squareBracket, tags.paren, tags.separator], color: c.punct },
    { tag: tags.invalid, color: c.invalid, textDecoration: 'underline wavy' },
  ])
}
