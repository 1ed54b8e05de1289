import type { ProblemCode, ProblemPath, WorkflowCheckResult, WorkflowProblem } from '../../contract/workflowBuilder'
import type { WorkspaceState } from '../configuration/workspaceState'
import { EngineError } from '../errors'
import { describeDiagnostic } from '../configuration/expressions'
import type { CompiledExpression, Diagnostic, ExpressionKind } from '../expression'
import { compileWorkflow, type CompiledWorkflow } from '../routing/compiledWorkflow'
import { checkWorkflowConfiguration, type WorkflowConfiguration, type WorkflowFilter } from '../workflow/configuration'
import { canonicalText, compileCached, compileOrderByCached, lintCache } from './checkCaches'

/**
 * `workflows.check`: every problem of a configuration at once, as the admin edits it. Errors
 * are what `workflows.update` would refuse (JSON, shape, queues, expressions); warnings are
 * legal configurations that probably do not route as meant, judged against the workspace's
 * real queues, workers and recent tasks.
 */

/**
 * How many recent tasks (and task/worker pairs for target expressions) the attribute lint
 * reads. Fewer than expressions.lint's 1000/500: a check lints every expression of the
 * workflow at each edit, and lint cost grows with the samples (50 filters x 1000 tasks took
 * ~300 ms; a few hundred recent tasks show the same key shapes).
 */
const TASK_SAMPLE = 300
const TARGET_PAIRS = 200

export interface CheckedConfiguration {
  result: WorkflowCheckResult
  /** Set when the configuration has no error: what the router would run. */
  configuration: WorkflowConfiguration | undefined
  compiled: CompiledWorkflow | undefined
}

/** Turns a JSON path (`['task_routing','filters',0,'targets',1,'queue']`) into a problem path. */
export function problemPath(segments: readonly PropertyKey[]): ProblemPath {
  const path: ProblemPath = {}
  if (segments[1] === 'default_filter') {
    path.default_filter = true
    if (typeof segments[2] === 'string') path.field = segments[2]
    return path
  }
  if (segments[1] !== 'filters' || typeof segments[2] !== 'number') return path
  path.filter = segments[2]
  if (segments[3] === 'targets' && typeof segments[4] === 'number') {
    path.target = segments[4]
    if (typeof segments[5] === 'string') path.field = segments[5]
  } else if (typeof segments[3] === 'string') path.field = segments[3]
  return path
}

function pathLabel(path: ProblemPath): string {
  if (path.default_filter) return `task_routing.default_filter${path.field ? `.${path.field}` : ''}`
  if (path.filter === undefined) return 'configuration'
  let label = `task_routing.filters[${path.filter}]`
  if (path.target !== undefined) label += `.targets[${path.target}]`
  return path.field ? `${label}.${path.field}` : label
}

function filterName(filter: WorkflowFilter, index: number): string {
  return filter.filter_friendly_name ?? filter.friendly_name ?? `Filter ${index + 1}`
}

/** Stable order: errors before warnings; inside each, whole-document, filters in order, default filter last. */
function sortProblems(problems: WorkflowProblem[]): WorkflowProblem[] {
  const place = (p: WorkflowProblem): number[] => [
    p.severity === 'error' ? 0 : 1,
    p.path.default_filter ? 1e9 : p.path.filter ?? -1,
    p.path.target ?? -1,
  ]
  return problems
    .map((problem, index) => ({ problem, index, key: place(problem) }))
    .sort((a, b) => a.key[0]! - b.key[0]! || a.key[1]! - b.key[1]! || a.key[2]! - b.key[2]! || a.index - b.index)
    .map((entry) => entry.problem)
}

interface ExpressionSite {
  text: string
  kind: ExpressionKind | 'order_by'
  path: ProblemPath
}

/** Every expression of a structurally valid configuration, with where it sits. */
function expressionSites(configuration: WorkflowConfiguration): ExpressionSite[] {
  const sites: ExpressionSite[] = []
  const routing = configuration.task_routing
  routing.filters?.forEach((rule, filter) => {
    sites.push({ text: rule.expression, kind: 'task', path: { filter, field: 'expression' } })
    rule.targets.forEach((step, target) => {
      if (step.expression !== undefined) sites.push({ text: step.expression, kind: 'target', path: { filter, target, field: 'expression' } })
      if (step.skip_if !== undefined) sites.push({ text: step.skip_if, kind: 'skip_if', path: { filter, target, field: 'skip_if' } })
      if (step.order_by !== undefined) sites.push({ text: step.order_by, kind: 'order_by', path: { filter, target, field: 'order_by' } })
    })
  })
  const fallback = routing.default_filter
  if (fallback?.expression !== undefined) sites.push({ text: fallback.expression, kind: 'target', path: { default_filter: true, field: 'expression' } })
  if (fallback?.order_by !== undefined) sites.push({ text: fallback.order_by, kind: 'order_by', path: { default_filter: true, field: 'order_by' } })
  return sites
}

