import type { ExplainedNodeView } from '../../contract/expressions'
import type { MethodOutput, MethodParsedInput } from '../../contract/methods'
import type { ExplainedFilter, ExplainedTarget, ExplainedWorker, NextStep } from '../../contract/workflowBuilder'
import type { EngineContext } from '../configuration/context'
import type { WorkspaceState } from '../configuration/workspaceState'
import { explainExpression, type EvalRecord, type ExplainedNode, type WorkerCounts } from '../expression'
import { readPath } from '../expression/compile'
import type { TaskChannelRecord } from '../model'
import { workerCanTakeOn } from '../routing/availability'
import type { CompiledTarget, CompiledWorkflow } from '../routing/compiledWorkflow'
import { parseAttributes, type WorkerRuntime } from '../routing/runtime'
import type { WorkflowConfiguration } from '../workflow/configuration'
import { checkWorkflow } from './checks'

/**
 * `workflows.explainRoute` ("Try it"): runs task attributes through a configuration the way
 * the router would (REFERENCE §5.2), against the workers as they are now, and says why at
 * every turn. A pure read: it builds no task, arms no timer, touches no index (the router's
 * availability indexes are built lazily, so they are not used here) and emits nothing.
 */

/** How many non-chosen workers a step lists. */
const NOT_CHOSEN_LIMIT = 20

type Output = MethodOutput<'workflows.explainRoute'>

/** One step of the path: a filter's target, or the default filter (filter null). */
interface Step {
  filter: number | null
  target: number
  compiled: CompiledTarget
}

interface RouteContext {
  state: WorkspaceState
  now: number
  task: EvalRecord
  channel: TaskChannelRecord
  workflow: CompiledWorkflow
  configuration: WorkflowConfiguration
  filters: ExplainedFilter[]
}

export function explainRoute(ctx: EngineContext, input: MethodParsedInput<'workflows.explainRoute'>): Output {
  const state = ctx.workspace(input.workspace_sid)
  const channel = state.getChannel(input.task_channel ?? 'default', 'task_channel')
  const now = ctx.clock.now()
  const entryPriority = input.priority ?? 0
  const checked = checkWorkflow(state, input.configuration, now, { warnings: false })
  if (!checked.compiled || !checked.configuration) {
    const errors = checked.result.problems.filter((problem) => problem.severity === 'error')
    return {
      ok: false, problems: errors, filters: [], matched_filter: null, default_filter: false, targets: [],
      task_channel: channel.unique_name, priority: entryPriority,
      summary: `The configuration has ${errors.length} error${errors.length === 1 ? '' : 's'}; fix ${errors.length === 1 ? 'it' : 'them'} to try it`,
    }
  }
  const workflow = checked.compiled
  const route: RouteContext = {
    state, now, channel, workflow,
    configuration: checked.configuration,
    task: { attributes: parseAttributes(input.attributes) },
    filters: workflow.filters.map((filter, index) => ({
      index, name: filter.name, expression: filter.expression.text, verdict: 'not_evaluated', explanation: null, null_keys: [], reason: 'not evaluated: a filter above took the task',
    })),
  }

  const targets: ExplainedTarget[] = []
  let step = firstStep(route, 0, 'on entry')
  let priority = entryPriority
  let settled = false
  let matchedFilter: number | null = null
  let toDefault = false
  // Steps only move forward (targets, then filters below, then the default), so this ends.
  for (let guard = 0; step && guard <= workflow.filters.reduce((sum, filter) => sum + filter.targets.length, 1); guard++) {
    const view = explainStep(route, step, priority)
    priority = view.priority
    targets.push(view)
    const skipped = view.skip_if_value === true
    if (!settled && !skipped) {
      settled = true
      matchedFilter = step.filter
      toDefault = step.filter === null
    }
    if (skipped && step.filter !== null && step.target === workflow.filters[step.filter]!.targets.length - 1 && !settled) {
      route.filters[step.filter] = { ...route.filters[step.filter]!, verdict: 'skipped', reason: 'matched, but skip_if moved the task past every target at once' }
    }
    step = nextStepOf(route, step, view)
  }

  return {
    ok: true,
    problems: [],
    filters: route.filters,
    matched_filter: matchedFilter,
    default_filter: toDefault,
    targets,
    task_channel: channel.unique_name,
    priority: entryPriority,
    summary: summarize(route, targets, settled),
  }
}

