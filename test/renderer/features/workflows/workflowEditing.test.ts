import { describe, expect, it } from 'vitest'
import { createEditHistory } from '@renderer/features/workflows/model/editHistory'
import { addFilter, addTarget, deleteFilter, deleteTarget, duplicateFilter, moveFilter, setDefaultFilter, targetDeleteRefusal, updateFilter, updateTarget } from '@renderer/features/workflows/model/workflowEdits'
import { parseConfiguration, toConfigurationJson } from '@renderer/features/workflows/model/workflowModel'
import type { WorkflowModel } from '@renderer/features/workflows/model/workflowModel'
import { useWorkflowDocument } from '@renderer/features/workflows/useWorkflowDocument'
import { runCommand } from '@renderer/features/workflows/builderCommands'
import type { ShortcutAction } from '@renderer/features/workflows/shortcuts'
import { shortcutFor } from '@renderer/features/workflows/shortcuts'

const Q1 = `WQ${'1'.repeat(32)}`
const Q2 = `WQ${'2'.repeat(32)}`
const START = JSON.stringify({
  task_routing: {
    filters: [
      { filter_friendly_name: 'A', expression: 'a == 1', targets: [{ queue: Q1, timeout: 10 }, { queue: Q2 }] },
      { filter_friendly_name: 'B', expression: 'b == 1', targets: [{ queue: Q2 }] },
    ],
    default_filter: { queue: Q2 },
  },
})

function start(): WorkflowModel {
  const parsed = parseConfiguration(START)
  if (!parsed.ok) throw new Error(parsed.message)
  return parsed.model
}
const names = (model: WorkflowModel): string[] => model.filters.map((filter) => filter.name)

describe('edits (pure, never mutate their input)', () => {
  it.each<{ edit: string; run: (m: WorkflowModel) => WorkflowModel; filters: string[] }>([
    { edit: 'add a filter after A', run: (m) => addFilter(m, Q1, m.filters[0]!.id).model, filters: ['A', 'Filter 3', 'B'] },
    { edit: 'add a filter at the end', run: (m) => addFilter(m, Q1).model, filters: ['A', 'B', 'Filter 3'] },
    { edit: 'delete A', run: (m) => deleteFilter(m, m.filters[0]!.id), filters: ['B'] },
    { edit: 'duplicate A', run: (m) => duplicateFilter(m, m.filters[0]!.id).model, filters: ['A', 'A (copy)', 'B'] },
    { edit: 'move B to the top', run: (m) => moveFilter(m, m.filters[1]!.id, 0), filters: ['B', 'A'] },
    { edit: 'rename A', run: (m) => updateFilter(m, m.filters[0]!.id, { name: 'Gold' }), filters: ['Gold', 'B'] },
  ])('$edit', ({ run, filters }) => {
    const before = start()
    const snapshot = JSON.stringify(toConfigurationJson(before))
    expect(names(run(before))).toEqual(filters)
    expect(JSON.stringify(toConfigurationJson(before))).toBe(snapshot)
  })

  it('a new filter starts with an empty expression and one target on the given queue', () => {
    const { model, filterId } = addFilter(start(), Q1)
    expect(model.filters.find((f) => f.id === filterId)).toMatchObject({ expression: '', targets: [{ fields: { queue: Q1 } }] })
  })

  it('target fields set to undefined or "" leave the JSON; others are written', () => {
    const m = start()
    const id = m.filters[0]!.targets[0]!.id
    const next = updateTarget(updateTarget(m, id, { timeout: undefined, priority: 5 }), id, { skip_if: '' })
    expect(toConfigurationJson(next).task_routing.filters![0]!.targets[0]).toEqual({ queue: Q1, priority: 5 })
  })

  it('refuses to delete the only target of a filter, and says why', () => {
    const m = start()
    const only = m.filters[1]!.targets[0]!.id
    expect(targetDeleteRefusal(m, only)).toMatch(/at least one target/)
    expect(deleteTarget(m, only)).toBe(m)
    const second = m.filters[0]!.targets[1]!.id
    expect(deleteTarget(m, second).filters[0]!.targets).toHaveLength(1)
  })

  it('adds a target after the selected one, with no queue of its own (it inherits)', () => {
    const m = start()
    const { model, targetId } = addTarget(m, m.filters[0]!.id, m.filters[0]!.targets[0]!.id)
    expect(model.filters[0]!.targets.map((t) => t.id).indexOf(targetId)).toBe(1)
    expect(model.filters[0]!.targets[1]!.fields).toEqual({})
  })

  it('removes and restores the default filter', () => {
    const m = setDefaultFilter(start(), null)
    expect(toConfigurationJson(m).task_routing.default_filter).toBeUndefined()
    expect(toConfigurationJson(setDefaultFilter(m, { queue: Q1 })).task_routing.default_filter).toEqual({ queue: Q1 })
  })
})

