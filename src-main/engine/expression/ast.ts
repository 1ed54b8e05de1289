/**
 * The expression syntax tree. Offsets are 0-based UTF-16 code-unit positions into the source
 * text (`end` exclusive); diagnostics turn them into 1-based columns.
 *
 * Aliases are normalised here (`=` is `==`, `>-` is `HAS`, `<-` is `IN`), and parentheses
 * leave no node: grouping is the tree's shape. `and`/`or` are n-ary (at least two operands).
 */

export interface Span {
  readonly start: number
  readonly end: number
}

/** A JSON scalar as written in an expression. */
export type Literal = string | number | boolean | null

/** Canonical comparison operators. */
export type CompareOp = '==' | '!=' | '>' | '>=' | '<' | '<=' | 'HAS' | 'IN' | 'NOT IN' | 'CONTAINS'

export const COMPARE_OPS: readonly CompareOp[] = ['==', '!=', '>', '>=', '<', '<=', 'HAS', 'IN', 'NOT IN', 'CONTAINS']

/** One step of a reference: an object key or an array index. */
export type PathSegment = string | number

export interface LiteralOperand {
  readonly type: 'literal'
  readonly value: Literal
  readonly span: Span
}

export interface ArrayOperand {
  readonly type: 'array'
  readonly items: readonly LiteralOperand[]
  readonly span: Span
}

/** `a.b[2].c` as written; `path` is pre-split, prefix (`task.`, `worker.`) included. */
export interface RefOperand {
  readonly type: 'ref'
  readonly path: readonly PathSegment[]
  readonly span: Span
}

export type Operand = LiteralOperand | ArrayOperand | RefOperand

export interface CompareNode {
  readonly type: 'compare'
  readonly op: CompareOp
  readonly left: Operand
  readonly right: Operand
  readonly span: Span
  readonly opSpan: Span
}

export interface AndNode {
  readonly type: 'and'
  readonly operands: readonly Expr[]
  readonly span: Span
}

export interface OrNode {
  readonly type: 'or'
  readonly operands: readonly Expr[]
  readonly span: Span
}

/** `NOT ( expr )`: a Routedesk extension (REFERENCE decision 5). */
export interface NotNode {
  readonly type: 'not'
  readonly operand: Expr
  readonly span: Span
}

export type Expr = CompareNode | AndNode | OrNode | NotNode

/** Text of a reference path, e.g. `items[1].sku`. */
export function pathText(path: readonly PathSegment[]): string {
  let out = ''
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]
    if (typeof seg === 'number') out += `[${seg}]`
    else out += i === 0 ? seg : `.${seg}`
  }
  return out
}
