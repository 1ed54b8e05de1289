import type { WorkspaceState } from '../configuration/workspaceState'
import { compileExpression, compileOrderBy, lintExpression, printExpression, type CompiledExpression, type CompileResult, type ExpressionKind, type LintWarning, type OrderByResult } from '../expression'

/**
 * What `workflows.check` reuses from one call to the next. The builder checks the whole
 * configuration at each edit (validate-as-you-type), and an edit changes one expression out of
 * hundreds, so nearly all the work of the previous call is still good:
 *
 * - compiling: an expression's compile result depends on its text and kind only, so results
 *   are memoised by (kind, text) in a bounded table shared by every workspace;
 * - linting against real data: a lint depends on the expression and the samples (recent task
 *   attributes, task/worker pairs). Engine attribute objects are replaced, never mutated, when
 *   a task or worker changes, so "the samples are the very same objects as last time" is an
 *   exact test that the data has not changed. Results are kept per workspace until it fails.
 *
 * Both are pure functions of their inputs, so caching changes no answer (tested).
 */

/** Distinct expressions kept compiled: a few large workflows' worth, across workspaces. */
const COMPILED_LIMIT = 4000

/** A Map that forgets its oldest entries past `limit`; a hit counts as a use. */
class BoundedMemo<V> {
  private readonly entries = new Map<string, V>()
  constructor(private readonly limit: number) {}

  get(key: string, make: () => V): V {
    const found = this.entries.get(key)
    if (found !== undefined) {
      this.entries.delete(key)
      this.entries.set(key, found)
      return found
    }
    const made = make()
    this.entries.set(key, made)
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!)
    return made
  }
}

const compiledExpressions = new BoundedMemo<CompileResult>(COMPILED_LIMIT)
const compiledOrderBys = new BoundedMemo<OrderByResult>(COMPILED_LIMIT)
const canonicalTexts = new WeakMap<CompiledExpression, string>()

/** `compileExpression`, memoised. The result is shared: callers must not mutate it (nobody does). */
export function compileCached(text: string, kind: ExpressionKind): CompileResult {
  return compiledExpressions.get(`${kind}\u0000${text}`, () => compileExpression(text, kind))
}

/** `compileOrderBy`, memoised. */
export function compileOrderByCached(text: string): OrderByResult {
  return compiledOrderBys.get(text, () => compileOrderBy(text))
}

/** `printExpression(compiled.ast)`, once per compiled expression. */
export function canonicalText(compiled: CompiledExpression): string {
  let text = canonicalTexts.get(compiled)
  if (text === undefined) canonicalTexts.set(compiled, (text = printExpression(compiled.ast)))
  return text
}

/** Lint samples: what task expressions and target expressions are judged against. */
export interface LintSamples {
  tasks: readonly object[]
  pairs: ReadonlyArray<{ task: object; worker: object }>
}

interface LintBook {
  samples: LintSamples
  results: Map<string, LintWarning[]>
}

const lintBooks = new WeakMap<WorkspaceState, Map<string, LintBook>>()

function sameObjects(a: readonly object[], b: readonly object[]): boolean {
  if (a.length !== b.length) return false
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false
  return true
}

function samePairs(a: LintSamples['pairs'], b: LintSamples['pairs']): boolean {
  if (a.length !== b.length) return false
  for (let index = 0; index < a.length; index++) if (a[index]!.task !== b[index]!.task || a[index]!.worker !== b[index]!.worker) return false
  return true
}

/**
 * A linter for one workspace and one sample set (`scope` names whose recent tasks they are:
 * a workflow SID or the workspace). Lints already made against the same sample objects are
 * returned as they were.
 *
 * @example
 * const lint = lintCache(state, workflowSid ?? '', { tasks, pairs })
 * lint(compiled)   // LintWarning[]
 */
export function lintCache(state: WorkspaceState, scope: string, samples: LintSamples): (expression: CompiledExpression) => LintWarning[] {
  let books = lintBooks.get(state)
  if (!books) lintBooks.set(state, (books = new Map()))
  let book = books.get(scope)
  if (!book || !sameObjects(book.samples.tasks, samples.tasks) || !samePairs(book.samples.pairs, samples.pairs)) {
    book = { samples, results: new Map() }
    books.set(scope, book)
  }
  const { results } = book
  return (expression) => {
    const key = `${expression.kind}\u0000${expression.text}`
    let warnings = results.get(key)
    if (!warnings) {
      if (results.size >= COMPILED_LIMIT) results.clear()
      results.set(key, (warnings = lintExpression(expression, expression.kind === 'task' ? samples.tasks : samples.pairs)))
    }
    return warnings
  }
}
