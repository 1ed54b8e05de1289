import { describe, expect, it } from 'vitest'
import { reactive } from 'vue'
import { useBuilderClipboard } from '@renderer/features/workflows/builderClipboard'
import { clipboardText, parseClipboardText } from '@renderer/features/workflows/model/clipboardText'
import type { ClipboardItem } from '@renderer/features/workflows/model/workflowEdits'
import { toConfigurationJson } from '@renderer/features/workflows/model/workflowModel'
import type { TextClipboard } from '@renderer/features/workflows/systemClipboard'
import { useWorkflowDocument } from '@renderer/features/workflows/useWorkflowDocument'

/**
 * Copy and paste go through the system clipboard as TaskRouter JSON text (so a filter reaches
 * another workflow or a text editor), fall back to the in-app clipboard, and refuse junk.
 */
const Q1 = `WQ${'1'.repeat(32)}`
const Q2 = `WQ${'2'.repeat(32)}`
const CONFIGURATION = JSON.stringify({
  task_routing: {
    filters: [
      { filter_friendly_name: 'Gold', expression: 'tier == "gold"', targets: [{ queue: Q1, timeout: 30, priority: '5' }, { queue: Q2, skip_if: 'workers.available == 0' }] },
      { filter_friendly_name: 'Rest', expression: '1==1', targets: [{ queue: Q2 }] },
    ],
  },
})

/** A clipboard in memory; `read` answers null when it is "denied". */
function memoryClipboard(initial: string | null = ''): TextClipboard & { text: string | null } {
  const board = {
    text: initial,
    write: async (text: string) => {
      board.text = text
      return true
    },
    read: async () => board.text,
  }
  return board
}

/** A builder document as the store exposes it (refs unwrapped), loaded with `configuration`. */
function builder(configuration: string, clipboard: TextClipboard) {
  const document = useWorkflowDocument()
  document.load(configuration)
  const doc = reactive(document)
  return { doc, clip: useBuilderClipboard(doc, clipboard) }
}

describe('clipboard text (pure)', () => {
  const filter: ClipboardItem = { kind: 'filter', filter: { name: 'Gold', nameKey: 'filter_friendly_name', expression: 'tier == "gold"', targets: [{ queue: Q1, timeout: 30 }, { priority: '5' }] } }
  const target: ClipboardItem = { kind: 'target', target: { queue: Q2, expression: 'worker.level > 3', order_by: 'worker.level DESC' } }

  it.each([
    ['a filter', filter],
    ['a target', target],
    ['a filter named with the legacy friendly_name key', { kind: 'filter', filter: { name: 'Old', nameKey: 'friendly_name', expression: 'a == 1', targets: [{ queue: Q1 }] } } satisfies ClipboardItem],
  ])('writes %s as TaskRouter JSON and reads it back unchanged', (_label, item) => {
    const text = clipboardText(item)
    expect(parseClipboardText(text)).toEqual({ ok: true, item })
  })

  it('writes a filter exactly as it sits in task_routing.filters', () => {
    expect(JSON.parse(clipboardText(filter))).toEqual({ filter_friendly_name: 'Gold', expression: 'tier == "gold"', targets: [{ queue: Q1, timeout: 30 }, { priority: '5' }] })
  })

  it.each([
    ['plain text', 'route it to sales', /no JSON filter or target/],
    ['a JSON array', '[1, 2]', /not a filter or a target/],
    ['an empty object', '{}', /empty object/],
    ['a misspelt target key', '{"queue": "WQ1", "timout": 30}', /target is not valid:.*timout/],
    ['a filter without targets', '{"filter_friendly_name": "X", "expression": "a == 1", "targets": []}', /filter is not valid: targets needs at least one target/],
    ['a filter without an expression', '{"filter_friendly_name": "X", "targets": [{"queue": "WQ1"}]}', /filter is not valid: expression/],
    ['a timeout that is not a number', '{"queue": "WQ1", "timeout": true}', /target is not valid: timeout must be a number/],
    ['a nested bad target', '{"expression": "a == 1", "targets": [{"queue": 7}]}', /filter is not valid: targets\[0\]\.queue/],
  ])('refuses %s with the reason', (_label, text, reason) => {
    const parsed = parseClipboardText(text)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) expect(parsed.message).toMatch(reason)
  })
})

describe('builder copy and paste through the system clipboard', () => {
  it('copies the selected filter as JSON text another workflow can paste', async () => {
    const clipboard = memoryClipboard()
    const source = builder(CONFIGURATION, clipboard)
    source.doc.selection = { kind: 'filter', id: source.doc.model.filters[0]!.id }
    expect(source.clip.copy()).toBe(true)
    await Promise.resolve()
    expect(JSON.parse(clipboard.text!)).toEqual(JSON.parse(CONFIGURATION).task_routing.filters[0])

    const other = builder(JSON.stringify({ task_routing: { default_filter: { queue: Q2 } } }), clipboard)
    await other.clip.paste()
    expect(other.clip.pasteError.value).toBeNull()
    expect(toConfigurationJson(other.doc.model).task_routing.filters).toEqual([JSON.parse(CONFIGURATION).task_routing.filters[0]])
    expect(other.doc.selection).toEqual({ kind: 'filter', id: other.doc.model.filters[0]!.id })
  })

  it('pastes a target typed in a text editor after the selected target', async () => {
    const clipboard = memoryClipboard(`  {"queue": "${Q1}", "priority": 9}\n`)
    const { doc, clip } = builder(CONFIGURATION, clipboard)
    doc.selection = { kind: 'target', id: doc.model.filters[0]!.targets[0]!.id }
    await clip.paste()
    expect(doc.model.filters[0]!.targets.map((target) => target.fields)).toEqual([{ queue: Q1, timeout: 30, priority: '5' }, { queue: Q1, priority: 9 }, { queue: Q2, skip_if: 'workers.available == 0' }])
  })

  it('refuses junk with an inline error and leaves the workflow as it was', async () => {
    const { doc, clip } = builder(CONFIGURATION, memoryClipboard('{"queue": "WQ1", "timout": 30}'))
    doc.selection = { kind: 'filter', id: doc.model.filters[0]!.id }
    const before = doc.text
    await clip.paste()
    expect(clip.pasteError.value).toMatch(/^Cannot paste: this target is not valid/)
    expect(doc.text).toBe(before)
    expect(doc.canUndo).toBe(false)
  })

  it('says why a target cannot be pasted with nothing selected', async () => {
    const { clip } = builder(CONFIGURATION, memoryClipboard(`{"queue": "${Q1}"}`))
    await clip.paste()
    expect(clip.pasteError.value).toMatch(/select a filter or a target/)
  })

  it('falls back to the in-app clipboard when the system one cannot be read', async () => {
    const denied: TextClipboard = { write: async () => false, read: async () => null }
    const { doc, clip } = builder(CONFIGURATION, denied)
    doc.selection = { kind: 'filter', id: doc.model.filters[1]!.id }
    expect(clip.copy()).toBe(true)
    await clip.paste()
    expect(doc.model.filters.map((filter) => filter.name)).toEqual(['Gold', 'Rest', 'Rest'])
    expect(clip.pasteError.value).toBeNull()
  })

  it('copies nothing when nothing is selected', () => {
    const clipboard = memoryClipboard('untouched')
    const { clip } = builder(CONFIGURATION, clipboard)
    expect(clip.copy()).toBe(false)
    expect(clipboard.text).toBe('untouched')
  })
})
