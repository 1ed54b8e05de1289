import type { CompareOp } from './ast'

/**
 * Value semantics shared by the compiled closures, explain and lint (REFERENCE §4.3 and
 * decision 5). This file is the specification; compile.ts specialises it for speed and a
 * property test checks the two agree.
 *
 * - NULL: a missing key is null. `==`/`!=` compare null like any value (`missing == null`,
 *   `missing != 'x'`); ordering operators, HAS, IN and CONTAINS with a null operand are false;
 *   `NOT IN` with a null left side is true.
 * - Scalars are strings, numbers and booleans. A scalar operator (`== != > >= < <= CONTAINS`)
 *   with an array or object operand is false (except `x != null`, the existence test). An
 *   array operator whose array side is not an array is false.
 * - Coercion: a number and a numeric string ("6", "0800", "-1.5", "1e3") compare as numbers.
 *   Two strings compare as strings (case-sensitive, UTF-16 code-unit order), even when both
 *   look numeric, so `==` and ordering agree. Booleans equal only booleans, and do not order.
 */

export type Scalar = string | number | boolean

const NUMERIC = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/

/** The number a numeric string spells, or NaN. Strict: no whitespace, no hex, no '+'. */
export function toNumber(s: string): number {
  return NUMERIC.test(s) ? Number(s) : Number.NaN
}

export function isScalar(v: unknown): v is Scalar {
  const t = typeof v
  return t === 'string' || t === 'number' || t === 'boolean'
}

/** Equality of two non-null scalars, with number/numeric-string coercion. */
export function scalarEquals(a: Scalar, b: Scalar): boolean {
  if (a === b) return true
  if (typeof a === 'number') return typeof b === 'string' && a === toNumber(b)
  if (typeof a === 'string') return typeof b === 'number' && toNumber(a) === b
  return false
}

/** -1, 0 or 1 when the two values order, NaN when they do not (null, arrays, booleans, mixed). */
export function order(l: unknown, r: unknown): number {
  let a: number | string
  let b: number | string
  if (typeof l === 'number') {
    a = l
    if (typeof r === 'number') b = r
    else if (typeof r === 'string') b = toNumber(r)
    else return Number.NaN
  } else if (typeof l === 'string') {
    if (typeof r === 'string') {
      a = l
      b = r
    } else if (typeof r === 'number') {
      a = toNumber(l)
      b = r
    } else return Number.NaN
  } else return Number.NaN
  return a < b ? -1 : a > b ? 1 : a === b ? 0 : Number.NaN
}

/** Does the array hold a non-null scalar equal to `v`? */
export function member(v: Scalar, array: readonly unknown[]): boolean {
  for (let i = 0; i < array.length; i++) {
    const e = array[i]
    if (e !== null && isScalar(e) && scalarEquals(e, v)) return true
  }
  return false
}

/** Substring test; numbers are compared by their decimal text; booleans and non-scalars give false. */
export function contains(l: unknown, r: unknown): boolean {
  const a = typeof l === 'string' ? l : typeof l === 'number' ? String(l) : undefined
  const b = typeof r === 'string' ? r : typeof r === 'number' ? String(r) : undefined
  return a !== undefined && b !== undefined && a.includes(b)
}

export function equalsOp(l: unknown, r: unknown): boolean {
  if (l === null || r === null) return l === r
  return isScalar(l) && isScalar(r) && scalarEquals(l, r)
}

export function notEqualsOp(l: unknown, r: unknown): boolean {
  if (l === null || r === null) return l !== r
  return isScalar(l) && isScalar(r) && !scalarEquals(l, r)
}

/** The truth of `l op r` for resolved values (missing keys already turned into null). */
export function evaluateComparison(op: CompareOp, l: unknown, r: unknown): boolean {
  switch (op) {
    case '==': return equalsOp(l, r)
    case '!=': return notEqualsOp(l, r)
    case '>': return order(l, r) > 0
    case '>=': return order(l, r) >= 0
    case '<': return order(l, r) < 0
    case '<=': return order(l, r) <= 0
    case 'HAS': return Array.isArray(l) && r !== null && isScalar(r) && member(r, l)
    case 'IN': return Array.isArray(r) && l !== null && isScalar(l) && member(l, r)
    case 'NOT IN': return l === null || (Array.isArray(r) && isScalar(l) && !member(l, r))
    case 'CONTAINS': return contains(l, r)
  }
}

/** A short reason why `l op r` is false, for explain; undefined when it is true or unremarkable. */
export function falseReason(op: CompareOp, l: unknown, r: unknown): string | undefined {
  if (evaluateComparison(op, l, r)) return undefined
  const kind = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : typeof v)
  switch (op) {
    case '==':
    case '!=':
      if (l === null && r === null) return 'both sides are null'
      if (!isScalar(l) && l !== null) return `the left side is ${kind(l)}; == and != compare scalars (use HAS for arrays)`
      if (!isScalar(r) && r !== null) return `the right side is ${kind(r)}; == and != compare scalars (use IN for arrays)`
      return typeof l !== typeof r && l !== null && r !== null ? `different types (${kind(l)} and ${kind(r)})` : undefined
    case 'HAS':
      if (!Array.isArray(l)) return `HAS needs an array on the left; it is ${kind(l)}`
      if (r === null) return 'HAS with null is false'
      return isScalar(r) ? undefined : `HAS needs a scalar on the right; it is ${kind(r)}`
    case 'IN':
    case 'NOT IN':
      if (!Array.isArray(r)) return `${op} needs an array on the right; it is ${kind(r)}`
      if (op === 'IN' && l === null) return 'IN with a null left side is false'
      return isScalar(l) ? undefined : `${op} needs a scalar on the left; it is ${kind(l)}`
    case 'CONTAINS':
      if (l === null || r === null) return 'CONTAINS with null is false'
      if (Array.isArray(l)) return 'CONTAINS is a substring test and is false on an array (use HAS)'
      return typeof l === 'string' || typeof l === 'number' ? undefined : `CONTAINS needs a string; the left side is ${kind(l)}`
    default:
      if (l === null || r === null) return `${op} with null is false`
      return Number.isNaN(order(l, r)) ? `${kind(l)} and ${kind(r)} do not order` : undefined
  }
}