/** The first filter from `from` whose expression matches, recording every verdict on the way. */
function firstMatchingFilter(route: RouteContext, from: number, when: string): number | undefined {
  for (let index = from; index < route.workflow.filters.length; index++) {
    const filter = route.workflow.filters[index]!
    const explanation = explainExpression(filter.expression, { now: route.now, task: route.task })
    const reason = explanation.value ? `${filter.expression.text} is true` : falseReason(explanation.root, explanation.nullKeys)
    route.filters[index] = {
      ...route.filters[index]!,
      verdict: explanation.value ? 'matched' : 'not_matched',
      explanation: explanation.root as unknown as ExplainedNodeView,
      null_keys: [...explanation.nullKeys],
      reason: when === 'on entry' ? reason : `${reason} (checked ${when})`,
    }
    if (explanation.value) return index
  }
  return undefined
}

function firstStep(route: RouteContext, from: number, when: string): Step | undefined {
  const index = firstMatchingFilter(route, from, when)
  if (index !== undefined) return { filter: index, target: 0, compiled: route.workflow.filters[index]!.targets[0]! }
  const fallback = route.workflow.defaultFilter
  return fallback ? { filter: null, target: 0, compiled: fallback } : undefined
}

/** Where the task goes from a step: `view.next` already says it; this resolves it to a Step. */
function nextStepOf(route: RouteContext, step: Step, view: ExplainedTarget): Step | undefined {
  const next = view.next
  if (next.kind === 'next_target' && step.filter !== null) return { filter: step.filter, target: next.target!, compiled: route.workflow.filters[step.filter]!.targets[next.target!]! }
  if (next.kind === 'next_filter') return { filter: next.filter!, target: 0, compiled: route.workflow.filters[next.filter!]!.targets[0]! }
  if (next.kind === 'default_filter' && route.workflow.defaultFilter) return { filter: null, target: 0, compiled: route.workflow.defaultFilter }
  return undefined
}

/** What leaving a step leads to (REFERENCE §5.2 steps 6-7): next target, next matching filter below, default (skips only), or the end. */
function leave(route: RouteContext, step: Step, cause: 'timeout' | 'skip', afterSeconds: number | null): NextStep {
  const lead = cause === 'timeout' ? `after ${afterSeconds}s` : 'at once (skip_if is true now)'
  if (step.filter === null) return { kind: 'waits', after_seconds: null, description: 'waits in the default queue until accepted or its TTL' }
  const filter = route.workflow.filters[step.filter]!
  if (step.target + 1 < filter.targets.length) {
    const queue = queueName(route.state, filter.targets[step.target + 1]!.queue)
    return { kind: 'next_target', after_seconds: afterSeconds, filter: step.filter, target: step.target + 1, description: `${lead}: next target ${step.target + 2} (queue '${queue}')` }
  }
  const below = firstMatchingFilter(route, step.filter + 1, `when '${filter.name}' ${cause === 'timeout' ? 'timed out' : 'was skipped'}`)
  if (below !== undefined) {
    return { kind: 'next_filter', after_seconds: afterSeconds, filter: below, target: 0, description: `${lead}: next matching filter '${route.workflow.filters[below]!.name}'` }
  }
  if (cause === 'skip' && route.workflow.defaultFilter) {
    return { kind: 'default_filter', after_seconds: afterSeconds, description: `${lead}: the default filter (queue '${queueName(route.state, route.workflow.defaultFilter.queue)}')` }
  }
  const event = cause === 'timeout' ? 'workflow.timeout' : 'workflow.skipped'
  return { kind: 'workflow_timeout', after_seconds: afterSeconds, description: `${lead}: no filter below matches, so the task is canceled (${event})` }
}

function queueName(state: WorkspaceState, sid: string): string {
  return state.queues.find(sid)?.friendly_name ?? sid
}

interface RawTarget {
  expression: string | null
  order_by: string | null
  skip_if: string | null
  known_worker: string | null
}

function rawTarget(configuration: WorkflowConfiguration, step: Step): RawTarget {
  if (step.filter === null) {
    const fallback = configuration.task_routing.default_filter
    return { expression: fallback?.expression ?? null, order_by: fallback?.order_by ?? null, skip_if: null, known_worker: null }
  }
  const target = configuration.task_routing.filters![step.filter]!.targets[step.target]!
  return {
    expression: target.expression ?? null,
    order_by: target.order_by ?? null,
    skip_if: target.skip_if ?? null,
    known_worker: target.known_worker_sid ?? target.known_worker_friendly_name ?? null,
  }
}