function diagnosticProblem(diagnostic: Diagnostic, path: ProblemPath): WorkflowProblem {
  const code: ProblemCode = diagnostic.code === 'HYPHEN_IN_KEY' ? 'hyphenated_key' : 'invalid_expression'
  return {
    severity: 'error',
    code,
    message: describeDiagnostic(diagnostic, pathLabel(path)),
    path,
    column: diagnostic.column,
    length: diagnostic.length,
    ...(diagnostic.hint ? { hint: diagnostic.hint } : {}),
  }
}

/** True when an expression reads nothing (no attribute, no time) and is true: it matches every task. */
function alwaysMatches(expression: CompiledExpression, now: number): boolean {
  return expression.references.length === 0 && expression.evaluate({ now, task: { attributes: {} } })
}

/** Whether a filter can hand a task on to the filters below (last target times out, or a skip_if). */
function passesTasksOn(filter: WorkflowFilter): boolean {
  const last = filter.targets[filter.targets.length - 1]
  return last?.timeout !== undefined || filter.targets.some((step) => step.skip_if !== undefined)
}

export interface CheckOptions {
  /** The workflow being edited: its recent tasks are the lint samples when it has any, else the workspace's. */
  workflowSid?: string | undefined
  /** False to stop at errors (a dry run only needs to know the configuration runs). Default true. */
  warnings?: boolean
  /**
   * False when only the problems matter (workflows.check, publish): `compiled` is then left
   * out unless building it is the only way to find an error (a known-worker reference).
   * Default true.
   */
  compile?: boolean
}

/** Whether some target names a known worker: the one error only `compileWorkflow` finds. */
function namesKnownWorker(configuration: WorkflowConfiguration): boolean {
  const routing = configuration.task_routing
  return (routing.filters ?? []).some((rule) => rule.targets.some((step) => step.known_worker_sid !== undefined || step.known_worker_friendly_name !== undefined))
}

export function checkWorkflow(state: WorkspaceState, text: string, now: number, options: CheckOptions = {}): CheckedConfiguration {
  const problems: WorkflowProblem[] = []
  const structural = checkWorkflowConfiguration(text, (sid) => state.queues.find(sid) !== undefined)
  for (const issue of structural.issues) {
    problems.push({ severity: 'error', code: issue.code, message: issue.message, path: problemPath(issue.segments) })
  }
  const configuration = structural.configuration
  if (!configuration) return { result: { ok: false, problems }, configuration: undefined, compiled: undefined }

  const compiledAt: CompiledSite[] = []
  for (const site of expressionSites(configuration)) {
    if (site.kind === 'order_by') {
      const result = compileOrderByCached(site.text)
      if (!result.ok) problems.push(diagnosticProblem(result.diagnostics[0]!, site.path))
      continue
    }
    const result = compileCached(site.text, site.kind)
    if (!result.ok) problems.push(diagnosticProblem(result.diagnostics[0]!, site.path))
    else compiledAt.push({ path: site.path, expression: result.expression })
  }

  let compiled: CompiledWorkflow | undefined
  const compile = options.compile !== false || namesKnownWorker(configuration)
  if (compile && !problems.some((problem) => problem.severity === 'error')) {
    try {
      compiled = compileWorkflow(configuration)
    } catch (error) {
      // What compileWorkflow checks beyond single expressions (known-worker references).
      if (!(error instanceof EngineError)) throw error
      const where = typeof error.details?.path === 'string' ? error.details.path : ''
      problems.push({ severity: 'error', code: 'invalid_schema', message: error.message.replace(/^Invalid workflow configuration: /, ''), path: problemPath(splitPath(where)) })
    }
  }

  if (options.warnings !== false) problems.push(...routingWarnings(state, configuration, compiledAt, now), ...dataWarnings(state, compiledAt, options.workflowSid))
  const sorted = sortProblems(problems)
  const ok = !sorted.some((problem) => problem.severity === 'error')
  return { result: { ok, problems: sorted }, configuration: ok ? configuration : undefined, compiled: ok ? compiled : undefined }
}

/** A compiled task/target/skip_if expression and where it sits. */
interface CompiledSite {
  path: ProblemPath
  expression: CompiledExpression
}

/** `task_routing.filters[0].targets[1].known_worker_sid` -> segments. */
function splitPath(path: string): PropertyKey[] {
  const segments: PropertyKey[] = []
  for (const part of path.matchAll(/([A-Za-z_]+)|\[(\d+)\]/g)) segments.push(part[2] !== undefined ? Number(part[2]) : part[1]!)
  return segments
}