describe('edit history', () => {
  it('undoes and redoes in order; a new edit drops the redo stack', () => {
    const history = createEditHistory(0)
    history.commit(1)
    history.commit(2)
    expect(history.undo()).toBe(1)
    expect(history.undo()).toBe(0)
    expect(history.undo()).toBeUndefined()
    expect(history.redo()).toBe(1)
    history.commit(5)
    expect(history.canRedo).toBe(false)
    expect(history.undo()).toBe(1)
  })

  it.each([
    { case: 'same key within the window merges', key2: 'name', gap: 500, undoTo: 0 },
    { case: 'same key after the window stacks', key2: 'name', gap: 1500, undoTo: 1 },
    { case: 'another key stacks', key2: 'expression', gap: 100, undoTo: 1 },
  ])('typing: $case', ({ key2, gap, undoTo }) => {
    let now = 0
    const history = createEditHistory(0, { mergeWindowMs: 1000, now: () => now })
    history.commit(1, 'name')
    now += gap
    history.commit(2, key2)
    expect(history.undo()).toBe(undoTo)
  })

  it('keeps at most `limit` steps', () => {
    const history = createEditHistory(0, { limit: 3 })
    for (let value = 1; value <= 10; value += 1) history.commit(value)
    const undone: number[] = []
    for (let value = history.undo(); value !== undefined; value = history.undo()) undone.push(value)
    expect(undone).toEqual([9, 8, 7])
  })
})

describe('the document: canvas and JSON are two views of one model', () => {
  it('a canvas edit rewrites the JSON; undo and redo restore both views', () => {
    const doc = useWorkflowDocument()
    doc.load(START)
    const first = doc.model.value.filters[0]!.id
    doc.apply(updateFilter(doc.model.value, first, { name: 'Gold' }), `name:${first}`)
    expect(JSON.parse(doc.text.value).task_routing.filters[0].filter_friendly_name).toBe('Gold')
    expect(doc.canUndo.value).toBe(true)
    doc.undo()
    expect(doc.model.value.filters[0]!.name).toBe('A')
    expect(JSON.parse(doc.text.value).task_routing.filters[0].filter_friendly_name).toBe('A')
    doc.redo()
    expect(doc.model.value.filters[0]!.name).toBe('Gold')
  })

  it('a JSON edit that parses replaces the model; one that does not keeps the text and the last good model', () => {
    const doc = useWorkflowDocument()
    doc.load(START)
    doc.setText(JSON.stringify({ task_routing: { default_filter: { queue: Q1 } } }))
    expect(doc.model.value.filters).toEqual([])
    expect(doc.textError.value).toBeNull()
    doc.setText('{"task_routing": {')
    expect(doc.textError.value?.message).toMatch(/not valid JSON/)
    expect(doc.text.value).toBe('{"task_routing": {')
    expect(doc.model.value.defaultFilter).toEqual({ queue: Q1 })
    doc.undo()
    expect(doc.model.value.filters).toHaveLength(2)
    expect(doc.textError.value).toBeNull()
  })

  it('drops a selection whose item an undo removed', () => {
    const doc = useWorkflowDocument()
    doc.load(START)
    const { model, filterId } = addFilter(doc.model.value, Q1)
    doc.apply(model, undefined, { kind: 'filter', id: filterId })
    expect(doc.selection.value).toEqual({ kind: 'filter', id: filterId })
    doc.undo()
    expect(doc.selection.value).toBeNull()
  })

  it('copy and paste a filter below the selection, as one undo step', () => {
    const doc = useWorkflowDocument()
    doc.load(START)
    doc.selection.value = { kind: 'filter', id: doc.model.value.filters[0]!.id }
    expect(doc.copy()).toBe(true)
    expect(doc.paste()).toBe(true)
    expect(names(doc.model.value)).toEqual(['A', 'A', 'B'])
    expect(doc.model.value.filters[1]!.id).not.toBe(doc.model.value.filters[0]!.id)
    doc.undo()
    expect(names(doc.model.value)).toEqual(['A', 'B'])
  })
})