type Exclusion = NonNullable<ExplainedWorker['exclusion']>

/** Exclusions in the order the "why not" list shows them: closest to being reserved first. */
const EXCLUSION_RANK = { not_chosen: 0, expression_false: 1, no_capacity: 2, unavailable: 3, not_known_worker: 4 } as const

function explainStep(route: RouteContext, step: Step, priorityIn: number): ExplainedTarget {
  const { state, now, task, channel } = route
  const target = step.compiled
  const queue = state.queues.get(target.queue)
  const slots = queue.max_reserved_workers
  const members = [...(state.queueRuntime.get(queue.sid)?.members ?? [])]
    .map((sid) => state.workerRuntime.get(sid))
    .filter((worker): worker is WorkerRuntime => worker !== undefined)
  const optimized = channel.channel_optimized_routing
  const byIdle = (a: WorkerRuntime, b: WorkerRuntime): number => a.idleOn(channel.sid, optimized) - b.idleOn(channel.sid, optimized) || (a.sid < b.sid ? -1 : 1)
  members.sort(byIdle)

  // Classify every member cheaply; words (an explanation tree) only for the few listed.
  const candidates: WorkerRuntime[] = []
  const excluded: Array<{ worker: WorkerRuntime; exclusion: Exclusion }> = []
  const wanted = target.knownWorker ? readPath(task.attributes, target.knownWorker.path) : undefined
  for (const worker of members) {
    if (target.knownWorker && (target.knownWorker.by === 'sid' ? worker.sid : worker.friendly_name) !== wanted) excluded.push({ worker, exclusion: 'not_known_worker' })
    else if (target.expression && !target.expression.evaluate({ now, task, worker })) excluded.push({ worker, exclusion: 'expression_false' })
    else if (!worker.available) excluded.push({ worker, exclusion: 'unavailable' })
    else if (!workerCanTakeOn(state, worker, channel.sid)) excluded.push({ worker, exclusion: 'no_capacity' })
    else candidates.push(worker)
  }
  const describe = (worker: WorkerRuntime, exclusion: Exclusion): string => {
    switch (exclusion) {
      case 'not_known_worker':
        return wanted === undefined || wanted === null ? `the task has no task.${target.knownWorker!.path.join('.')} (NULL)` : `the target asks for worker ${String(wanted)}`
      case 'expression_false': {
        const explanation = explainExpression(target.expression!, { now, task, worker })
        return falseReason(explanation.root, explanation.nullKeys)
      }
      case 'unavailable':
        return `activity '${worker.activity_name}' is not available`
      case 'no_capacity':
        return capacityDetail(state, worker, channel)
      case 'not_chosen':
        return `the queue reserves at most ${slots} worker${slots === 1 ? '' : 's'} at once and ${target.orderBy ? 'order_by ranks others higher' : 'others have been idle longer'}`
    }
  }
  if (target.orderBy) {
    const orderBy = target.orderBy
    candidates.sort((a, b) => orderBy.compare(a, b) || byIdle(a, b))
  }
  const reserved = candidates.slice(0, slots).map((worker, rank) => workerView(worker, null, reservedDetail(target, rank)))
  const passedOver = candidates.slice(slots).map((worker) => ({ worker, exclusion: 'not_chosen' as const }))
  // Stable sort: inside each exclusion, members keep their idle (or order_by) order.
  const notChosen = [...passedOver, ...excluded]
    .sort((a, b) => EXCLUSION_RANK[a.exclusion] - EXCLUSION_RANK[b.exclusion])
    .slice(0, NOT_CHOSEN_LIMIT)
    .map(({ worker, exclusion }) => workerView(worker, exclusion, describe(worker, exclusion)))

  let skipIfValue: boolean | null = null
  if (reserved.length === 0 && target.skipIf) skipIfValue = target.skipIf.evaluate({ now, counts: queueCounts(members) })
  const priority = target.priority ?? priorityIn
  const timeout = step.filter === null ? null : target.timeout ?? null
  let next: NextStep
  if (skipIfValue === true) next = leave(route, step, 'skip', null)
  else if (timeout !== null) next = leave(route, step, 'timeout', timeout)
  else next = { kind: 'waits', after_seconds: null, description: `waits in queue '${queue.friendly_name}' until a worker accepts it or its TTL ends` }

  const raw = rawTarget(route.configuration, step)
  return {
    filter: step.filter,
    index: step.filter === null ? null : step.target,
    queue_sid: queue.sid,
    queue_name: queue.friendly_name,
    eligible_workers: members.length,
    available_workers: members.filter((worker) => worker.available).length,
    priority,
    timeout,
    ...raw,
    skip_if_value: skipIfValue,
    reserved,
    not_chosen: notChosen,
    next,
  }
}

