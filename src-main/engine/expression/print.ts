import type { Expr, Literal, Operand } from './ast'
import { pathText } from './ast'

/**
 * Canonical text for a syntax tree: canonical operators (`==`, `HAS`, `IN`), upper-case
 * keywords, double-quoted JSON strings, and parentheses exactly where the tree's shape needs
 * them, so `parseExpression(printExpression(ast))` gives back the same tree (spans aside).
 * @example printExpression(ast) // 'skills HAS "support" AND (level > 3 OR vip == true)'
 */
export function printExpression(ast: Expr): string {
  switch (ast.type) {
    case 'compare': return `${printOperand(ast.left)} ${ast.op} ${printOperand(ast.right)}`
    case 'not': return `NOT (${printExpression(ast.operand)})`
    case 'and': return ast.operands.map((o) => (o.type === 'and' || o.type === 'or' ? `(${printExpression(o)})` : printExpression(o))).join(' AND ')
    case 'or': return ast.operands.map((o) => (o.type === 'or' ? `(${printExpression(o)})` : printExpression(o))).join(' OR ')
  }
}

export function printOperand(operand: Operand): string {
  switch (operand.type) {
    case 'literal': return printLiteral(operand.value)
    case 'array': return `[${operand.items.map((i) => printLiteral(i.value)).join(', ')}]`
    case 'ref': return pathText(operand.path)
  }
}

export function printLiteral(value: Literal): string {
  if (value === null) return 'null'
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value)
  return value ? 'true' : 'false'
}
