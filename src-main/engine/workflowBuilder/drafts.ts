import type { MethodParsedInput } from '../../contract/methods'
import type { WorkflowDraft } from '../../contract/workflowBuilder'
import type { EngineContext } from '../configuration/context'
import { createDocument, deleteDocument, updateDocument } from '../configuration/documents'
import { ConflictError } from '../errors'
import type { Outcome } from '../model'
import { DocumentKind, draftBody, draftView, findDraft, latestVersionNumber } from './store'

/**
 * One draft per workflow: the configuration text exactly as the admin last saved it (it may
 * not even be JSON yet). Saving never validates; publishing does. `if_revision` guards against
 * two editors overwriting each other's drafts.
 */

export function getDraft(ctx: EngineContext, input: MethodParsedInput<'workflowDrafts.get'>): WorkflowDraft {
  const state = ctx.workspace(input.workspace_sid)
  return draftView(state, state.workflows.get(input.workflow_sid, 'workflow_sid'))
}

export function saveDraft(ctx: EngineContext, input: MethodParsedInput<'workflowDrafts.save'>): Outcome<WorkflowDraft> {
  const state = ctx.workspace(input.workspace_sid)
  const workflow = state.workflows.get(input.workflow_sid, 'workflow_sid')
  const current = findDraft(state, workflow.sid)
  const revision = current?.revision ?? 0
  if (input.if_revision !== undefined && input.if_revision !== revision) {
    throw new ConflictError(
      `The draft of workflow '${workflow.friendly_name}' is at revision ${revision}, not ${input.if_revision}: it was saved elsewhere since you opened it`,
      'if_revision',
      { current_revision: revision },
    )
  }
  const tx = ctx.begin()
  if (current) updateDocument(state, tx, current, { body: { ...draftBody(current), configuration: input.configuration } })
  else createDocument(state, tx, { kind: DocumentKind.Draft, name: 'draft', parent_sid: workflow.sid, body: { configuration: input.configuration, based_on_version: latestVersionNumber(state, workflow) } })
  return tx.outcome(draftView(state, workflow))
}

export function discardDraft(ctx: EngineContext, input: MethodParsedInput<'workflowDrafts.discard'>): Outcome<WorkflowDraft> {
  const state = ctx.workspace(input.workspace_sid)
  const workflow = state.workflows.get(input.workflow_sid, 'workflow_sid')
  const tx = ctx.begin()
  const current = findDraft(state, workflow.sid)
  if (current) deleteDocument(state, tx, current.sid)
  return tx.outcome(draftView(state, workflow))
}
