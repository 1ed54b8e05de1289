import type { PathSegment } from './ast'
import { pathText } from './ast'
import { bindReference } from './bind'
import type { ChannelProperty, EvalRecord, WorkerField } from './context'
import type { Diagnostic } from './diagnostics'
import { DiagnosticError, diagnosticAt } from './diagnostics'
import { tokenize } from './lexer'
import { MAX_LENGTH } from './parser'
import { readPath } from './compile'

/**
 * Target `order_by` (REFERENCE §4.3): `worker.<attr> ASC|DESC[, ...]`, a sort spec rather
 * than a boolean, so it has its own small parser over the same lexer.
 *
 * Ordering: clauses left to right; only integer values count (a non-integer or non-number is
 * treated as missing); a worker missing the value sorts after those that have it, for ASC and
 * DESC alike. `compare` returns 0 on a full tie: the caller breaks ties by longest idle
 * (decision 9). `worker.channel.<name>.<property>` may be used too.
 */

export type SortDirection = 'ASC' | 'DESC'

export interface OrderByClause {
  /** The reference as written, e.g. `worker.level`. */
  readonly text: string
  readonly direction: SortDirection
  readonly column: number
}

export interface OrderBy {
  readonly text: string
  readonly clauses: readonly OrderByClause[]
  /** Negative when `a` goes first, positive when `b` does, 0 on a tie. */
  readonly compare: (a: EvalRecord, b: EvalRecord) => number
}

export type OrderByResult = { ok: true; orderBy: OrderBy } | { ok: false; diagnostics: Diagnostic[] }

export const MAX_ORDER_BY_CLAUSES = 16

type ValueOf = (r: EvalRecord) => unknown

/**
 * Parses an order_by spec. Never throws.
 * @example compileOrderBy('worker.level DESC, worker.years ASC')
 */
export function compileOrderBy(text: string): OrderByResult {
  if (text.length > MAX_LENGTH) return failed(diagnosticAt(text, { start: MAX_LENGTH, end: text.length }, 'EXPRESSION_TOO_LONG', `order_by is limited to ${MAX_LENGTH} characters`))
  if (text.trim() === '') return failed(diagnosticAt(text, { start: 0, end: 0 }, 'EMPTY_EXPRESSION', 'order_by is empty', 'e.g. worker.level DESC'))
  try {
    return { ok: true, orderBy: parse(text) }
  } catch (e) {
    if (e instanceof DiagnosticError) return failed(e.diagnostic)
    throw e
  }
}

function failed(d: Diagnostic): { ok: false; diagnostics: Diagnostic[] } {
  return { ok: false, diagnostics: [d] }
}

function parse(text: string): OrderBy {
  const tokens = tokenize(text)
  const clauses: OrderByClause[] = []
  const getters: { get: ValueOf; desc: boolean }[] = []
  const error = (at: { start: number; end: number }, message: string, hint?: string): never => {
    throw new DiagnosticError(diagnosticAt(text, at, 'INVALID_ORDER_BY', message, hint))
  }
  let pos = 0
  const at = (k: number): (typeof tokens)[number] => tokens[Math.min(k, tokens.length - 1)] ?? error({ start: 0, end: 0 }, 'empty')
  for (;;) {
    const ref = at(pos)
    const refText = text.slice(ref.start, ref.end)
    const path = ref.kind === 'ref' ? ref.path : undefined
    if (path === undefined) return error(ref, ref.kind === 'eof' ? 'expected worker.<attribute> here' : `expected worker.<attribute>, found '${refText}'`, 'e.g. worker.level DESC')
    if (path[0] !== 'worker' || path.length < 2) error(ref, `'${refText}' must start with worker.`, `write worker.${refText} ${'ASC'}`)
    const binding = bindReference(text, { type: 'ref', path, span: ref }, 'target')
    if ('code' in binding) throw new DiagnosticError(binding)
    if (binding.scope === 'channel') getters.push({ get: channelValue(binding.channel, binding.property), desc: false })
    else if (binding.scope === 'worker') getters.push({ get: attributeValue(binding.path, binding.field), desc: false })
    else error(ref, `'${refText}' cannot be sorted on`)
    const dir = at(pos + 1)
    const dirText = text.slice(dir.start, dir.end)
    const upper = dirText.toUpperCase()
    if (dir.kind !== 'ref' || (upper !== 'ASC' && upper !== 'DESC')) {
      error(dir.kind === 'eof' ? ref : dir, dir.kind === 'eof' ? `'${refText}' needs a direction` : `expected ASC or DESC, found '${dirText}'`, `write ${refText} ASC or ${refText} DESC`)
    }
    const direction = upper as SortDirection
    const last = getters[getters.length - 1]
    if (last !== undefined) last.desc = direction === 'DESC'
    clauses.push({ text: pathText(path), direction, column: ref.start + 1 })
    if (clauses.length > MAX_ORDER_BY_CLAUSES) error(ref, `order_by is limited to ${MAX_ORDER_BY_CLAUSES} clauses`)
    const sep = at(pos + 2)
    if (sep.kind === 'eof') break
    if (sep.kind !== 'comma') error(sep, `expected ',' or the end, found '${text.slice(sep.start, sep.end)}'`, 'separate clauses with commas')
    pos += 3
  }
  return { text, clauses, compare: comparator(getters) }
}

function attributeValue(path: readonly PathSegment[], field: WorkerField | undefined): ValueOf {
  if (field !== undefined) return (r) => (r.attributes[field] !== undefined ? r.attributes[field] : r[field])
  return (r) => readPath(r.attributes, path)
}

function channelValue(channel: string, property: ChannelProperty): ValueOf {
  return (r) => (r.channel === undefined ? undefined : r.channel(channel, property))
}

function comparator(clauses: readonly { get: ValueOf; desc: boolean }[]): (a: EvalRecord, b: EvalRecord) => number {
  return (a, b) => {
    for (let k = 0; k < clauses.length; k++) {
      const clause = clauses[k] as { get: ValueOf; desc: boolean }
      const va = clause.get(a)
      const vb = clause.get(b)
      const ia = typeof va === 'number' && Number.isInteger(va)
      const ib = typeof vb === 'number' && Number.isInteger(vb)
      if (ia && ib) {
        if (va !== vb) return (va < vb) !== clause.desc ? -1 : 1
      } else if (ia) {
        return -1
      } else if (ib) {
        return 1
      }
    }
    return 0
  }
}
