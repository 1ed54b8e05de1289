import type { ExpressionDiagnostic, ExplainedNodeView } from '../../contract/expressions'
import type { MethodOutput, MethodParsedInput } from '../../contract/methods'
import { compileExpression, explainExpression, lintExpression, printExpression } from '../expression'
import { compileOrderBy } from '../expression/orderBy'
import type { Diagnostic } from '../expression/diagnostics'
import type { EvalRecord } from '../expression/context'
import { NotFoundError } from '../errors'
import { parseAttributes } from '../routing/runtime'
import type { EngineContext } from './context'

/** How many recent tasks lint and explain look at; workers are all taken (at most 15,000). */
const TASK_SAMPLE = 1000
const TARGET_PAIRS = 500

function diagnosticsOut(diagnostics: readonly Diagnostic[]): ExpressionDiagnostic[] {
  return diagnostics.map((d) => ({ code: d.code, message: d.message, column: d.column, length: d.length, token: d.token, ...(d.hint ? { hint: d.hint } : {}) }))
}

/** Compiles as the admin types: diagnostics, references and the canonical form. */
export function compileTool(_ctx: EngineContext, input: MethodParsedInput<'expressions.compile'>): MethodOutput<'expressions.compile'> {
  if (input.kind === 'order_by') {
    const result = compileOrderBy(input.expression)
    if (!result.ok) return { ok: false, diagnostics: diagnosticsOut(result.diagnostics), references: [], canonical: '' }
    return {
      ok: true,
      diagnostics: [],
      references: result.orderBy.clauses.map((clause) => clause.text),
      canonical: result.orderBy.clauses.map((clause) => `${clause.text} ${clause.direction}`).join(', '),
    }
  }
  const result = compileExpression(input.expression, input.kind)
  if (!result.ok) return { ok: false, diagnostics: diagnosticsOut(result.diagnostics), references: [], canonical: '' }
  return { ok: true, diagnostics: [], references: result.expression.references.map((r) => r.text), canonical: printExpression(result.expression.ast) }
}

/**
 * Why a worker (or task) did or did not match: the truth of every sub-expression and the keys
 * that were NULL. Records come from the workspace (by SID) or from given attributes.
 */
export function explainTool(ctx: EngineContext, input: MethodParsedInput<'expressions.explain'>): MethodOutput<'expressions.explain'> {
  const result = compileExpression(input.expression, input.kind)
  if (!result.ok) return { ok: false, diagnostics: diagnosticsOut(result.diagnostics), value: null, root: null, null_keys: [] }
  let worker: EvalRecord | undefined
  let task: EvalRecord | undefined
  if (input.worker_sid !== undefined || input.task_sid !== undefined) {
    if (input.workspace_sid === undefined) throw new NotFoundError('workspace_sid is needed to look up a worker or task', 'workspace_sid')
    const state = ctx.workspace(input.workspace_sid)
    if (input.worker_sid !== undefined) {
      state.workers.get(input.worker_sid, 'worker_sid')
      worker = state.workerRuntime.get(input.worker_sid)
    }
    if (input.task_sid !== undefined) {
      task = state.tasks.get(input.task_sid)
      if (!task) throw new NotFoundError(`The requested task ${input.task_sid} was not found`, 'task_sid')
    }
  }
  if (input.worker_attributes !== undefined) worker = { attributes: parseAttributes(input.worker_attributes) }
  if (input.task_attributes !== undefined) task = { attributes: parseAttributes(input.task_attributes) }
  const explanation = explainExpression(result.expression, { now: ctx.clock.now(), worker, task })
  return { ok: true, diagnostics: [], value: explanation.value, root: explanation.root as unknown as ExplainedNodeView, null_keys: [...explanation.nullKeys] }
}

/**
 * Lints against the workspace's real data (all workers' attributes, the most recent tasks'),
 * and says how many current workers the expression selects.
 */
export function lintTool(ctx: EngineContext, input: MethodParsedInput<'expressions.lint'>): MethodOutput<'expressions.lint'> {
  const state = ctx.workspace(input.workspace_sid)
  const result = compileExpression(input.expression, input.kind)
  if (!result.ok) return { ok: false, diagnostics: diagnosticsOut(result.diagnostics), warnings: [], sample_count: 0, matching_workers: null }
  const workers = [...state.workerRuntime.values()]
  const tasks = [...state.tasks.values()].slice(-TASK_SAMPLE)
  let samples: object[]
  if (input.kind === 'worker') samples = workers.map((w) => w.attributes)
  else if (input.kind === 'task') samples = tasks.map((t) => t.attributes)
  else {
    samples = []
    for (let index = 0; index < TARGET_PAIRS && workers.length > 0 && tasks.length > 0; index++) {
      samples.push({ task: tasks[index % tasks.length]!.attributes, worker: workers[index % workers.length]!.attributes })
    }
  }
  const warnings = lintExpression(result.expression, samples).map((w) => ({ code: w.code, severity: w.severity, message: w.message, column: w.column, length: w.length, token: w.token, ...(w.hint ? { hint: w.hint } : {}) }))
  let matching: number | null = null
  if (input.kind === 'worker') {
    const now = ctx.clock.now()
    matching = 0
    for (const worker of workers) if (result.expression.evaluate({ now, worker })) matching += 1
  }
  return { ok: true, diagnostics: [], warnings, sample_count: samples.length, matching_workers: matching }
}
