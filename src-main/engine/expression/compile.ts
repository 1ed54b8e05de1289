import type { CompareOp, Expr, Operand, PathSegment, RefOperand } from './ast'
import { pathText } from './ast'
import { bindReference } from './bind'
import type { Binding, BoundReference, TimeVariable } from './bind'
import type { EvalInput, ExpressionKind, WorkerField } from './context'
import type { Diagnostic } from './diagnostics'
import { parseExpression } from './parser'
import type { Scalar } from './semantics'
import { contains, evaluateComparison, isScalar, member, notEqualsOp, order, toNumber } from './semantics'

/**
 * Compiles an expression once into a tree of closures. Evaluation walks no AST, splits no
 * paths and allocates nothing for the common forms (attribute vs constant, HAS/IN against
 * constants): constants are pre-resolved (numeric strings pre-converted, IN-lists turned
 * into Sets) and each comparison gets a closure specialised for its operand types. The
 * generic semantics live in semantics.ts; a property test checks both agree.
 */

export type Getter = (input: EvalInput) => unknown
export type Predicate = (input: EvalInput) => boolean

export interface CompiledExpression {
  readonly text: string
  readonly kind: ExpressionKind
  readonly ast: Expr
  /** Every reference with what it resolves to, in source order. */
  readonly references: readonly BoundReference[]
  /** True when the input matches. Pure; safe to detach (`const f = compiled.evaluate`). */
  readonly evaluate: Predicate
}

export type CompileResult = { ok: true; expression: CompiledExpression } | { ok: false; diagnostics: Diagnostic[] }

/**
 * Parses and compiles `text` for `kind`. Never throws: problems come back as diagnostics
 * (syntax: the first one; references: all of them).
 * @example
 * const r = compileExpression('skills HAS "support" AND level > 3', 'worker')
 * if (r.ok) r.expression.evaluate({ now: clock.now(), worker: { attributes } })
 */
export function compileExpression(text: string, kind: ExpressionKind): CompileResult {
  const parsed = parseExpression(text)
  if (!parsed.ok) return parsed
  const references: BoundReference[] = []
  const diagnostics: Diagnostic[] = []
  for (const ref of collectReferences(parsed.ast)) {
    const binding = bindReference(text, ref, kind)
    if ('code' in binding) diagnostics.push(binding)
    else references.push({ ref, text: pathText(ref.path), binding })
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics }
  const getters = new Map<RefOperand, Getter>(references.map((r) => [r.ref, getterFor(r.binding)]))
  const evaluate = compileNode(parsed.ast, getters)
  return { ok: true, expression: { text, kind, ast: parsed.ast, references, evaluate } }
}

/** References in source order. Depth is bounded by the parser's MAX_DEPTH. */
export function collectReferences(node: Expr, out: RefOperand[] = []): RefOperand[] {
  switch (node.type) {
    case 'compare':
      if (node.left.type === 'ref') out.push(node.left)
      if (node.right.type === 'ref') out.push(node.right)
      break
    case 'not':
      collectReferences(node.operand, out)
      break
    default:
      for (const child of node.operands) collectReferences(child, out)
  }
  return out
}

// --- references ---------------------------------------------------------------------------

/** One step into a JSON value; undefined when absent. Never reads prototypes or functions. */
export function readSegment(value: unknown, segment: PathSegment): unknown {
  if (typeof segment === 'number') return Array.isArray(value) ? value[segment] : undefined
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined
  if (segment === '__proto__') return Object.hasOwn(value, segment) ? (value as Record<string, unknown>)[segment] : undefined
  const v = (value as Record<string, unknown>)[segment]
  return typeof v === 'function' ? undefined : v
}

/** Resolves `path` in a JSON value; undefined when any step is absent. */
export function readPath(value: unknown, path: readonly PathSegment[], from = 0): unknown {
  let v = value
  for (let k = from; k < path.length && v !== undefined; k++) v = readSegment(v, path[k] as PathSegment)
  return v
}

const MS_PER_DAY = 86_400_000
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const
const TWO_DIGITS = Array.from({ length: 60 }, (_, n) => String(n).padStart(2, '0'))

