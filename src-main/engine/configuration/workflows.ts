import type { MethodParsedInput } from '../../contract/methods'
import type { Workflow } from '../../contract/resources'
import { SidPrefix } from '../../contract/sids'
import type { Outcome, WorkflowRecord } from '../model'
import type { Transaction } from '../transaction'
import { parseWorkflowConfiguration, type WorkflowConfiguration } from '../workflow/configuration'
import type { EngineContext } from './context'
import { DEFAULT_TASK_RESERVATION_TIMEOUT } from './defaults'
import { fold } from './namedCollection'
import { workflowView } from './views'
import type { WorkspaceState } from './workspaceState'

/** Parsed configurations, cached per record object: records are replaced, never mutated. */
const parsedConfigurations = new WeakMap<WorkflowRecord, WorkflowConfiguration>()

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
  const parsed = parseWorkflowConfiguration(input.configuration, (sid) => state.queues.find(sid) !== undefined)
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
  state.workflows.set(record)
  tx.put('workflows', record)
  tx.emit({ workspaceSid: state.sid, type: 'workflow.created', resourceType: 'workflow', resourceSid: record.sid, description: `Workflow ${record.friendly_name} created`, data: workflowData(record) })
  return record
}

export function createWorkflow(ctx: EngineContext, input: MethodParsedInput<'workflows.create'>): Outcome<Workflow> {
  const state = ctx.workspace(input.workspace_sid)
  const tx = ctx.begin()
  return tx.outcome(workflowView(addWorkflow(tx, state, input)))
}

export function updateWorkflow(ctx: EngineContext, input: MethodParsedInput<'workflows.update'>): Outcome<Workflow> {
  const state = ctx.workspace(input.workspace_sid)
  const current = state.workflows.get(input.sid)
  if (input.friendly_name !== undefined) state.workflows.assertNameFree(input.friendly_name, current.sid)
  const parsed = input.configuration !== undefined
    ? parseWorkflowConfiguration(input.configuration, (sid) => state.queues.find(sid) !== undefined)
    : workflowConfiguration(state, current)
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
  parsedConfigurations.set(record, parsed)
  state.workflows.set(record)
  tx.put('workflows', record)
  tx.emit({ workspaceSid: state.sid, type: 'workflow.updated', resourceType: 'workflow', resourceSid: record.sid, description: `Workflow ${record.friendly_name} updated`, data: workflowData(record) })
  return tx.outcome(workflowView(record))
}

export function deleteWorkflow(ctx: EngineContext, input: MethodParsedInput<'workflows.delete'>): Outcome<{ deleted: true }> {
  const state = ctx.workspace(input.workspace_sid)
  const workflow = state.workflows.get(input.sid)
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
