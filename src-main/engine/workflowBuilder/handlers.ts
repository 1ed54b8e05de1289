import type { MethodName, MethodOutput, MethodParsedInput } from '../../contract/methods'
import type { EngineContext } from '../configuration/context'
import type { Outcome } from '../model'
import { checkWorkflow } from './checks'
import { discardDraft, getDraft, saveDraft } from './drafts'
import { explainRoute } from './explainRoute'
import { deleteSample, listSamples, saveSample } from './samples'
import { simulateRouteWith, type PrivateEngineFactory } from './simulateRoute'
import { getVersion, listVersions, publishVersion, rollbackVersion } from './versions'
import { createWorkflow, deleteWorkflow, updateWorkflow } from './versionedWorkflows'

/**
 * The workflow builder's engine methods, spread into engine.ts's tables. The commands also
 * take over `workflows.create/update/delete` (spread after the plain ones, so they win): the
 * same commands plus version history and document clean-up, for every transport.
 */

/** `workflows.check`: the problems of a configuration text against this workspace. */
export function checkConfiguration(ctx: EngineContext, input: MethodParsedInput<'workflows.check'>): MethodOutput<'workflows.check'> {
  const state = ctx.workspace(input.workspace_sid)
  if (input.workflow_sid !== undefined) state.workflows.get(input.workflow_sid, 'workflow_sid')
  return checkWorkflow(state, input.configuration, ctx.clock.now(), { workflowSid: input.workflow_sid, compile: false }).result
}

/**
 * The queries. `workflows.simulateRoute` runs a private Engine, whose factory engine.ts passes
 * in: importing the Engine here would close the cycle engine.ts -> handlers -> engine.ts.
 */
export function workflowBuilderQueries(newPrivateEngine: PrivateEngineFactory): { [M in MethodName]?: (ctx: EngineContext, input: MethodParsedInput<M>) => MethodOutput<M> } {
  return {
    'workflowDrafts.get': getDraft,
    'workflowVersions.list': listVersions,
    'workflowVersions.get': getVersion,
    'workflows.check': checkConfiguration,
    'workflows.explainRoute': explainRoute,
    'workflows.simulateRoute': simulateRouteWith(newPrivateEngine),
    'workflowSamples.list': listSamples,
  }
}

export const workflowBuilderCommands: { [M in MethodName]?: (ctx: EngineContext, input: MethodParsedInput<M>) => Outcome<MethodOutput<M>> } = {
  'workflows.create': createWorkflow,
  'workflows.update': updateWorkflow,
  'workflows.delete': deleteWorkflow,
  'workflowDrafts.save': saveDraft,
  'workflowDrafts.discard': discardDraft,
  'workflowVersions.publish': publishVersion,
  'workflowVersions.rollback': rollbackVersion,
  'workflowSamples.save': saveSample,
  'workflowSamples.delete': deleteSample,
}
