import type { CompareNode, Expr, Operand, RefOperand } from './ast'
import { pathText } from './ast'
import type { Binding } from './bind'
import type { CompiledExpression } from './compile'
import { readPath } from './compile'
import { diagnosticAt } from './diagnostics'
import { printLiteral } from './print'
import { evaluateComparison, isScalar, toNumber } from './semantics'

/**
 * Warnings for expressions that parse but probably do not mean what the author thinks,
 * checked against sample records (e.g. the workspace's current workers).
 *
 * Samples: for `worker` and `task` expressions, attribute objects; for `target` expressions,
 * `{ task: {...attributes}, worker: {...attributes} }`; `skip_if` uses none. Worker fields,
 * channels, time and counts are not looked up in samples.
 */

export type LintCode =
  | 'CONSTANT_STRINGS'
  | 'CONSTANT_TRUE'
  | 'CONSTANT_FALSE'
  | 'ALWAYS_FALSE'
  | 'UNKNOWN_KEY'
  | 'HAS_NOT_ARRAY'
  | 'IN_NOT_ARRAY'
  | 'CONTAINS_ON_ARRAY'
  | 'SCALAR_OP_ON_ARRAY'
  | 'TYPE_MISMATCH'

export interface LintWarning {
  readonly code: LintCode
  readonly severity: 'warning' | 'info'
  readonly message: string
  /** 1-based column of the clause or key concerned. */
  readonly column: number
  readonly length: number
  readonly token: string
  readonly hint?: string
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z0-9_$]+)*$/

/**
 * Lints a compiled expression against sample records; returns warnings in source order.
 * @example lintExpression(compiled, workers.map((w) => JSON.parse(w.attributes)))
 */
