import { compileOrderBy, type OrderBy } from '../expression/orderBy'
import type { CompiledExpression } from '../expression/compile'
import { compileOrThrow, describeDiagnostic } from '../configuration/expressions'
import { InvalidParameterError } from '../errors'
import type { WorkflowConfiguration } from '../workflow/configuration'

/** A workflow target ready to route: expressions compiled, inherited queue resolved. */
export interface CompiledTarget {
  queue: string
  priority: number | undefined
  timeout: number | undefined
  expression: CompiledExpression | undefined
  skipIf: CompiledExpression | undefined
  orderBy: OrderBy | undefined
  /** The task attribute path naming the known worker, e.g. ['agent_sid']. */
  knownWorker: { by: 'sid' | 'friendly_name'; path: string[] } | undefined
}

export interface CompiledFilter {
  name: string
  expression: CompiledExpression
  targets: CompiledTarget[]
}

export interface CompiledWorkflow {
  filters: CompiledFilter[]
  defaultFilter: CompiledTarget | undefined
}

const KNOWN_WORKER = /^task\.([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)$/

/**
 * Compiles every expression of a structurally valid configuration, refusing the workflow
 * with the JSON path, column and token of the first bad one (param `configuration`).
 */
export function compileWorkflow(configuration: WorkflowConfiguration): CompiledWorkflow {
  const filters = (configuration.task_routing.filters ?? []).map((rule, filterIndex): CompiledFilter => {
    const base = `task_routing.filters[${filterIndex}]`
    let inherited = ''
    return {
      name: rule.filter_friendly_name ?? rule.friendly_name ?? `Filter ${filterIndex + 1}`,
      expression: compileOrThrow(rule.expression, 'task', 'configuration', `${base}.expression`),
      targets: rule.targets.map((step, targetIndex) => {
        inherited = step.queue ?? inherited
        return compileTarget(step, inherited, `${base}.targets[${targetIndex}]`)
      }),
    }
  })
  const fallback = configuration.task_routing.default_filter
  return {
    filters,
    defaultFilter: fallback ? compileTarget({ ...fallback, timeout: undefined }, fallback.queue, 'task_routing.default_filter') : undefined,
  }
}

function compileTarget(
  step: { queue?: string | undefined; priority?: number | undefined; timeout?: number | undefined; expression?: string | undefined; order_by?: string | undefined; skip_if?: string | undefined; known_worker_sid?: string | undefined; known_worker_friendly_name?: string | undefined },
  queue: string,
  path: string,
): CompiledTarget {
  let orderBy: OrderBy | undefined
  if (step.order_by !== undefined) {
    const result = compileOrderBy(step.order_by)
    if (!result.ok) throw new InvalidParameterError(`Invalid workflow configuration: ${describeDiagnostic(result.diagnostics[0]!, `${path}.order_by`)}`, 'configuration', { path: `${path}.order_by` })
    orderBy = result.orderBy
  }
  const known = step.known_worker_sid ?? step.known_worker_friendly_name
  let knownWorker: CompiledTarget['knownWorker']
  if (known !== undefined) {
    const match = KNOWN_WORKER.exec(known.trim())
    const key = step.known_worker_sid !== undefined ? 'known_worker_sid' : 'known_worker_friendly_name'
    if (!match) throw new InvalidParameterError(`Invalid workflow configuration: ${path}.${key} must name a task attribute like task.agent_sid, not '${known}'`, 'configuration', { path: `${path}.${key}` })
    knownWorker = { by: step.known_worker_sid !== undefined ? 'sid' : 'friendly_name', path: match[1]!.split('.') }
  }
  return {
    queue,
    priority: step.priority,
    timeout: step.timeout,
    expression: step.expression !== undefined ? compileOrThrow(step.expression, 'target', 'configuration', `${path}.expression`) : undefined,
    skipIf: step.skip_if !== undefined ? compileOrThrow(step.skip_if, 'skip_if', 'configuration', `${path}.skip_if`) : undefined,
    orderBy,
    knownWorker,
  }
}
