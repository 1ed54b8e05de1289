import { newId } from './workflowModel'
import type { DefaultFilterFields, FilterModel, TargetFields, TargetModel, WorkflowModel } from './workflowModel'

/**
 * Every edit the builder can make, as pure functions `(model, ...) -> model`. They never mutate
 * their input, so the undo history can keep each model as it was, and the canvas, the inspector
 * and keyboard shortcuts all go through the same few functions.
 */

/** What is selected on the canvas / in the inspector. */
export type Selection =
  | { kind: 'filter'; id: string }
  | { kind: 'target'; id: string }
  | { kind: 'default' }
  | null

/** What copy puts on the builder's clipboard (TaskRouter JSON, so it is readable when pasted). */
export type ClipboardItem =
  | { kind: 'filter'; filter: Pick<FilterModel, 'name' | 'nameKey' | 'expression'> & { targets: TargetFields[] } }
  | { kind: 'target'; target: TargetFields }

export function findFilter(model: WorkflowModel, filterId: string): FilterModel | undefined {
  return model.filters.find((filter) => filter.id === filterId)
}

/** The filter holding a target, with the target's index in its chain. */
export function findTarget(model: WorkflowModel, targetId: string): { filter: FilterModel; filterIndex: number; target: TargetModel; index: number } | undefined {
  for (const [filterIndex, filter] of model.filters.entries()) {
    const index = filter.targets.findIndex((target) => target.id === targetId)
    if (index >= 0) return { filter, filterIndex, target: filter.targets[index]!, index }
  }
  return undefined
}

function replaceFilter(model: WorkflowModel, filterId: string, change: (filter: FilterModel) => FilterModel): WorkflowModel {
  return { ...model, filters: model.filters.map((filter) => (filter.id === filterId ? change(filter) : filter)) }
}

function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  const next = [...items]
  const [item] = next.splice(from, 1)
  next.splice(Math.max(0, Math.min(to, next.length)), 0, item!)
  return next
}

/**
 * Adds a filter after `afterFilterId` (or at the end). It starts with an empty expression (the
 * problems list asks for one) and one target on `queueSid`, because a filter needs a target.
 */
export function addFilter(model: WorkflowModel, queueSid: string | null, afterFilterId: string | null = null): { model: WorkflowModel; filterId: string } {
  const filter: FilterModel = {
    id: newId('f'),
    name: `Filter ${model.filters.length + 1}`,
    nameKey: 'filter_friendly_name',
    expression: '',
    targets: [{ id: newId('t'), fields: queueSid ? { queue: queueSid } : {} }],
  }
  const after = afterFilterId ? model.filters.findIndex((item) => item.id === afterFilterId) : -1
  const filters = [...model.filters]
  filters.splice(after >= 0 ? after + 1 : filters.length, 0, filter)
  return { model: { ...model, filters }, filterId: filter.id }
}

export function deleteFilter(model: WorkflowModel, filterId: string): WorkflowModel {
  return { ...model, filters: model.filters.filter((filter) => filter.id !== filterId) }
}

function cloneFilter(filter: Omit<FilterModel, 'id' | 'targets'> & { targets: TargetFields[] }): FilterModel {
  return { id: newId('f'), name: filter.name, nameKey: filter.nameKey, expression: filter.expression, targets: filter.targets.map((fields) => ({ id: newId('t'), fields: { ...fields } })) }
}

/** Copies a filter (new ids, name + " (copy)") right below it. */
export function duplicateFilter(model: WorkflowModel, filterId: string): { model: WorkflowModel; filterId: string } {
  const index = model.filters.findIndex((filter) => filter.id === filterId)
  const source = model.filters[index]
  if (!source) return { model, filterId }
  const copy = cloneFilter({ ...source, name: source.name ? `${source.name} (copy)` : '', targets: source.targets.map((target) => target.fields) })
  const filters = [...model.filters]
  filters.splice(index + 1, 0, copy)
  return { model: { ...model, filters }, filterId: copy.id }
}

/** Moves a filter to position `toIndex` (order matters: the first matching filter wins). */
export function moveFilter(model: WorkflowModel, filterId: string, toIndex: number): WorkflowModel {
  const from = model.filters.findIndex((filter) => filter.id === filterId)
  if (from < 0 || from === toIndex) return model
  return { ...model, filters: moveItem(model.filters, from, toIndex) }
}

export function updateFilter(model: WorkflowModel, filterId: string, patch: Partial<Pick<FilterModel, 'name' | 'expression'>>): WorkflowModel {
  return replaceFilter(model, filterId, (filter) => ({
    ...filter,
    ...patch,
    // Naming a filter that had no name key writes the documented key.
    nameKey: patch.name !== undefined && !filter.nameKey ? 'filter_friendly_name' : filter.nameKey,
  }))
}

/** Adds a target after `afterTargetId` (or at the end of the chain); it inherits the queue. */
export function addTarget(model: WorkflowModel, filterId: string, afterTargetId: string | null = null): { model: WorkflowModel; targetId: string } {
  const target: TargetModel = { id: newId('t'), fields: {} }
  const next = replaceFilter(model, filterId, (filter) => {
    const after = afterTargetId ? filter.targets.findIndex((item) => item.id === afterTargetId) : -1
    const targets = [...filter.targets]
    targets.splice(after >= 0 ? after + 1 : targets.length, 0, target)
    return { ...filter, targets }
  })
  return { model: next, targetId: target.id }
}