export function lintExpression(compiled: CompiledExpression, samples: readonly object[]): LintWarning[] {
  const out: LintWarning[] = []
  const text = compiled.text
  const bindings = new Map<RefOperand, Binding>(compiled.references.map((r) => [r.ref, r.binding]))
  const warn = (node: { span: { start: number; end: number } }, code: LintCode, message: string, hint?: string, severity: LintWarning['severity'] = 'warning'): void => {
    const d = diagnosticAt(text, node.span, 'UNKNOWN_VARIABLE', message, hint)
    out.push({ code, severity, message, column: d.column, length: d.length, token: d.token, ...(hint === undefined ? {} : { hint }) })
  }

  /** Sample values of a reference (undefined = absent), or undefined when samples do not apply. */
  const sampleValues = (ref: RefOperand): unknown[] | undefined => {
    const binding = bindings.get(ref)
    if (binding === undefined || samples.length === 0) return undefined
    if (binding.scope !== 'worker' && binding.scope !== 'task') return undefined
    if (binding.scope === 'worker' && binding.field !== undefined) return undefined
    const scope = binding.scope
    return samples.map((s) => readPath(compiled.kind === 'target' ? readPath(s, [scope]) : s, binding.path))
  }

  const visit = (node: Expr): void => {
    if (node.type === 'not') return visit(node.operand)
    if (node.type !== 'compare') {
      for (const child of node.operands) visit(child)
      return
    }
    lintComparison(node)
  }

  const lintComparison = (node: CompareNode): void => {
    const { op, left, right } = node
    const isConst = (o: Operand): boolean => o.type !== 'ref'
    if (isConst(left) && isConst(right)) return lintConstants(node)
    const constant = right.type !== 'ref' ? right : left.type !== 'ref' ? left : undefined
    const c = constant?.type === 'literal' ? constant.value : undefined
    // Always false whatever the data.
    if (constant?.type === 'literal' && c === null && (op === 'HAS' || op === 'CONTAINS' || op === 'IN' || op.startsWith('>') || op.startsWith('<'))) {
      warn(node, 'ALWAYS_FALSE', `'${src(node)}' is always false: ${op} with null is false`, 'to test for a missing key, write key == null or key != null')
    } else if (op === 'HAS' && right.type === 'array') {
      warn(node, 'ALWAYS_FALSE', `'${src(node)}' is always false: HAS takes a single value on the right`, 'test each value, e.g. (x HAS "a" OR x HAS "b")')
    } else if ((op === 'IN' || op === 'NOT IN') && right.type === 'literal') {
      warn(node, 'ALWAYS_FALSE', `'${src(node)}' is always ${op === 'NOT IN' ? 'false unless the left side is null' : 'false'}: ${op} needs an array on the right`, `did you mean ${src(left)} ${op === 'IN' ? '==' : '!='} ${printLiteral(right.value)}?`)
    } else if ((op === '==' || op === '!=' || op.startsWith('>') || op.startsWith('<') || op === 'CONTAINS') && constant?.type === 'array') {
      warn(node, 'ALWAYS_FALSE', `'${src(node)}' is always ${op === '!=' ? 'false unless the key is null' : 'false'}: ${op} does not compare arrays`, op === '==' ? `did you mean ${src(left)} IN ${src(right)}?` : undefined)
    }
    for (const operand of [left, right]) {
      if (operand.type !== 'ref') continue
      const values = sampleValues(operand)
      if (values === undefined) continue
      const present = values.filter((v) => v !== undefined)
      const name = pathText(operand.path)
      if (present.length === 0) {
        warn(operand, 'UNKNOWN_KEY', `'${name}' appears in none of the ${samples.length} sample records, so it will be null`, 'check the spelling and case of the key')
        continue
      }
      const arrays = present.filter((v) => Array.isArray(v)).length
      if (op === 'HAS' && operand === left && arrays === 0) {
        warn(operand, 'HAS_NOT_ARRAY', `'${name}' is never an array in the samples, so HAS is false`, right.type === 'literal' ? `did you mean ${name} == ${printLiteral(right.value)}?` : 'HAS needs an array on the left')
      } else if ((op === 'IN' || op === 'NOT IN') && operand === right && arrays === 0) {
        warn(operand, 'IN_NOT_ARRAY', `'${name}' is never an array in the samples, so ${op} ${op === 'IN' ? 'is false' : 'is false unless the left side is null'}`, `${op} needs an array on the right`)
      } else if (op === 'CONTAINS' && operand === left && arrays > 0) {
        warn(operand, 'CONTAINS_ON_ARRAY', `'${name}' is an array in the samples; CONTAINS is a substring test and is false on arrays`, right.type === 'literal' ? `did you mean ${name} HAS ${printLiteral(right.value)}?` : 'use HAS for arrays')
      } else if ((op === '==' || op === '!=' || op.startsWith('>') || op.startsWith('<')) && arrays > 0) {
        warn(operand, 'SCALAR_OP_ON_ARRAY', `'${name}' is an array in ${arrays} of ${present.length} samples, and ${op} on an array is false`, operand === left && right.type === 'literal' ? `did you mean ${name} HAS ${printLiteral(right.value)}?` : 'use HAS or IN for arrays')
      } else if ((op === '==' || op === '!=' || op.startsWith('>') || op.startsWith('<')) && constant?.type === 'literal' && c !== null && c !== undefined) {
        const scalars = present.filter((v) => v !== null && isScalar(v))
        if (scalars.length > 0 && !scalars.some((v) => compatible(v, c))) {
          warn(node, 'TYPE_MISMATCH', `'${name}' is ${describeType(scalars[0])} in the samples but is compared with ${describeType(c)}`, typeof c === 'string' && typeof scalars[0] === 'number' ? `write the number without quotes` : typeof c === 'number' ? `quote it: "${c}"` : undefined)
        }
      }
    }
  }

  const lintConstants = (node: CompareNode): void => {
    const { left, right, op } = node
    const value = evaluateComparison(op, left.type === 'array' ? left.items.map((i) => i.value) : left.type === 'literal' ? left.value : null, right.type === 'array' ? right.items.map((i) => i.value) : right.type === 'literal' ? right.value : null)
    if (left.type === 'literal' && right.type === 'literal' && typeof left.value === 'string' && typeof right.value === 'string') {
      const hint = IDENTIFIER.test(left.value) ? `did you mean ${left.value} ${op} ${printLiteral(right.value)}?` : undefined
      warn(node, 'CONSTANT_STRINGS', `compares two constants${hint === undefined ? '' : `; ${hint}`} (always ${value})`, hint ?? 'attribute names are written without quotes')
      return
    }
    if (value) warn(node, 'CONSTANT_TRUE', `'${src(node)}' is always true`, 'fine as the documented match-all idiom', 'info')
    else warn(node, 'CONSTANT_FALSE', `'${src(node)}' is always false`)
  }

  const src = (n: { span: { start: number; end: number } }): string => text.slice(n.span.start, n.span.end)

  visit(compiled.ast)
  return out
}

function compatible(v: unknown, c: unknown): boolean {
  if (typeof v === typeof c) return true
  if (typeof v === 'number' && typeof c === 'string') return !Number.isNaN(toNumber(c))
  if (typeof v === 'string' && typeof c === 'number') return !Number.isNaN(toNumber(v))
  return false
}

function describeType(v: unknown): string {
  if (typeof v === 'string') return Number.isNaN(toNumber(v)) ? 'a string' : 'a numeric string'
  if (typeof v === 'number') return 'a number'
  if (typeof v === 'boolean') return 'a boolean'
  return 'something else'
}
