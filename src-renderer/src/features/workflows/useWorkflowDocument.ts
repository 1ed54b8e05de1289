import { computed, ref, shallowRef } from 'vue'
import { createEditHistory } from './model/editHistory'
import type { EditHistoryOptions } from './model/editHistory'
import { copySelection, findFilter, findTarget, paste } from './model/workflowEdits'
import type { ClipboardItem, Selection } from './model/workflowEdits'
import { emptyModel, formatConfiguration, parseConfiguration } from './model/workflowModel'
import type { WorkflowModel } from './model/workflowModel'

/**
 * One workflow configuration being edited, seen two ways: the model (canvas + inspector) and
 * the JSON text (JSON tab). Canvas edits rewrite the text; a text edit that parses replaces the
 * model; a text that does not parse is kept as typed (and saved as the draft) while the canvas
 * keeps showing the last configuration that did, with the reason and its JSON path.
 *
 * Undo/redo cover both views. DOM-free: tests drive it directly.
 */
export function useWorkflowDocument(options: EditHistoryOptions = {}) {
  const history = createEditHistory<WorkflowModel>(emptyModel(), options)
  const model = shallowRef<WorkflowModel>(history.present)
  const text = ref(formatConfiguration(model.value))
  const textError = ref<{ message: string; path: string } | null>(null)
  const selection = ref<Selection>(null)
  const canUndo = ref(false)
  const canRedo = ref(false)
  /** Bumps on every change made here (not on `load`): the autosave's trigger. */
  const editCount = ref(0)
  let clipboard: ClipboardItem | null = null
  const hasClipboard = ref(false)

  function sync(next: WorkflowModel, rewriteText: boolean): void {
    model.value = next
    if (rewriteText) {
      text.value = formatConfiguration(next)
      textError.value = null
    }
    canUndo.value = history.canUndo
    canRedo.value = history.canRedo
    // A selection whose item is gone (deleted, undone) is dropped.
    const current = selection.value
    if (current?.kind === 'filter' && !findFilter(next, current.id)) selection.value = null
    if (current?.kind === 'target' && !findTarget(next, current.id)) selection.value = null
    if (current?.kind === 'default' && !next.defaultFilter) selection.value = null
  }

  /** Starts over from a configuration text (a draft or a version); history is cleared. */
  function load(configuration: string): void {
    const parsed = parseConfiguration(configuration)
    history.reset(parsed.ok ? parsed.model : emptyModel())
    selection.value = null
    sync(history.present, false)
    // Keep the stored text exactly as it was (formatting included) until the first edit.
    text.value = configuration
    textError.value = parsed.ok ? null : { message: parsed.message, path: parsed.path }
  }

  /**
   * Applies a canvas/inspector edit. `mergeKey` merges quick successive edits of one field
   * into one undo step; `select` moves the selection (e.g. onto a node just added).
   */
  function apply(next: WorkflowModel, mergeKey?: string, select?: Selection): void {
    if (next === model.value) return
    history.commit(next, mergeKey)
    if (select !== undefined) selection.value = select
    sync(next, true)
    editCount.value += 1
  }

  /** The JSON tab's edit: replaces the model when the text parses, else only records the text. */
  function setText(next: string): void {
    if (next === text.value) return
    text.value = next
    editCount.value += 1
    const parsed = parseConfiguration(next)
    if (!parsed.ok) {
      textError.value = { message: parsed.message, path: parsed.path }
      return
    }
    textError.value = null
    history.commit(parsed.model, 'json-text')
    sync(parsed.model, false)
  }

  function undo(): void {
    const previous = history.undo()
    if (previous === undefined) return
    sync(previous, true)
    editCount.value += 1
  }

  function redo(): void {
    const next = history.redo()
    if (next === undefined) return
    sync(next, true)
    editCount.value += 1
  }

  /** @returns true when something was copied. */
  function copy(): boolean {
    const item = copySelection(model.value, selection.value)
    if (!item) return false
    clipboard = item
    hasClipboard.value = true
    return true
  }

  /** @returns false when the clipboard is empty or a target has no filter to go into. */
  function pasteClipboard(): boolean {
    return clipboard !== null && pasteItem(clipboard)
  }

  /** Pastes `item` below the selection (one undo step). @returns false when a target has no filter to go into. */
  function pasteItem(item: ClipboardItem): boolean {
    const result = paste(model.value, item, selection.value)
    if (!result) return false
    apply(result.model, undefined, result.selection)
    return true
  }

  /** The text the draft stores and `workflows.check` reads: what the admin sees in the JSON tab. */
  const configuration = computed(() => text.value)

  return { model, text, textError, selection, canUndo, canRedo, editCount, hasClipboard, configuration, load, apply, setText, undo, redo, copy, paste: pasteClipboard, pasteItem }
}

export type WorkflowDocument = ReturnType<typeof useWorkflowDocument>