describe('keyboard commands', () => {
  function context() {
    const doc = useWorkflowDocument()
    doc.load(START)
    const unwrapped = {
      get model() {
        return doc.model.value
      },
      get selection() {
        return doc.selection.value
      },
      set selection(value) {
        doc.selection.value = value
      },
      apply: doc.apply,
      undo: doc.undo,
      redo: doc.redo,
    }
    const notes: string[] = []
    const run = (action: ShortcutAction): boolean =>
      runCommand(action, { doc: unwrapped, defaultQueue: () => Q1, copy: doc.copy, paste: () => void doc.paste(), fit: () => {}, save: () => {}, toggleHelp: () => {}, notify: (m) => notes.push(m) })
    return { doc, run, notes }
  }

  it.each([
    { keys: { key: 'z', ctrlKey: true }, action: 'undo' },
    { keys: { key: 'Z', ctrlKey: true, shiftKey: true }, action: 'redo' },
    { keys: { key: 'y', metaKey: true }, action: 'redo' },
    { keys: { key: 'Delete' }, action: 'delete' },
    { keys: { key: 'n' }, action: 'addFilter' },
    { keys: { key: 'ArrowUp', altKey: true }, action: 'moveUp' },
    { keys: { key: 'ArrowDown' }, action: 'selectNext' },
    { keys: { key: 'x' }, action: null },
  ])('$keys.key maps to $action', ({ keys, action }) => {
    expect(shortcutFor({ ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, target: null, ...keys })).toBe(action)
  })

  it('ignores shortcuts typed into a field, except save', () => {
    const input = document.createElement('input')
    const base = { ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, target: input }
    expect(shortcutFor({ ...base, key: 'Delete' })).toBeNull()
    expect(shortcutFor({ ...base, key: 's', ctrlKey: true })).toBe('save')
  })

  it('N adds a filter below the selection and selects it; Delete removes it; Ctrl+Z brings it back', () => {
    const { doc, run } = context()
    run('selectNext')
    expect(doc.selection.value).toEqual({ kind: 'filter', id: doc.model.value.filters[0]!.id })
    run('addFilter')
    expect(names(doc.model.value)).toEqual(['A', 'Filter 3', 'B'])
    expect(doc.selection.value).toEqual({ kind: 'filter', id: doc.model.value.filters[1]!.id })
    run('delete')
    expect(names(doc.model.value)).toEqual(['A', 'B'])
    run('undo')
    expect(names(doc.model.value)).toEqual(['A', 'Filter 3', 'B'])
  })

  it('arrows walk filters and chains; Alt+arrows reorder', () => {
    const { doc, run } = context()
    run('selectNext')
    run('selectInto')
    run('selectInto')
    expect(doc.selection.value).toEqual({ kind: 'target', id: doc.model.value.filters[0]!.targets[1]!.id })
    run('moveUp')
    expect(doc.model.value.filters[0]!.targets.map((t) => t.fields.queue)).toEqual([Q2, Q1])
    run('selectOut')
    run('selectOut')
    expect(doc.selection.value).toEqual({ kind: 'filter', id: doc.model.value.filters[0]!.id })
    run('moveDown')
    expect(names(doc.model.value)).toEqual(['B', 'A'])
  })

  it('deleting the only target of a filter is refused with the reason', () => {
    const { doc, run, notes } = context()
    doc.selection.value = { kind: 'target', id: doc.model.value.filters[1]!.targets[0]!.id }
    run('delete')
    expect(doc.model.value.filters[1]!.targets).toHaveLength(1)
    expect(notes[0]).toMatch(/at least one target/)
  })
})
