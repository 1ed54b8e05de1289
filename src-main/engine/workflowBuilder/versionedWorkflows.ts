import type { MethodParsedInput } from '../../contract/methods'
import type { Workflow } from '../../contract/resources'
import type { EngineContext } from '../configuration/context'
import * as workflows from '../configuration/workflows'
import type { Outcome } from '../model'
import { deleteWorkflowDocuments, recordVersion } from './store'

/**
 * `workflows.create/update/delete` as every transport (IPC, RPC, REST) reaches them: the plain
 * commands plus the version history, so any configuration change becomes a version and a
 * deleted workflow leaves no builder documents behind. The extra rows join the same change
 * set, so they are persisted atomically with the workflow.
 */

export const CREATED_MESSAGE = 'Created'
export const UPDATED_MESSAGE = 'Updated via API'

export function createWorkflow(ctx: EngineContext, input: MethodParsedInput<'workflows.create'>): Outcome<Workflow> {
  const outcome = workflows.createWorkflow(ctx, input)
  const state = ctx.workspace(input.workspace_sid)
  const tx = ctx.begin()
  recordVersion(state, tx, state.workflows.get(outcome.result.sid), { message: CREATED_MESSAGE, source: 'created' })
  return { ...outcome, changes: [...outcome.changes, ...tx.changes] }
}

export function updateWorkflow(ctx: EngineContext, input: MethodParsedInput<'workflows.update'>): Outcome<Workflow> {
  const state = ctx.workspace(input.workspace_sid)
  const previousConfiguration = state.workflows.get(input.sid).configuration
  const outcome = workflows.updateWorkflow(ctx, input)
  if (input.configuration === undefined || input.configuration === previousConfiguration) return outcome
  const tx = ctx.begin()
  recordVersion(state, tx, state.workflows.get(input.sid), { message: UPDATED_MESSAGE, source: 'api', previousConfiguration })
  return { ...outcome, changes: [...outcome.changes, ...tx.changes] }
}

export function deleteWorkflow(ctx: EngineContext, input: MethodParsedInput<'workflows.delete'>): Outcome<{ deleted: true }> {
  const outcome = workflows.deleteWorkflow(ctx, input)
  const tx = ctx.begin()
  deleteWorkflowDocuments(ctx.workspace(input.workspace_sid), tx, input.sid)
  return { ...outcome, changes: [...outcome.changes, ...tx.changes] }
}