/** Why a target cannot be deleted, or null when it can: a filter keeps at least one target. */
export function targetDeleteRefusal(model: WorkflowModel, targetId: string): string | null {
  const found = findTarget(model, targetId)
  if (!found) return 'This target no longer exists.'
  return found.filter.targets.length <= 1 ? 'A filter needs at least one target: delete the filter instead.' : null
}

export function deleteTarget(model: WorkflowModel, targetId: string): WorkflowModel {
  if (targetDeleteRefusal(model, targetId)) return model
  return { ...model, filters: model.filters.map((filter) => ({ ...filter, targets: filter.targets.filter((target) => target.id !== targetId) })) }
}

export function duplicateTarget(model: WorkflowModel, targetId: string): { model: WorkflowModel; targetId: string } {
  const found = findTarget(model, targetId)
  if (!found) return { model, targetId }
  const copy: TargetModel = { id: newId('t'), fields: { ...found.target.fields } }
  const next = replaceFilter(model, found.filter.id, (filter) => {
    const targets = [...filter.targets]
    targets.splice(found.index + 1, 0, copy)
    return { ...filter, targets }
  })
  return { model: next, targetId: copy.id }
}

/** Moves a target within its filter's chain (the order is the escalation order). */
export function moveTarget(model: WorkflowModel, targetId: string, toIndex: number): WorkflowModel {
  const found = findTarget(model, targetId)
  if (!found || found.index === toIndex) return model
  return replaceFilter(model, found.filter.id, (filter) => ({ ...filter, targets: moveItem(filter.targets, found.index, toIndex) }))
}

/** Sets target fields; a field set to `undefined` (or an empty string) is removed from the JSON. */
export function updateTarget(model: WorkflowModel, targetId: string, patch: { [K in keyof TargetFields]?: TargetFields[K] | undefined }): WorkflowModel {
  const found = findTarget(model, targetId)
  if (!found) return model
  return replaceFilter(model, found.filter.id, (filter) => ({
    ...filter,
    targets: filter.targets.map((target) => (target.id === targetId ? { ...target, fields: mergeFields(target.fields, patch) } : target)),
  }))
}

/** Sets (or with `null`, removes) the default filter; a patch merges into the current one. */
export function setDefaultFilter(model: WorkflowModel, patch: Partial<DefaultFilterFields> | null): WorkflowModel {
  if (patch === null) return { ...model, defaultFilter: null }
  const merged = mergeFields(model.defaultFilter ?? { queue: '' }, patch)
  return { ...model, defaultFilter: { ...merged, queue: merged.queue ?? '' } }
}

function mergeFields<T extends object>(fields: T, patch: Partial<T>): T {
  const next = { ...fields } as Record<string, unknown>
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined || value === '') delete next[key]
    else next[key] = value
  }
  return next as T
}

/** The selected filter or target as a clipboard item; null when nothing copyable is selected. */
export function copySelection(model: WorkflowModel, selection: Selection): ClipboardItem | null {
  if (selection?.kind === 'filter') {
    const filter = findFilter(model, selection.id)
    return filter ? { kind: 'filter', filter: { name: filter.name, nameKey: filter.nameKey, expression: filter.expression, targets: filter.targets.map((target) => ({ ...target.fields })) } } : null
  }
  if (selection?.kind === 'target') {
    const found = findTarget(model, selection.id)
    return found ? { kind: 'target', target: { ...found.target.fields } } : null
  }
  return null
}

/**
 * Pastes below the selection: a filter after the selected filter (or the selected target's
 * filter, or at the end); a target after the selected target (or at the end of the selected
 * filter's chain). Returns what to select next, or null when there is nowhere to paste a target.
 */
export function paste(model: WorkflowModel, item: ClipboardItem, selection: Selection): { model: WorkflowModel; selection: Selection } | null {
  if (item.kind === 'filter') {
    const copy = cloneFilter(item.filter)
    const afterId = selection?.kind === 'filter' ? selection.id : selection?.kind === 'target' ? findTarget(model, selection.id)?.filter.id : undefined
    const after = afterId ? model.filters.findIndex((filter) => filter.id === afterId) : -1
    const filters = [...model.filters]
    filters.splice(after >= 0 ? after + 1 : filters.length, 0, copy)
    return { model: { ...model, filters }, selection: { kind: 'filter', id: copy.id } }
  }
  const target: TargetModel = { id: newId('t'), fields: { ...item.target } }
  let filterId: string | undefined
  let at = -1
  if (selection?.kind === 'target') {
    const found = findTarget(model, selection.id)
    filterId = found?.filter.id
    at = found ? found.index + 1 : -1
  } else if (selection?.kind === 'filter') filterId = selection.id
  if (!filterId) return null
  const next = replaceFilter(model, filterId, (filter) => {
    const targets = [...filter.targets]
    targets.splice(at >= 0 ? at : targets.length, 0, target)
    return { ...filter, targets }
  })
  return { model: next, selection: { kind: 'target', id: target.id } }
}
