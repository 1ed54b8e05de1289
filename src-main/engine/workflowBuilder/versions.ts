import type { MethodOutput, MethodParsedInput } from '../../contract/methods'
import type { WorkflowVersion } from '../../contract/workflowBuilder'
import type { EngineContext } from '../configuration/context'
import { deleteDocument } from '../configuration/documents'
import * as workflows from '../configuration/workflows'
import { InvalidParameterError, NotFoundError } from '../errors'
import type { Outcome } from '../model'
import { checkWorkflow } from './checks'
import { allVersions, draftBody, findDraft, recordVersion } from './store'

/**
 * Immutable versions: `publish` checks a configuration, applies it exactly as
 * `workflows.update` does (validation, events, re-evaluation) and records it; `rollback`
 * publishes an old version's configuration as a new version, so history only grows.
 */

type Published = MethodOutput<'workflowVersions.publish'>

export function listVersions(ctx: EngineContext, input: MethodParsedInput<'workflowVersions.list'>): WorkflowVersion[] {
  const state = ctx.workspace(input.workspace_sid)
  return allVersions(state, state.workflows.get(input.workflow_sid, 'workflow_sid')).reverse()
}

export function getVersion(ctx: EngineContext, input: MethodParsedInput<'workflowVersions.get'>): WorkflowVersion {
  const state = ctx.workspace(input.workspace_sid)
  const workflow = state.workflows.get(input.workflow_sid, 'workflow_sid')
  const found = allVersions(state, workflow).find((version) => version.version === input.version)
  if (!found) throw new NotFoundError(`Workflow '${workflow.friendly_name}' has no version ${input.version}`, 'version')
  return found
}

export function publishVersion(ctx: EngineContext, input: MethodParsedInput<'workflowVersions.publish'>): Outcome<Published> {
  const state = ctx.workspace(input.workspace_sid)
  const workflow = state.workflows.get(input.workflow_sid, 'workflow_sid')
  const draft = findDraft(state, workflow.sid)
  const configuration = input.configuration ?? (draft ? draftBody(draft).configuration : undefined)
  if (configuration === undefined) {
    throw new InvalidParameterError(`Workflow '${workflow.friendly_name}' has no draft to publish; save a draft or pass configuration`, 'configuration')
  }
  return publish(ctx, input, configuration, { message: input.message || 'Published', source: 'publish' })
}

export function rollbackVersion(ctx: EngineContext, input: MethodParsedInput<'workflowVersions.rollback'>): Outcome<Published> {
  const target = getVersion(ctx, input)
  const message = input.message || `Rollback to version ${target.version}`
  return publish(ctx, input, target.configuration, { message, source: 'rollback', rolled_back_from: target.version })
}

function publish(
  ctx: EngineContext,
  input: { workspace_sid: string; workflow_sid: string; re_evaluate_tasks?: boolean | undefined },
  configuration: string,
  entry: { message: string; source: 'publish' | 'rollback'; rolled_back_from?: number },
): Outcome<Published> {
  const state = ctx.workspace(input.workspace_sid)
  const previous = state.workflows.get(input.workflow_sid, 'workflow_sid')
  const checked = checkWorkflow(state, configuration, ctx.clock.now(), { workflowSid: previous.sid, compile: false })
  const errors = checked.result.problems.filter((problem) => problem.severity === 'error')
  if (errors.length > 0) {
    const listed = errors.slice(0, 5).map((problem) => problem.message).join('; ')
    const more = errors.length > 5 ? `; and ${errors.length - 5} more` : ''
    throw new InvalidParameterError(
      `Cannot publish workflow '${previous.friendly_name}': ${errors.length} error${errors.length === 1 ? '' : 's'} must be fixed first: ${listed}${more}`,
      'configuration',
      { problems: errors },
    )
  }
  const updated = workflows.updateWorkflow(ctx, {
    workspace_sid: input.workspace_sid,
    sid: input.workflow_sid,
    configuration,
    ...(input.re_evaluate_tasks !== undefined ? { re_evaluate_tasks: input.re_evaluate_tasks } : {}),
  })
  const tx = ctx.begin()
  const version = recordVersion(state, tx, state.workflows.get(input.workflow_sid), { ...entry, previousConfiguration: previous.configuration })
  const draft = findDraft(state, input.workflow_sid)
  if (draft) deleteDocument(state, tx, draft.sid)
  const warnings = checked.result.problems.filter((problem) => problem.severity === 'warning')
  return { result: { workflow: updated.result, version, warnings }, changes: [...updated.changes, ...tx.changes], events: updated.events }
}
