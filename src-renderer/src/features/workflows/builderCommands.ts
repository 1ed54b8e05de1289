import type { WorkflowDocument } from './useWorkflowDocument'
import {
  addFilter,
  addTarget,
  deleteFilter,
  deleteTarget,
  duplicateFilter,
  duplicateTarget,
  findTarget,
  moveFilter,
  moveTarget,
  setDefaultFilter,
  targetDeleteRefusal,
} from './model/workflowEdits'
import type { Selection } from './model/workflowEdits'
import type { ShortcutAction } from './shortcuts'

/** The document as the builder store exposes it (refs unwrapped). */
type Doc = Pick<WorkflowDocument, 'apply' | 'undo' | 'redo'> & {
  model: WorkflowDocument['model']['value']
  selection: Selection
}

export interface CommandContext {
  doc: Doc
  /** The queue a new filter starts with (the first queue of the workspace, if any). */
  defaultQueue: () => string | null
  /** Copies the selection (the system clipboard, see builderClipboard.ts). @returns false when nothing is selected. */
  copy: () => boolean
  /** Pastes below the selection; may finish later (the system clipboard is read asynchronously). */
  paste: () => void
  fit: () => void
  save: () => void
  toggleHelp: () => void
  /** Tells the admin why nothing happened (e.g. the last target of a filter). */
  notify: (message: string) => void
}

/**
 * Runs one builder command (from a shortcut or a toolbar button) against the document.
 * Returns false when the command did not apply (nothing selected, nothing to paste...), so the
 * key event is left to the browser.
 */
export function runCommand(action: ShortcutAction, context: CommandContext): boolean {
  const { doc } = context
  const model = doc.model
  const selection = doc.selection
  const targetOf = selection?.kind === 'target' ? findTarget(model, selection.id) : undefined
  const filterIndex = selection?.kind === 'filter' ? model.filters.findIndex((filter) => filter.id === selection.id) : (targetOf?.filterIndex ?? -1)

  switch (action) {
    case 'undo':
      doc.undo()
      return true
    case 'redo':
      doc.redo()
      return true
    case 'copy':
      return context.copy()
    case 'paste':
      context.paste()
      return true
    case 'duplicate':
      if (selection?.kind === 'filter') {
        const result = duplicateFilter(model, selection.id)
        doc.apply(result.model, undefined, { kind: 'filter', id: result.filterId })
        return true
      }
      if (selection?.kind === 'target') {
        const result = duplicateTarget(model, selection.id)
        doc.apply(result.model, undefined, { kind: 'target', id: result.targetId })
        return true
      }
      return false
    case 'delete':
      if (selection?.kind === 'filter') {
        const next = model.filters[filterIndex + 1] ?? model.filters[filterIndex - 1]
        doc.apply(deleteFilter(model, selection.id), undefined, next ? { kind: 'filter', id: next.id } : null)
        return true
      }
      if (selection?.kind === 'target' && targetOf) {
        const refusal = targetDeleteRefusal(model, selection.id)
        if (refusal) {
          context.notify(refusal)
          return true
        }
        doc.apply(deleteTarget(model, selection.id), undefined, { kind: 'filter', id: targetOf.filter.id })
        return true
      }
      if (selection?.kind === 'default') {
        doc.apply(setDefaultFilter(model, null), undefined, null)
        return true
      }
      return false
    case 'addFilter': {
      const afterId = filterIndex >= 0 ? model.filters[filterIndex]!.id : null
      const result = addFilter(model, context.defaultQueue(), afterId)
      doc.apply(result.model, undefined, { kind: 'filter', id: result.filterId })
      return true
    }
    case 'addTarget': {
      const filterId = filterIndex >= 0 ? model.filters[filterIndex]!.id : null
      if (!filterId) return false
      const result = addTarget(model, filterId, targetOf?.target.id ?? null)
      doc.apply(result.model, undefined, { kind: 'target', id: result.targetId })
      return true
    }
    case 'moveUp':
    case 'moveDown': {
      const step = action === 'moveUp' ? -1 : 1
      if (selection?.kind === 'filter') doc.apply(moveFilter(model, selection.id, Math.max(0, filterIndex + step)))
      else if (targetOf) doc.apply(moveTarget(model, targetOf.target.id, Math.max(0, targetOf.index + step)))
      else return false
      return true
    }
    case 'selectPrevious':
    case 'selectNext': {
      const rows: Selection[] = [...model.filters.map((filter): Selection => ({ kind: 'filter', id: filter.id })), ...(model.defaultFilter ? [{ kind: 'default' } as const] : [])]
      if (!rows.length) return false
      const current = selection?.kind === 'default' ? rows.length - 1 : filterIndex
      const next = current < 0 ? 0 : Math.min(rows.length - 1, Math.max(0, current + (action === 'selectNext' ? 1 : -1)))
      doc.selection = rows[next]!
      return true
    }
    case 'selectInto': {
      if (selection?.kind === 'filter') {
        const first = model.filters[filterIndex]?.targets[0]
        if (first) doc.selection = { kind: 'target', id: first.id }
        return Boolean(first)
      }
      const next = targetOf?.filter.targets[targetOf.index + 1]
      if (next) doc.selection = { kind: 'target', id: next.id }
      return Boolean(next)
    }
    case 'selectOut':
      if (!targetOf) return false
      doc.selection = targetOf.index > 0 ? { kind: 'target', id: targetOf.filter.targets[targetOf.index - 1]!.id } : { kind: 'filter', id: targetOf.filter.id }
      return true
    case 'fit':
      context.fit()
      return true
    case 'save':
      context.save()
      return true
    case 'deselect':
      if (!selection) return false
      doc.selection = null
      return true
    case 'help':
      context.toggleHelp()
      return true
  }
}