/** Shape-level warnings: fall-through, the default filter, shadowed filters, empty queues. */
function routingWarnings(state: WorkspaceState, configuration: WorkflowConfiguration, compiledAt: readonly CompiledSite[], now: number): WorkflowProblem[] {
  const out: WorkflowProblem[] = []
  const filters = configuration.task_routing.filters ?? []
  const fallback = configuration.task_routing.default_filter
  const warn = (code: ProblemCode, message: string, path: ProblemPath): void => {
    out.push({ severity: 'warning', code, message, path })
  }

  if (filters.length > 0 && !fallback) {
    warn('no_default_filter', 'There is no default filter: a task that matches no filter is canceled at once', {})
  }

  const last = filters.length - 1
  const lastTarget = filters[last]?.targets[filters[last]!.targets.length - 1]
  if (lastTarget?.timeout !== undefined) {
    const targetIndex = filters[last]!.targets.length - 1
    warn('last_target_timeout', `Filter '${filterName(filters[last]!, last)}': after ${lastTarget.timeout}s in its last target the task has no filter below and is canceled (workflow.timeout); the default filter does not take timed-out tasks`, { filter: last, target: targetIndex, field: 'timeout' })
  }

  // Per filter, once: its canonical text and whether it matches every task (null = does not compile).
  const filterExpressions = new Map<number, CompiledExpression>()
  for (const site of compiledAt) if (site.path.filter !== undefined && site.path.target === undefined) filterExpressions.set(site.path.filter, site.expression)
  const shapes = filters.map((_, index) => {
    const compiled = filterExpressions.get(index)
    return compiled ? { canonical: canonicalText(compiled), always: alwaysMatches(compiled, now) } : null
  })
  filters.forEach((rule, index) => {
    const own = shapes[index]
    if (!own) return
    for (let earlier = 0; earlier < index; earlier++) {
      const above = shapes[earlier]
      if (!above) continue
      const always = above.always
      if (!always && above.canonical !== own.canonical) continue
      const aboveName = filterName(filters[earlier]!, earlier)
      const why = always ? `filter '${aboveName}' above always matches` : `filter '${aboveName}' above has the same expression`
      const reach = passesTasksOn(filters[earlier]!)
        ? `; it is reached only by tasks that time out of or skip '${aboveName}'`
        : ', so it can never be reached'
      warn('unreachable_filter', `Filter '${filterName(rule, index)}' never matches first: ${why}${reach}`, { filter: index, field: 'expression' })
      break
    }
  })

  const emptyQueue = (queueSid: string): string | undefined => {
    const queue = state.queues.find(queueSid)
    if (!queue) return undefined
    return (state.queueRuntime.get(queueSid)?.members.size ?? 0) === 0 ? queue.friendly_name : undefined
  }
  filters.forEach((rule, filter) => {
    rule.targets.forEach((step, target) => {
      const name = step.queue !== undefined ? emptyQueue(step.queue) : undefined
      if (name !== undefined) warn('no_eligible_workers', `Filter '${filterName(rule, filter)}' target ${target + 1}: queue '${name}' selects no worker (its target_workers matches nobody)`, { filter, target, field: 'queue' })
    })
  })
  const defaultQueue = fallback ? emptyQueue(fallback.queue) : undefined
  if (defaultQueue !== undefined) warn('no_eligible_workers', `Default filter: queue '${defaultQueue}' selects no worker (its target_workers matches nobody)`, { default_filter: true, field: 'queue' })
  return out
}

/** Expression lint against real data: recent task attributes, and task/worker pairs for targets. */
function dataWarnings(state: WorkspaceState, compiledAt: readonly CompiledSite[], workflowSid: string | undefined): WorkflowProblem[] {
  if (compiledAt.length === 0) return []
  const all = [...state.tasks.values()]
  const own = workflowSid === undefined ? [] : all.filter((task) => task.record.workflow_sid === workflowSid)
  const tasks = (own.length > 0 ? own : all).slice(-TASK_SAMPLE)
  const workers = [...state.workerRuntime.values()]
  const taskSamples = tasks.map((task) => task.attributes)
  const pairSamples: Array<{ task: object; worker: object }> = []
  for (let index = 0; index < TARGET_PAIRS && tasks.length > 0 && workers.length > 0; index++) {
    pairSamples.push({ task: tasks[index % tasks.length]!.attributes, worker: workers[index % workers.length]!.attributes })
  }
  const out: WorkflowProblem[] = []
  // Each distinct expression is linted once, and not again while the samples stay the same.
  const lint = lintCache(state, own.length > 0 ? workflowSid! : '', { tasks: taskSamples, pairs: pairSamples })
  for (const { path, expression } of compiledAt) {
    if (expression.kind !== 'task' && expression.kind !== 'target') continue
    const label = pathLabel(path)
    for (const warning of lint(expression)) {
      if (warning.severity !== 'warning') continue
      out.push({
        severity: 'warning',
        code: warning.code === 'HAS_NOT_ARRAY' ? 'has_on_scalar' : 'expression_lint',
        message: `${label}: ${warning.message}`,
        path,
        column: warning.column,
        length: warning.length,
        ...(warning.hint ? { hint: warning.hint } : {}),
      })
    }
  }
  return out
}
