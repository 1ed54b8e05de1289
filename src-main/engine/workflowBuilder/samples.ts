import type { MethodParsedInput } from '../../contract/methods'
import type { WorkflowSample } from '../../contract/workflowBuilder'
import type { EngineContext } from '../configuration/context'
import { createDocument, deleteDocument, getDocument, listDocuments, updateDocument } from '../configuration/documents'
import { ConflictError, NotFoundError } from '../errors'
import type { Outcome } from '../model'
import { DocumentKind, sampleBody, sampleView } from './store'

/** Saved task attributes kept with a workflow, for the builder's "Try it" pane. */

/** Enough for every case an admin tries by hand; bounds what one workflow can store. */
export const MAX_SAMPLES_PER_WORKFLOW = 100

export function listSamples(ctx: EngineContext, input: MethodParsedInput<'workflowSamples.list'>): WorkflowSample[] {
  const state = ctx.workspace(input.workspace_sid)
  state.workflows.get(input.workflow_sid, 'workflow_sid')
  return listDocuments(state, DocumentKind.Sample, input.workflow_sid).map(sampleView)
}

/** Creates a sample, or replaces the attributes of the one with the same name (ignoring case). */
export function saveSample(ctx: EngineContext, input: MethodParsedInput<'workflowSamples.save'>): Outcome<WorkflowSample> {
  const state = ctx.workspace(input.workspace_sid)
  const workflow = state.workflows.get(input.workflow_sid, 'workflow_sid')
  const existing = listDocuments(state, DocumentKind.Sample, workflow.sid)
  const same = existing.find((document) => document.name.toLowerCase() === input.name.toLowerCase())
  if (!same && existing.length >= MAX_SAMPLES_PER_WORKFLOW) {
    throw new ConflictError(`Workflow '${workflow.friendly_name}' already has ${MAX_SAMPLES_PER_WORKFLOW} saved samples; delete one first`, 'name')
  }
  const tx = ctx.begin()
  const document = same
    ? updateDocument(state, tx, same, { name: input.name, body: sampleBody(input.attributes) })
    : createDocument(state, tx, { kind: DocumentKind.Sample, name: input.name, parent_sid: workflow.sid, body: sampleBody(input.attributes) })
  return tx.outcome(sampleView(document))
}

export function deleteSample(ctx: EngineContext, input: MethodParsedInput<'workflowSamples.delete'>): Outcome<{ deleted: true }> {
  const state = ctx.workspace(input.workspace_sid)
  state.workflows.get(input.workflow_sid, 'workflow_sid')
  const document = getDocument(state, DocumentKind.Sample, input.sid, 'workflow sample')
  if (document.parent_sid !== input.workflow_sid) throw new NotFoundError(`The requested workflow sample ${input.sid} was not found in workflow ${input.workflow_sid}`, 'sid')
  const tx = ctx.begin()
  deleteDocument(state, tx, document.sid)
  return tx.outcome({ deleted: true })
}
