import type { MethodParsedInput } from '../../contract/methods'
import type { Workflow } from '../../contract/resources'
import { SidPrefix } from '../../contract/sids'
import type { Outcome, WorkflowRecord } from '../model'
import type { Transaction } from '../transaction'
import { parseWorkflowConfiguration, type WorkflowConfiguration } from '../workflow/configuration'
import { compileWorkflow, type CompiledWorkflow } from '../routing/compiledWorkflow'
import { reevaluateTask } from '../routing/workflowRouter'
import { ConflictError } from '../errors'
import type { EngineContext } from './context'
import { DEFAULT_TASK_RESERVATION_TIMEOUT } from './defaults'
import { fold } from './namedCollection'
import { workflowView } from './views'
import type { WorkspaceState } from './workspaceState'
import { assertBelowLimit, resourceLimits } from './limits'

/** Parsed and compiled configurations, cached per record object: records are replaced, never mutated. */
const parsedConfigurations = new WeakMap<WorkflowRecord, WorkflowConfiguration>()
const compiledConfigurations = new WeakMap<WorkflowRecord, CompiledWorkflow>()

/** Validates a configuration completely: structure, queues, and every expression compiled. */
function checkConfiguration(state: WorkspaceState, text: string): { parsed: WorkflowConfiguration; compiled: CompiledWorkflow } {
  const parsed = parseWorkflowConfiguration(text, (sid) => state.queues.find(sid) !== undefined)
  return { parsed, compiled: compileWorkflow(parsed) }
}

/** The compiled form the router uses (compiled when the workflow was written or loaded). */
export function compiledWorkflowOf(record: WorkflowRecord): CompiledWorkflow {
  let compiled = compiledConfigurations.get(record)
  if (!compiled) {
    compiled = compileWorkflow(parseWorkflowConfiguration(record.configuration, () => true))
    compiledConfigurations.set(record, compiled)
  }
  return compiled
}

/** The parsed configuration of a stored workflow (validated when it was written). */
export function workflowConfiguration(state: WorkspaceState, record: WorkflowRecord): WorkflowConfiguration {
  let parsed = parsedConfigurations.get(record)
  if (!parsed) {
    // Stored configurations were valid when written; a queue deleted since cannot happen
    // because deleting a queue in use is refused, so queue existence is not re-checked here.
    parsed = parseWorkflowConfiguration(record.configuration, () => true)
    parsedConfigurations.set(record, parsed)
  }
  return parsed
}

export function listWorkflows(ctx: EngineContext, input: MethodParsedInput<'workflows.list'>): Workflow[] {
  const state = ctx.workspace(input.workspace_sid)
  const out: Workflow[] = []
  for (const workflow of state.workflows.values()) {
    if (input.friendly_name !== undefined && fold(workflow.friendly_name) !== fold(input.friendly_name)) continue
    out.push(workflowView(workflow))
  }
  return out
}

export function getWorkflow(ctx: EngineContext, input: MethodParsedInput<'workflows.get'>): Workflow {
  return workflowView(ctx.workspace(input.workspace_sid).workflows.get(input.sid))
}

export interface NewWorkflow {
  friendly_name: string
  configuration: string
  assignment_callback_url?: string | undefined
  fallback_assignment_callback_url?: string | undefined
  task_reservation_timeout?: number | undefined
}

export function addWorkflow(tx: Transaction, state: WorkspaceState, input: NewWorkflow): WorkflowRecord {
  state.workflows.assertNameFree(input.friendly_name)
  const { parsed, compiled } = checkConfiguration(state, input.configuration)
  const record: WorkflowRecord = {
    sid: tx.ids.sid(SidPrefix.Workflow),
    workspace_sid: state.sid,
    friendly_name: input.friendly_name,
    configuration: input.configuration,
    assignment_callback_url: emptyToNull(input.assignment_callback_url),
    fallback_assignment_callback_url: emptyToNull(input.fallback_assignment_callback_url),
    task_reservation_timeout: input.task_reservation_timeout ?? DEFAULT_TASK_RESERVATION_TIMEOUT,
    date_created: tx.now,
    date_updated: tx.now,
  }
  parsedConfigurations.set(record, parsed)
  compiledConfigurations.set(record, compiled)
  state.workflows.set(record)
  tx.put('workflows', record)
  tx.emit({ workspaceSid: state.sid, type: 'workflow.created', resourceType: 'workflow', resourceSid: record.sid, description: `Workflow ${record.friendly_name} created`, data: workflowData(record) })
  return record
}

