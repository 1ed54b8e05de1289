import type { Span } from './ast'

/**
 * Parse and compile problems are values, never thrown errors: the API layer turns them into a
 * 400 naming the position and the token (REFERENCE decision 4), and the UI underlines them.
 */
export interface Diagnostic {
  /** Stable, machine-readable code, e.g. `UNKNOWN_OPERATOR`. */
  readonly code: DiagnosticCode
  readonly message: string
  /** 1-based column (UTF-16 code units, as editors in JS count them). */
  readonly column: number
  /** Length of the offending text in code units; 0 at the end of the expression. */
  readonly length: number
  /** The offending source text ('' at the end of the expression), at most 40 characters. */
  readonly token: string
  readonly hint?: string
}

export type DiagnosticCode =
  | 'EMPTY_EXPRESSION'
  | 'EXPRESSION_TOO_LONG'
  | 'NESTING_TOO_DEEP'
  | 'ARRAY_TOO_LARGE'
  | 'UNTERMINATED_STRING'
  | 'INVALID_ESCAPE'
  | 'INVALID_NUMBER'
  | 'INVALID_REFERENCE'
  | 'HYPHEN_IN_KEY'
  | 'UNEXPECTED_CHARACTER'
  | 'C_STYLE_OPERATOR'
  | 'UNKNOWN_OPERATOR'
  | 'EXPECTED_OPERATOR'
  | 'EXPECTED_OPERAND'
  | 'EXPECTED_LOGICAL_OPERATOR'
  | 'CHAINED_COMPARISON'
  | 'UNCLOSED_PAREN'
  | 'UNMATCHED_CLOSE_PAREN'
  | 'EMPTY_PARENS'
  | 'NOT_WITHOUT_PARENS'
  | 'UNCLOSED_ARRAY'
  | 'ARRAY_ELEMENT_NOT_CONSTANT'
  | 'UNPREFIXED_KEY'
  | 'KEY_NOT_AVAILABLE'
  | 'UNKNOWN_VARIABLE'
  | 'INVALID_ORDER_BY'

const TOKEN_MAX = 40

/** Builds a diagnostic for the source range `span` of `text`. */
export function diagnosticAt(text: string, span: Span, code: DiagnosticCode, message: string, hint?: string): Diagnostic {
  const start = Math.min(span.start, text.length)
  const end = Math.min(Math.max(span.end, start), text.length)
  const token = text.slice(start, Math.min(end, start + TOKEN_MAX))
  const d = { code, message, column: start + 1, length: end - start, token }
  return hint === undefined ? d : { ...d, hint }
}

/**
 * One line for an error message, e.g.
 * `column 8 near 'HAVE': unknown operator 'HAVE' (did you mean HAS?)`.
 */
export function describeDiagnostic(d: Diagnostic): string {
  const near = d.token === '' ? 'at the end' : `near '${d.token}'`
  return `column ${d.column} ${near}: ${d.message}${d.hint === undefined ? '' : ` (${d.hint})`}`
}

/** Thrown only inside the parser to unwind; never escapes the public API. */
export class DiagnosticError {
  constructor(readonly diagnostic: Diagnostic) {}
}