/** Minutes since UTC midnight, or -1 for a non-finite clock. */
function utcMinuteOfDay(now: number): number {
  if (!Number.isFinite(now)) return -1
  return Math.floor((((now % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY) / 60_000)
}

/** taskrouter.* from the injected time, UTC (REFERENCE §4.1). */
export function timeVariable(variable: TimeVariable, now: number): number | string | null {
  const m = utcMinuteOfDay(now)
  if (m < 0) return null
  switch (variable) {
    case 'currentTime': return Math.floor(m / 60) * 100 + (m % 60)
    case 'currentHour': return TWO_DIGITS[Math.floor(m / 60)] ?? null
    case 'currentMin': return TWO_DIGITS[m % 60] ?? null
    case 'dayOfWeek': return DAYS[((Math.floor(now / MS_PER_DAY) + 4) % 7 + 7) % 7] ?? null
  }
}

function hasPlainKeys(path: readonly PathSegment[]): boolean {
  return path.every((s) => typeof s === 'string' && s !== '__proto__')
}

/** A getter for a bound reference: missing → null, specialised for one- and two-key paths. */
export function getterFor(binding: Binding): Getter {
  switch (binding.scope) {
    case 'time': {
      const variable = binding.variable
      return (i) => timeVariable(variable, i.now)
    }
    case 'count': {
      if (binding.count === 'available') return (i) => (i.counts === undefined ? null : i.counts.available)
      if (binding.count === 'unavailable') return (i) => (i.counts === undefined ? null : i.counts.unavailable)
      const sid = binding.activitySid ?? ''
      return (i) => (i.counts === undefined ? null : (i.counts.byActivity(sid) ?? 0))
    }
    case 'channel': {
      const { channel, property } = binding
      return (i) => {
        const w = i.worker
        if (w === undefined || w.channel === undefined) return null
        const v = w.channel(channel, property)
        return v === undefined ? null : v
      }
    }
    case 'worker':
      return binding.field !== undefined ? fieldGetter(binding.field) : attributeGetter(true, binding.path)
    case 'task':
      return attributeGetter(false, binding.path)
  }
}

/** A worker field name: the attribute of that name wins when present (even if null). */
function fieldGetter(field: WorkerField): Getter {
  return (i) => {
    const w = i.worker
    if (w === undefined) return null
    const v = w.attributes[field]
    if (v !== undefined) return typeof v === 'function' ? null : v
    const f = w[field]
    return f === undefined ? null : f
  }
}

/**
 * Getters that read one plain attribute key. The hottest comparisons (HAS, ordering, ==
 * against a constant) fuse this read into their own closure, saving a call per clause.
 */
const DIRECT = new WeakMap<Getter, { readonly worker: boolean; readonly key: string }>()

function attributeGetter(worker: boolean, path: readonly PathSegment[]): Getter {
  const [k0, k1] = path
  if (path.length === 1 && typeof k0 === 'string' && hasPlainKeys(path)) {
    const get: Getter = worker
      ? (i) => {
          const r = i.worker
          if (r === undefined) return null
          const v = r.attributes[k0]
          return v === undefined || typeof v === 'function' ? null : v
        }
      : (i) => {
          const r = i.task
          if (r === undefined) return null
          const v = r.attributes[k0]
          return v === undefined || typeof v === 'function' ? null : v
        }
    DIRECT.set(get, { worker, key: k0 })
    return get
  }
  if (path.length === 2 && typeof k0 === 'string' && typeof k1 === 'string' && hasPlainKeys(path)) {
    return (i) => {
      const r = worker ? i.worker : i.task
      if (r === undefined) return null
      const o = r.attributes[k0]
      if (o === null || typeof o !== 'object' || Array.isArray(o)) return null
      const v = (o as Record<string, unknown>)[k1]
      return v === undefined || typeof v === 'function' ? null : v
    }
  }
  return (i) => {
    const r = worker ? i.worker : i.task
    if (r === undefined) return null
    const v = readPath(r.attributes, path)
    return v === undefined ? null : v
  }
}

// --- predicates ---------------------------------------------------------------------------

const TRUE: Predicate = () => true
const FALSE: Predicate = () => false

type Compiled = { constant: true; value: unknown } | { constant: false; get: Getter }

function operand(node: Operand, getters: ReadonlyMap<RefOperand, Getter>): Compiled {
  switch (node.type) {
    case 'literal': return { constant: true, value: node.value }
    case 'array': return { constant: true, value: Object.freeze(node.items.map((item) => item.value)) }
    case 'ref': {
      const get = getters.get(node)
      if (get === undefined) throw new Error(`unbound reference ${pathText(node.path)}`)
      return { constant: false, get }
    }
  }
}

/** Compiles a node into a predicate; `getters` holds one getter per reference node. */
export function compileNode(node: Expr, getters: ReadonlyMap<RefOperand, Getter>): Predicate {
  switch (node.type) {
    case 'compare': return compileComparison(node.op, operand(node.left, getters), operand(node.right, getters))
    case 'not': {
      const inner = compileNode(node.operand, getters)
      return (i) => !inner(i)
    }
    case 'and': {
      const parts = node.operands.map((n) => compileNode(n, getters))
      const [a, b, c] = parts
      if (parts.length === 2 && a && b) return (i) => a(i) && b(i)
      if (parts.length === 3 && a && b && c) return (i) => a(i) && b(i) && c(i)
      return (i) => {
        for (let k = 0; k < parts.length; k++) if (!(parts[k] as Predicate)(i)) return false
        return true
      }
    }
    case 'or': {
      const parts = node.operands.map((n) => compileNode(n, getters))
      const [a, b, c] = parts
      if (parts.length === 2 && a && b) return (i) => a(i) || b(i)
      if (parts.length === 3 && a && b && c) return (i) => a(i) || b(i) || c(i)
      return (i) => {
        for (let k = 0; k < parts.length; k++) if ((parts[k] as Predicate)(i)) return true
        return false
      }
    }
  }
}

const FLIPPED: Partial<Record<CompareOp, CompareOp>> = { '==': '==', '!=': '!=', '>': '<', '>=': '<=', '<': '>', '<=': '>=' }

function compileComparison(op: CompareOp, left: Compiled, right: Compiled): Predicate {
  if (left.constant && right.constant) return evaluateComparison(op, left.value, right.value) ? TRUE : FALSE
  const flipped = FLIPPED[op]
  if (left.constant && !right.constant && flipped !== undefined) return refVsConstant(flipped, right.get, left.value)
  if (!left.constant && right.constant) return refVsConstant(op, left.get, right.value)
  if (left.constant && !right.constant) return constantVsRef(op, left.value, right.get)
  if (!left.constant && !right.constant) {
    const l = left.get
    const r = right.get
    return (i) => evaluateComparison(op, l(i), r(i))
  }
  return FALSE
}

/** `const op ref` for the asymmetric operators (HAS, IN, NOT IN, CONTAINS). */
function constantVsRef(op: CompareOp, c: unknown, get: Getter): Predicate {
  if (op === 'IN' || op === 'NOT IN') {
    if (c === null) return op === 'IN' ? FALSE : TRUE
    if (!isScalar(c)) return FALSE
    if (typeof c === 'string' && Number.isNaN(toNumber(c))) {
      const present = (a: readonly unknown[]): boolean => {
        for (let k = 0; k < a.length; k++) if (a[k] === c) return true
        return false
      }
      return op === 'IN' ? (i) => { const a = get(i); return Array.isArray(a) && present(a) } : (i) => { const a = get(i); return Array.isArray(a) && !present(a) }
    }
    return op === 'IN' ? (i) => { const a = get(i); return Array.isArray(a) && member(c, a) } : (i) => { const a = get(i); return Array.isArray(a) && !member(c, a) }
  }
  return (i) => evaluateComparison(op, c, get(i))
}

/** `ref op const`: the hot path. Each branch mirrors semantics.ts for one constant type. */
function refVsConstant(op: CompareOp, get: Getter, c: unknown): Predicate {
  switch (op) {
    case '==': {
      if (c === null || typeof c === 'boolean') return (i) => get(i) === c
      if (typeof c === 'number') return (i) => { const v = get(i); return v === c || (typeof v === 'string' && toNumber(v) === c) }
      if (typeof c === 'string') {
        const n = toNumber(c)
        if (Number.isNaN(n)) return (i) => get(i) === c
        return (i) => { const v = get(i); return v === c || v === n }
      }
      return FALSE
    }
    case '!=': {
      if (c === null) return (i) => get(i) !== null
      if (typeof c === 'boolean') return (i) => { const v = get(i); return v === null || (isScalar(v) && v !== c) }
      if (typeof c === 'number') {
        return (i) => {
          const v = get(i)
          if (v === null) return true
          if (typeof v === 'number') return v !== c
          if (typeof v === 'string') return toNumber(v) !== c
          return typeof v === 'boolean'
        }
      }
      if (typeof c === 'string') {
        const n = toNumber(c)
        if (Number.isNaN(n)) return (i) => { const v = get(i); return v === null || (v !== c && isScalar(v)) }
        return (i) => {
          const v = get(i)
          if (v === null) return true
          if (typeof v === 'string') return v !== c
          if (typeof v === 'number') return v !== n
          return typeof v === 'boolean'
        }
      }
      return (i) => notEqualsOp(get(i), c)
    }
    case '>':
    case '>=':
    case '<':
    case '<=':
      if (typeof c === 'number') return numericOrdering(op, get, c)
      if (typeof c === 'string') return stringOrdering(op, get, c)
      return FALSE
    case 'HAS': {
      if (typeof c === 'string' && Number.isNaN(toNumber(c))) {
        const direct = DIRECT.get(get)
        if (direct !== undefined) {
          const { worker, key } = direct
          // Array.isArray rules out a missing key, null and inherited functions at once.
          return (i) => {
            const r = worker ? i.worker : i.task
            if (r === undefined) return false
            const a = r.attributes[key]
            if (!Array.isArray(a)) return false
            for (let k = 0; k < a.length; k++) if (a[k] === c) return true
            return false
          }
        }
        return (i) => {
          const a = get(i)
          if (!Array.isArray(a)) return false
          for (let k = 0; k < a.length; k++) if (a[k] === c) return true
          return false
        }
      }
      if (typeof c === 'number') {
        return (i) => {
          const a = get(i)
          if (!Array.isArray(a)) return false
          for (let k = 0; k < a.length; k++) {
            const e: unknown = a[k]
            if (e === c || (typeof e === 'string' && toNumber(e) === c)) return true
          }
          return false
        }
      }
      if (c === null || !isScalar(c)) return FALSE
      return (i) => { const a = get(i); return Array.isArray(a) && member(c, a) }
    }
    case 'IN': {
      if (!Array.isArray(c)) return FALSE
      const has = membership(c)
      return (i) => { const v = get(i); return v !== null && isScalar(v) && has(v) }
    }
    case 'NOT IN': {
      if (!Array.isArray(c)) return (i) => get(i) === null
      const has = membership(c)
      return (i) => { const v = get(i); return v === null || (isScalar(v) && !has(v)) }
    }
    case 'CONTAINS': {
      if (typeof c !== 'string' && typeof c !== 'number') return FALSE
      const s = String(c)
      return (i) => {
        const v = get(i)
        return typeof v === 'string' ? v.includes(s) : typeof v === 'number' && contains(v, s)
      }
    }
  }
}

function numericOrdering(op: '>' | '>=' | '<' | '<=', get: Getter, c: number): Predicate {
  const num = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'string' ? toNumber(v) : Number.NaN)
  const direct = DIRECT.get(get)
  if (direct !== undefined) {
    const { worker, key } = direct
    // Only numbers and strings order, so no missing/null/function checks are needed.
    const read = (i: EvalInput): number => {
      const r = worker ? i.worker : i.task
      if (r === undefined) return Number.NaN
      const v = r.attributes[key]
      return typeof v === 'number' ? v : typeof v === 'string' ? toNumber(v) : Number.NaN
    }
    switch (op) {
      case '>': return (i) => read(i) > c
      case '>=': return (i) => read(i) >= c
      case '<': return (i) => read(i) < c
      case '<=': return (i) => read(i) <= c
    }
  }
  switch (op) {
    case '>': return (i) => num(get(i)) > c
    case '>=': return (i) => num(get(i)) >= c
    case '<': return (i) => num(get(i)) < c
    case '<=': return (i) => num(get(i)) <= c
  }
}

function stringOrdering(op: '>' | '>=' | '<' | '<=', get: Getter, c: string): Predicate {
  switch (op) {
    case '>': return (i) => order(get(i), c) > 0
    case '>=': return (i) => order(get(i), c) >= 0
    case '<': return (i) => order(get(i), c) < 0
    case '<=': return (i) => order(get(i), c) <= 0
  }
}

/** Membership in a constant array, by Sets: strings exactly, numbers also against numeric strings. */
function membership(items: readonly unknown[]): (v: Scalar) => boolean {
  const strings = new Set<string>()
  const numbers = new Set<number>()
  const numericStrings = new Set<number>()
  let hasTrue = false
  let hasFalse = false
  for (const e of items) {
    if (typeof e === 'string') {
      strings.add(e)
      const n = toNumber(e)
      if (!Number.isNaN(n)) numericStrings.add(n)
    } else if (typeof e === 'number') numbers.add(e)
    else if (e === true) hasTrue = true
    else if (e === false) hasFalse = true
  }
  return (v) => {
    if (typeof v === 'string') return strings.has(v) || (numbers.size > 0 && numbers.has(toNumber(v)))
    if (typeof v === 'number') return numbers.has(v) || numericStrings.has(v)
    return v ? hasTrue : hasFalse
  }
}

