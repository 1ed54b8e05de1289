import type { ProblemPath, WorkflowProblem } from '@contract'
import { DEFAULT_NODE_ID, filterNodeId, targetNodeId } from './workflowGraph'
import type { Selection } from './workflowEdits'
import type { WorkflowModel } from './workflowModel'

/**
 * Where a problem from `workflows.check` lives in the model: the problem names indexes
 * (filter 2, target 0), the canvas needs node ids; this is the one translation between them.
 */
export function selectionForProblem(model: WorkflowModel, path: ProblemPath): Selection {
  if (path.default_filter) return model.defaultFilter ? { kind: 'default' } : null
  if (path.filter === undefined) return null
  const filter = model.filters[path.filter]
  if (!filter) return null
  if (path.target === undefined) return { kind: 'filter', id: filter.id }
  const target = filter.targets[path.target]
  return target ? { kind: 'target', id: target.id } : { kind: 'filter', id: filter.id }
}

/** The canvas node id of a selection (null for none). */
export function nodeIdOf(selection: Selection): string | null {
  if (!selection) return null
  if (selection.kind === 'default') return DEFAULT_NODE_ID
  return selection.kind === 'filter' ? filterNodeId(selection.id) : targetNodeId(selection.id)
}

/** The worst severity per node id, for the red/amber outline on the canvas. */
export function severityByNode(model: WorkflowModel, problems: readonly WorkflowProblem[]): Map<string, 'error' | 'warning'> {
  const severities = new Map<string, 'error' | 'warning'>()
  for (const problem of problems) {
    const id = nodeIdOf(selectionForProblem(model, problem.path))
    if (!id) continue
    if (severities.get(id) !== 'error') severities.set(id, problem.severity)
  }
  return severities
}

/** Problems about one selected item, for inline messages next to its fields in the inspector. */
export function problemsFor(model: WorkflowModel, problems: readonly WorkflowProblem[], selection: Selection): WorkflowProblem[] {
  const id = nodeIdOf(selection)
  if (!id) return []
  return problems.filter((problem) => nodeIdOf(selectionForProblem(model, problem.path)) === id)
}
