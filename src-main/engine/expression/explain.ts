import type { CompareOp, Expr, Operand, RefOperand } from './ast'
import { pathText } from './ast'
import type { Binding } from './bind'
import type { CompiledExpression, Getter } from './compile'
import { getterFor } from './compile'
import type { EvalInput } from './context'
import { evaluateComparison, falseReason } from './semantics'

/**
 * Why did this worker (not) match? A tree mirroring the source: every sub-expression with its
 * truth value and position, every operand with its resolved value, and the keys that were
 * null. Explain evaluates every branch (no short-circuit) with the reference semantics; its
 * root value always equals `compiled.evaluate(input)`. Meant for the UI, not the hot path.
 */

export interface ExplainedOperand {
  readonly kind: 'ref' | 'literal' | 'array'
  readonly text: string
  readonly column: number
  readonly length: number
  /** The resolved value (null for a missing key). */
  readonly value: unknown
  /** For references: where the value came from. */
  readonly source?: 'attribute' | 'field' | 'channel' | 'time' | 'count'
  /** A reference that resolved to null (missing or JSON null). */
  readonly isNull: boolean
}

export interface ExplainedNode {
  readonly type: Expr['type']
  /** Source text of this sub-expression. */
  readonly text: string
  readonly column: number
  readonly length: number
  readonly value: boolean
  readonly children: readonly ExplainedNode[]
  readonly op?: CompareOp
  readonly left?: ExplainedOperand
  readonly right?: ExplainedOperand
  /** For a false comparison, a short reason when there is one worth telling (null, type). */
  readonly reason?: string
}

export interface Explanation {
  readonly value: boolean
  readonly root: ExplainedNode
  /** Reference texts that resolved to null, in source order, without repeats. */
  readonly nullKeys: readonly string[]
}

/**
 * Explains one evaluation of a compiled expression.
 * @example explainExpression(compiled, { now, worker }).root.children.map((c) => [c.text, c.value])
 */
export function explainExpression(compiled: CompiledExpression, input: EvalInput): Explanation {
  const bindings = new Map<RefOperand, { get: Getter; binding: Binding }>(compiled.references.map((r) => [r.ref, { get: getterFor(r.binding), binding: r.binding }]))
  const nullKeys: string[] = []
  const text = compiled.text

  const explainOperand = (operand: Operand): ExplainedOperand => {
    const base = { text: text.slice(operand.span.start, operand.span.end), column: operand.span.start + 1, length: operand.span.end - operand.span.start }
    if (operand.type === 'literal') return { ...base, kind: 'literal', value: operand.value, isNull: false }
    if (operand.type === 'array') return { ...base, kind: 'array', value: operand.items.map((i) => i.value), isNull: false }
    const bound = bindings.get(operand)
    const value = bound === undefined ? null : bound.get(input)
    if (value === null) {
      const key = pathText(operand.path)
      if (!nullKeys.includes(key)) nullKeys.push(key)
    }
    return { ...base, kind: 'ref', value, isNull: value === null, source: bound === undefined ? 'attribute' : sourceOf(bound.binding, input) }
  }

  const explainNode = (node: Expr): ExplainedNode => {
    const base = { type: node.type, text: text.slice(node.span.start, node.span.end), column: node.span.start + 1, length: node.span.end - node.span.start }
    switch (node.type) {
      case 'compare': {
        const left = explainOperand(node.left)
        const right = explainOperand(node.right)
        const value = evaluateComparison(node.op, left.value, right.value)
        const reason = falseReason(node.op, left.value, right.value)
        return { ...base, value, children: [], op: node.op, left, right, ...(reason === undefined ? {} : { reason }) }
      }
      case 'not': {
        const child = explainNode(node.operand)
        return { ...base, value: !child.value, children: [child] }
      }
      case 'and': {
        const children = node.operands.map(explainNode)
        return { ...base, value: children.every((c) => c.value), children }
      }
      case 'or': {
        const children = node.operands.map(explainNode)
        return { ...base, value: children.some((c) => c.value), children }
      }
    }
  }

  const root = explainNode(compiled.ast)
  return { value: root.value, root, nullKeys }
}

function sourceOf(binding: Binding, input: EvalInput): ExplainedOperand['source'] {
  switch (binding.scope) {
    case 'worker':
      return binding.field !== undefined && input.worker !== undefined && input.worker.attributes[binding.field] === undefined ? 'field' : 'attribute'
    case 'task': return 'attribute'
    case 'channel': return 'channel'
    case 'time': return 'time'
    case 'count': return 'count'
  }
}
