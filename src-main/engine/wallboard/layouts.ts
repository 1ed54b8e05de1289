import type { MethodParsedInput } from '../../contract/methods'
import { WallboardLayoutFieldsSchema, type WallboardLayout, type WallboardLayoutFields } from '../../contract/wallboard'
import { isoSeconds } from '../clock'
import type { EngineContext } from '../configuration/context'
import { createDocument, deleteDocument, getDocument, listDocuments, updateDocument } from '../configuration/documents'
import { fold } from '../configuration/namedCollection'
import type { WorkspaceState } from '../configuration/workspaceState'
import { ConflictError, NotFoundError } from '../errors'
import type { DocumentRecord, Outcome } from '../model'

/** Document kind of saved wallboard layouts; `name` is the layout's name, `body` its fields. */
export const LAYOUT_KIND = 'wallboard_layout'

/**
 * What a new layout shows when the request leaves a field out: the six KPIS.md tiles, every
 * panel, every queue and channel, and the conventional thresholds (Twilio PS: SLA amber below
 * 90, red at 60; task age amber after 180 s, red after 300 s).
 */
export const DEFAULT_LAYOUT_FIELDS: WallboardLayoutFields = {
  tiles: ['available_workers', 'waiting_tasks', 'longest_wait', 'sla_percent', 'asa', 'abandoned'],
  panels: ['series', 'activity_donut', 'tasks_by_status', 'tasks_by_priority', 'queue_table', 'channel_table', 'agent_grid'],
  queue_sids: [],
  channel_sids: [],
  thresholds: [
    { metric: 'sla_percent', queue_sid: null, warning: 90, critical: 60 },
    { metric: 'longest_wait', queue_sid: null, warning: 180, critical: 300 },
  ],
  rotate_seconds: 30,
}

export function listLayouts(ctx: EngineContext, input: MethodParsedInput<'wallboardLayouts.list'>): WallboardLayout[] {
  return listDocuments(ctx.workspace(input.workspace_sid), LAYOUT_KIND).map(layoutView)
}

export function getLayout(ctx: EngineContext, input: MethodParsedInput<'wallboardLayouts.get'>): WallboardLayout {
  return layoutView(getDocument(ctx.workspace(input.workspace_sid), LAYOUT_KIND, input.sid, 'wallboard layout'))
}

export function createLayout(ctx: EngineContext, input: MethodParsedInput<'wallboardLayouts.create'>): Outcome<WallboardLayout> {
  const state = ctx.workspace(input.workspace_sid)
  assertNameFree(state, input.name)
  const { workspace_sid: _workspace, name, ...fields } = input
  const body = checkReferences(state, { ...DEFAULT_LAYOUT_FIELDS, ...definedOnly(fields) })
  const tx = ctx.begin()
  return tx.outcome(layoutView(createDocument(state, tx, { kind: LAYOUT_KIND, name, body })))
}

export function updateLayout(ctx: EngineContext, input: MethodParsedInput<'wallboardLayouts.update'>): Outcome<WallboardLayout> {
  const state = ctx.workspace(input.workspace_sid)
  const current = getDocument(state, LAYOUT_KIND, input.sid, 'wallboard layout')
  if (input.name !== undefined) assertNameFree(state, input.name, current.sid)
  const { workspace_sid: _workspace, sid: _sid, name, ...fields } = input
  const body = checkReferences(state, { ...layoutFieldsOf(current), ...definedOnly(fields) })
  const tx = ctx.begin()
  return tx.outcome(layoutView(updateDocument(state, tx, current, { ...(name !== undefined ? { name } : {}), body })))
}

export function deleteLayout(ctx: EngineContext, input: MethodParsedInput<'wallboardLayouts.delete'>): Outcome<{ deleted: true }> {
  const state = ctx.workspace(input.workspace_sid)
  getDocument(state, LAYOUT_KIND, input.sid, 'wallboard layout')
  const tx = ctx.begin()
  deleteDocument(state, tx, input.sid)
  return tx.outcome({ deleted: true })
}

/** A stored body that no longer parses (written by a newer Routedesk) falls back field by field to the defaults. */
export function layoutFieldsOf(document: DocumentRecord): WallboardLayoutFields {
  const parsed = WallboardLayoutFieldsSchema.partial().safeParse(document.body)
  return { ...DEFAULT_LAYOUT_FIELDS, ...(parsed.success ? definedOnly(parsed.data) : {}) }
}

function layoutView(document: DocumentRecord): WallboardLayout {
  return {
    sid: document.sid,
    workspace_sid: document.workspace_sid,
    name: document.name,
    ...layoutFieldsOf(document),
    revision: document.revision,
    date_created: isoSeconds(document.date_created),
    date_updated: isoSeconds(document.date_updated),
  }
}

function assertNameFree(state: WorkspaceState, name: string, exceptSid?: string): void {
  const taken = listDocuments(state, LAYOUT_KIND).find((document) => document.sid !== exceptSid && fold(document.name) === fold(name))
  if (taken) throw new ConflictError(`A wallboard layout named '${taken.name}' already exists (${taken.sid})`, 'name')
}

/** Picked queues, channels and threshold queues must exist now (a later deletion just hides them). */
function checkReferences(state: WorkspaceState, fields: WallboardLayoutFields): WallboardLayoutFields {
  fields.queue_sids.forEach((sid, index) => {
    if (!state.queues.find(sid)) throw new NotFoundError(`The requested task queue ${sid} was not found`, `queue_sids.${index}`)
  })
  fields.channel_sids.forEach((sid, index) => {
    if (!state.channels.find(sid)) throw new NotFoundError(`The requested task channel ${sid} was not found`, `channel_sids.${index}`)
  })
  const seen = new Set<string>()
  fields.thresholds.forEach((threshold, index) => {
    if (threshold.queue_sid !== null && !state.queues.find(threshold.queue_sid)) {
      throw new NotFoundError(`The requested task queue ${threshold.queue_sid} was not found`, `thresholds.${index}.queue_sid`)
    }
    const key = `${threshold.metric}/${threshold.queue_sid ?? '*'}`
    if (seen.has(key)) throw new ConflictError(`thresholds list ${threshold.metric} for ${threshold.queue_sid ?? 'the workspace'} twice`, `thresholds.${index}`)
    seen.add(key)
  })
  return fields
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>
}
