import { ref } from 'vue'
import type { Ref } from 'vue'
import { clipboardText, parseClipboardText } from './model/clipboardText'
import { copySelection } from './model/workflowEdits'
import type { WorkflowDocument } from './useWorkflowDocument'
import { systemClipboard } from './systemClipboard'
import type { TextClipboard } from './systemClipboard'

/** The document as the builder store exposes it (refs unwrapped). */
type Doc = Pick<WorkflowDocument, 'copy' | 'paste' | 'pasteItem'> & {
  model: WorkflowDocument['model']['value']
  selection: WorkflowDocument['selection']['value']
}

export interface BuilderClipboard {
  /** Copies the selected filter or target. @returns false when nothing copyable is selected. */
  copy(): boolean
  /** Pastes below the selection; junk on the clipboard sets `pasteError` instead. */
  paste(): Promise<void>
  /** Why the last paste did nothing, in words; null after a paste or copy that worked. */
  pasteError: Ref<string | null>
}

/**
 * Copy and paste through the system clipboard, as TaskRouter JSON text, so a filter travels to
 * another workflow, another window or a text editor. The in-app clipboard of the document is
 * kept too and used when the system one cannot be read (no permission, no Clipboard API) or
 * holds nothing. Text that is on the clipboard but is not a valid filter or target is refused
 * with the reason (validated with zod), never pasted half-way.
 *
 * @example
 * const clip = useBuilderClipboard(store.doc)
 * clip.copy()          // selected filter -> clipboard as JSON
 * await clip.paste()   // clipboard JSON -> a new filter below the selection, or clip.pasteError
 */
export function useBuilderClipboard(doc: Doc, clipboard: TextClipboard = systemClipboard): BuilderClipboard {
  const pasteError = ref<string | null>(null)

  function copy(): boolean {
    const item = copySelection(doc.model, doc.selection)
    if (!item || !doc.copy()) return false
    pasteError.value = null
    void clipboard.write(clipboardText(item))
    return true
  }

  async function paste(): Promise<void> {
    const text = (await clipboard.read())?.trim() ?? ''
    if (text === '') {
      if (doc.paste()) pasteError.value = null
      else pasteError.value = 'Nothing to paste here: copy a filter or a target first (a target goes into the selected filter)'
      return
    }
    const parsed = parseClipboardText(text)
    if (!parsed.ok) {
      pasteError.value = `Cannot paste: ${parsed.message}`
      return
    }
    if (doc.pasteItem(parsed.item)) pasteError.value = null
    else pasteError.value = 'Cannot paste a target here: select a filter or a target first'
  }

  return { copy, paste, pasteError }
}
