/**
 * The TaskRouter expression language (REFERENCE §4, decision 5). Public surface of
 * engine/expression; import from here, not from the individual files.
 */
export type { ArrayOperand, AndNode, CompareNode, CompareOp, Expr, Literal, LiteralOperand, NotNode, Operand, OrNode, PathSegment, RefOperand, Span } from './ast'
export { COMPARE_OPS, pathText } from './ast'
export type { Binding, BoundReference, TimeVariable } from './bind'
export type { CompiledExpression, CompileResult, Predicate } from './compile'
export { compileExpression, timeVariable } from './compile'
export type { AttributeObject, ChannelProperty, EvalInput, EvalRecord, ExpressionKind, WorkerCounts, WorkerField } from './context'
export { CHANNEL_PROPERTIES, WORKER_FIELDS } from './context'
export type { Diagnostic, DiagnosticCode } from './diagnostics'
export { describeDiagnostic } from './diagnostics'
export type { ExplainedNode, ExplainedOperand, Explanation } from './explain'
export { explainExpression } from './explain'
export type { LintCode, LintWarning } from './lint'
export { lintExpression } from './lint'
export type { OrderBy, OrderByClause, OrderByResult, SortDirection } from './orderBy'
export { compileOrderBy, MAX_ORDER_BY_CLAUSES } from './orderBy'
export type { ParseResult } from './parser'
export { MAX_ARRAY_ITEMS, MAX_DEPTH, MAX_LENGTH, parseExpression } from './parser'
export { printExpression } from './print'
export { evaluateComparison } from './semantics'