function reservedDetail(target: CompiledTarget, rank: number): string {
  if (target.knownWorker) return 'the known worker, available with capacity'
  if (target.orderBy) return `rank ${rank + 1} by order_by (${target.orderBy.text})`
  return rank === 0 ? 'longest idle of the eligible workers' : `idle rank ${rank + 1} of the eligible workers`
}

function workerView(worker: WorkerRuntime, exclusion: ExplainedWorker['exclusion'], detail: string): ExplainedWorker {
  return { worker_sid: worker.sid, friendly_name: worker.friendly_name, activity_name: worker.activity_name, exclusion, detail }
}

/** Why a worker with an available activity still cannot take a task of this channel (mirrors workerCanTakeOn). */
function capacityDetail(state: WorkspaceState, worker: WorkerRuntime, channel: TaskChannelRecord): string {
  const record = state.workerChannels.get(worker.sid)?.get(channel.sid)
  if (!record) return `has no '${channel.unique_name}' channel`
  if (!record.available) return `its '${channel.unique_name}' channel is switched off`
  if (record.configured_capacity <= 0) return `capacity 0 on '${channel.unique_name}'`
  if (!state.record.multi_task_enabled) return 'already has an active reservation (single-tasking workspace)'
  const load = worker.load.get(channel.sid)
  const used = load ? load.pending + load.accepted + load.wrapping : 0
  return `${used} of ${record.configured_capacity} '${channel.unique_name}' slots in use`
}

/** The clause that made an expression false, in words, with the keys that were NULL. */
export function falseReason(root: ExplainedNode, nullKeys: readonly string[]): string {
  const clause = failingClause(root)
  const because = clause.reason ? `: ${clause.reason}` : clause.left?.kind === 'ref' && !clause.left.isNull ? `: ${clause.left.text} is ${JSON.stringify(clause.left.value)}` : ''
  const nulls = nullKeys.length > 0 ? ` (NULL: ${nullKeys.join(', ')})` : ''
  return `${clause.text} is false${because}${nulls}`
}

function failingClause(node: ExplainedNode): ExplainedNode {
  if (node.type === 'and') {
    const failed = node.children.find((child) => !child.value)
    return failed ? failingClause(failed) : node
  }
  return node
}

/** skip_if counts (decision 18), as the router computes them for the step's queue. */
function queueCounts(members: readonly WorkerRuntime[]): WorkerCounts {
  const byActivity = new Map<string, number>()
  let available = 0
  for (const worker of members) {
    if (worker.available) available += 1
    byActivity.set(worker.activity_sid, (byActivity.get(worker.activity_sid) ?? 0) + 1)
  }
  return { available, unavailable: members.length - available, byActivity: (sid) => byActivity.get(sid) }
}

function summarize(route: RouteContext, targets: readonly ExplainedTarget[], settled: boolean): string {
  const first = targets.find((target) => target.skip_if_value !== true)
  if (!first) {
    if (targets.length === 0) return 'No filter matches and there is no default filter: the task would be canceled at once'
    return 'Every matching target skips right now (skip_if): the task would be canceled (workflow.skipped)'
  }
  const where = first.filter === null
    ? `No filter matches; the default filter sends the task to queue '${first.queue_name}'`
    : `Filter '${route.workflow.filters[first.filter]!.name}' matches; the task enters queue '${first.queue_name}'`
  const who = first.reserved.length > 0
    ? `${first.reserved.map((worker) => worker.friendly_name).join(', ')} would be reserved now`
    : `nobody can take it now (${first.eligible_workers} eligible, ${first.available_workers} available)`
  return `${where}: ${who}.${settled && first.next.kind !== 'waits' ? ` Then ${first.next.description}.` : ''}`
}