export function createWorkflow(ctx: EngineContext, input: MethodParsedInput<'workflows.create'>): Outcome<Workflow> {
  const state = ctx.workspace(input.workspace_sid)
  assertBelowLimit(state.workflows.size, resourceLimits.workflows, 'workflows')
  const tx = ctx.begin()
  return tx.outcome(workflowView(addWorkflow(tx, state, input)))
}

export function updateWorkflow(ctx: EngineContext, input: MethodParsedInput<'workflows.update'>): Outcome<Workflow> {
  const state = ctx.workspace(input.workspace_sid)
  const current = state.workflows.get(input.sid)
  if (input.friendly_name !== undefined) state.workflows.assertNameFree(input.friendly_name, current.sid)
  const checked = input.configuration !== undefined
    ? checkConfiguration(state, input.configuration)
    : { parsed: workflowConfiguration(state, current), compiled: compiledWorkflowOf(current) }
  const tx = ctx.begin()
  const record: WorkflowRecord = {
    ...current,
    friendly_name: input.friendly_name ?? current.friendly_name,
    configuration: input.configuration ?? current.configuration,
    assignment_callback_url: input.assignment_callback_url !== undefined ? emptyToNull(input.assignment_callback_url) : current.assignment_callback_url,
    fallback_assignment_callback_url: input.fallback_assignment_callback_url !== undefined ? emptyToNull(input.fallback_assignment_callback_url) : current.fallback_assignment_callback_url,
    task_reservation_timeout: input.task_reservation_timeout ?? current.task_reservation_timeout,
    date_updated: tx.now,
  }
  parsedConfigurations.set(record, checked.parsed)
  compiledConfigurations.set(record, checked.compiled)
  state.workflows.set(record)
  tx.put('workflows', record)
  tx.emit({ workspaceSid: state.sid, type: 'workflow.updated', resourceType: 'workflow', resourceSid: record.sid, description: `Workflow ${record.friendly_name} updated`, data: workflowData(record) })
  // ReEvaluateTasks: pending tasks of this workflow run through the new configuration;
  // reserved ones keep theirs (S-reeval), so offers in flight are not pulled away.
  if (input.re_evaluate_tasks) {
    for (const task of [...state.tasks.values()]) {
      if (task.record.workflow_sid === record.sid && task.record.assignment_status === 'pending') reevaluateTask({ ctx, state, tx }, task)
    }
  }
  return tx.outcome(workflowView(record))
}

export function deleteWorkflow(ctx: EngineContext, input: MethodParsedInput<'workflows.delete'>): Outcome<{ deleted: true }> {
  const state = ctx.workspace(input.workspace_sid)
  const workflow = state.workflows.get(input.sid)
  let active = 0
  for (const task of state.tasks.values()) {
    const status = task.record.assignment_status
    if (task.record.workflow_sid === workflow.sid && status !== 'canceled' && status !== 'completed') active += 1
  }
  if (active > 0) {
    throw new ConflictError(`Workflow '${workflow.friendly_name}' (${workflow.sid}) still routes ${active} active task${active > 1 ? 's' : ''}; cancel or complete them first`, 'sid', { active_tasks: active })
  }
  const tx = ctx.begin()
  state.workflows.remove(workflow.sid)
  tx.delete('workflows', workflow.sid)
  tx.emit({ workspaceSid: state.sid, type: 'workflow.deleted', resourceType: 'workflow', resourceSid: workflow.sid, description: `Workflow ${workflow.friendly_name} deleted`, data: workflowData(workflow) })
  return tx.outcome({ deleted: true })
}

function emptyToNull(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value
}

function workflowData(record: WorkflowRecord): Record<string, string> {
  return { workflow_sid: record.sid, workflow_name: record.friendly_name }
}
