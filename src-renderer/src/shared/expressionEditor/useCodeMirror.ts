import { onBeforeUnmount, onMounted, shallowRef, watch } from 'vue'
import type { Ref, ShallowRef } from 'vue'
import { Compartment, EditorState } from '@codemirror/state'
import type { Extension } from '@codemirror/state'
import { EditorView } from '@codemirror/view'

export interface CodeMirrorOptions {
  /** The text, both ways (`v-model`). */
  model: Ref<string>
  /** Built once, when the view is created. */
  extensions: () => Extension[]
  /** Rebuilt whenever `dark` changes (colours, highlight style). */
  themed: (dark: boolean) => Extension[]
  dark: Ref<boolean>
  readOnly?: Ref<boolean>
}

/**
 * Mounts a CodeMirror 6 view into `host` and keeps it in step with Vue: the document with
 * `model` (both ways, without echo loops), the theme with `dark`, read-only with `readOnly`.
 * Destroys the view on unmount. Components stay small: they pass extensions and render a div.
 *
 * @example
 * const host = ref<HTMLElement | null>(null)
 * const { view } = useCodeMirror(host, { model, extensions: () => [json()], themed: (dark) => [theme(dark)], dark })
 */
export function useCodeMirror(host: Ref<HTMLElement | null>, options: CodeMirrorOptions): { view: ShallowRef<EditorView | null>; focus: () => void } {
  const view = shallowRef<EditorView | null>(null)
  const theme = new Compartment()
  const editable = new Compartment()

  const readOnlyExtensions = (readOnly: boolean): Extension => [EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]

  onMounted(() => {
    if (!host.value) return
    view.value = new EditorView({
      parent: host.value,
      state: EditorState.create({
        doc: options.model.value,
        extensions: [
          ...options.extensions(),
          theme.of(options.themed(options.dark.value)),
          editable.of(readOnlyExtensions(options.readOnly?.value ?? false)),
          EditorView.updateListener.of((update) => {
            if (!update.docChanged) return
            const text = update.state.doc.toString()
            if (text !== options.model.value) options.model.value = text
          }),
        ],
      }),
    })
  })

  watch(options.model, (text) => {
    const current = view.value
    if (!current || current.state.doc.toString() === text) return
    current.dispatch({ changes: { from: 0, to: current.state.doc.length, insert: text } })
  })
  watch(options.dark, (dark) => view.value?.dispatch({ effects: theme.reconfigure(options.themed(dark)) }))
  if (options.readOnly) {
    watch(options.readOnly, (readOnly) => view.value?.dispatch({ effects: editable.reconfigure(readOnlyExtensions(readOnly)) }))
  }

  onBeforeUnmount(() => {
    view.value?.destroy()
    view.value = null
  })

  return { view, focus: () => view.value?.focus() }
}
