import { compileExpression, type CompiledExpression } from '../expression/compile'
import type { ExpressionKind } from '../expression/context'
import type { Diagnostic } from '../expression/diagnostics'
import { InvalidParameterError } from '../errors'

/**
 * Compiles an expression for a resource field, or refuses the write with 400/20001 naming the
 * field, the 1-based column, the offending token and the hint (decision 4). `where` prefixes
 * the message when the expression sits inside a document (a workflow configuration path).
 */
export function compileOrThrow(text: string, kind: ExpressionKind, param: string, where?: string): CompiledExpression {
  const result = compileExpression(text, kind)
  if (result.ok) return result.expression
  const first = result.diagnostics[0]!
  throw new InvalidParameterError(describeDiagnostic(first, where ?? param), param, {
    ...(where ? { path: where } : {}),
    expression: text,
    diagnostics: result.diagnostics.map((diagnostic) => ({ ...diagnostic })),
  })
}

/** "target_workers: unknown operator 'HAVE' at column 8. Hint: use HAS" */
export function describeDiagnostic(diagnostic: Diagnostic, where: string): string {
  const token = diagnostic.token ? ` '${diagnostic.token}'` : ''
  const hint = diagnostic.hint ? `. Hint: ${diagnostic.hint}` : ''
  return `${where}: ${diagnostic.message} (at column ${diagnostic.column}${token ? `, token${token}` : ''})${hint}`
}
