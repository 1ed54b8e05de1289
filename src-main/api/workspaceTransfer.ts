import type { z } from 'zod'
import type { MethodName, MethodOutput, MethodParsedInput } from '../contract/methods'
import type { DomainEvent } from '../contract/resources'
import {
  IMPORT_FILE_MAX,
  IMPORT_WORKERS_PER_STEP,
  WORKSPACE_FILE_FORMAT,
  WORKSPACE_FILE_VERSION,
  WorkspaceFileSchema,
  type ImportProgress,
  type WorkspaceFile,
} from '../contract/settings'
import type { Engine } from '../engine/engine'
import { EngineError, InvalidParameterError, NotFoundError } from '../engine/errors'
import type { Change, DocumentRecord } from '../engine/model'
import type { RestoredDocument } from '../engine/configuration/documentTransfer'
import { LAYOUT_KIND } from '../engine/wallboard/layouts'
import { DocumentKind } from '../engine/workflowBuilder/store'

/** An engine outcome, as `dispatch` persists and publishes it. */
type Outcome = { changes: Change[]; events: DomainEvent[] }

export interface TransferDependencies {
  engine: Engine
  /** Makes outcomes durable and publishes them (dispatch's persist). */
  persist(outcome: Outcome): Promise<void>
  routedeskVersion: string
  /** Wall time for session expiry (injected so tests control it). */
  now?: () => number
}

export const transferMethods = ['workspaces.export', 'workspaceImports.upload', 'workspaceImports.start', 'workspaceImports.continue'] as const
export type TransferMethod = (typeof transferMethods)[number]

export function isTransferMethod(method: MethodName): method is TransferMethod {
  return (transferMethods as readonly string[]).includes(method)
}

/** An import left alone this long is forgotten (its uploaded text freed). */
const SESSION_IDLE_MS = 15 * 60 * 1000
/** Imports open at once; uploads beyond are refused so memory stays bounded. */
const SESSIONS_MAX = 4
/** Validation problems listed in an error's details. */
const PROBLEMS_MAX = 20

/**
 * Routedesk documents that travel with a workspace: they are configuration the admin made.
 * Left out: share links (bearer tokens for a TV URL; a copy of the file must not open the
 * board), wallboard settings (whether such links are allowed: decided again where imported)
 * and simulation runs (results, not configuration; they can be run again).
 */
export const EXPORTED_DOCUMENT_KINDS: readonly string[] = [DocumentKind.Version, DocumentKind.Draft, DocumentKind.Sample, LAYOUT_KIND]

interface ImportSession {
  id: string
  parts: string[]
  chars: number
  touched: number
  /** Set by start: the validated file, the new workspace and the old -> new SID map. */
  file?: WorkspaceFile
  workspaceSid?: string
  friendlyName?: string
  sidMap?: Map<string, string>
  workersDone: number
}

/**
 * Export and import of a whole workspace as one JSON file (contract/settings.ts). Import is
 * three steps so a big file crosses the web transport's 2 MiB body limit in parts and the UI
 * can show progress: upload the text in parts, start (validate everything, then create the
 * workspace and its configuration with fresh SIDs), continue (workers, 1,000 per durable
 * commit). A failure after the workspace was created deletes it again: an import either
 * completes or leaves nothing behind.
 */
export class WorkspaceTransfer {
  private readonly sessions = new Map<string, ImportSession>()
  private readonly now: () => number

  constructor(private readonly deps: TransferDependencies) {
    this.now = deps.now ?? Date.now
  }

  async call<M extends TransferMethod>(method: M, input: MethodParsedInput<M>): Promise<MethodOutput<M>> {
    this.forgetIdle()
    switch (method) {
      case 'workspaces.export':
        return exportWorkspace(this.deps.engine, (input as MethodParsedInput<'workspaces.export'>).workspace_sid, this.deps.routedeskVersion, this.now()) as MethodOutput<M>
      case 'workspaceImports.upload':
        return this.upload(input as MethodParsedInput<'workspaceImports.upload'>) as MethodOutput<M>
      case 'workspaceImports.start':
        return (await this.start(input as MethodParsedInput<'workspaceImports.start'>)) as MethodOutput<M>
      default:
        return (await this.continue((input as MethodParsedInput<'workspaceImports.continue'>).import_id)) as MethodOutput<M>
    }
  }

  private upload(input: MethodParsedInput<'workspaceImports.upload'>): MethodOutput<'workspaceImports.upload'> {
    let session: ImportSession
    if (input.import_id === undefined) {
      if (this.sessions.size >= SESSIONS_MAX) throw new InvalidParameterError(`${SESSIONS_MAX} imports are already open; finish them or wait ${SESSION_IDLE_MS / 60_000} minutes`, 'import_id')
      session = { id: newImportId(), parts: [], chars: 0, touched: this.now(), workersDone: 0 }
      this.sessions.set(session.id, session)
    } else {
      session = this.session(input.import_id)
      if (session.file) throw new InvalidParameterError('This import has already started; upload a file in a new import', 'import_id')
    }
    if (session.chars + input.text.length > IMPORT_FILE_MAX) {
      this.sessions.delete(session.id)
      throw new InvalidParameterError(`The file is larger than ${IMPORT_FILE_MAX} characters`, 'text')
    }
    session.parts.push(input.text)
    session.chars += input.text.length
    session.touched = this.now()
    return { import_id: session.id, received_chars: session.chars }
  }

  private async start(input: MethodParsedInput<'workspaceImports.start'>): Promise<ImportProgress> {
    const session = this.session(input.import_id)
    if (session.file) throw new InvalidParameterError('This import has already started; call workspaceImports.continue', 'import_id')
    const text = session.parts.join('')
    session.parts = []
    let file: WorkspaceFile
    try {
      file = parseWorkspaceFile(text)
    } catch (error) {
      this.sessions.delete(session.id)
      throw error
    }
    const engine = this.deps.engine
    const friendlyName = freeWorkspaceName(input.friendly_name ?? file.workspace.friendly_name, engine)
    const steps = new Steps(engine)
    const sidMap = new Map<string, string>()
    try {
      createConfiguration(steps, file, friendlyName, sidMap)
      if (file.workers.length === 0) finishWorkspace(steps, file, sidMap.get(file.workspace.sid)!)
    } catch (error) {
      this.sessions.delete(session.id)
      await this.undo(steps)
      throw error
    }
    await this.deps.persist(steps.take())
    Object.assign(session, { file, friendlyName, sidMap, workspaceSid: sidMap.get(file.workspace.sid)!, touched: this.now() })
    const progress = this.progress(session)
    if (progress.done) this.sessions.delete(session.id)
    return progress
  }

  private async continue(importId: string): Promise<ImportProgress> {
    const session = this.session(importId)
    const { file, sidMap, workspaceSid } = session
    if (!file || !sidMap || !workspaceSid) throw new InvalidParameterError('This import has not started; call workspaceImports.start first', 'import_id')
    const steps = new Steps(this.deps.engine)
    const end = Math.min(file.workers.length, session.workersDone + IMPORT_WORKERS_PER_STEP)
    try {
      for (let index = session.workersDone; index < end; index++) createWorker(steps, file, index, workspaceSid, sidMap)
      if (end === file.workers.length) finishWorkspace(steps, file, workspaceSid)
      await this.deps.persist(steps.take())
    } catch (error) {
      this.sessions.delete(session.id)
      // Commands already applied in memory are persisted first, so the delete below sees them.
      await this.deps.persist(steps.take()).catch(() => undefined)
      await this.deleteWorkspace(workspaceSid)
      throw error
    }
    session.workersDone = end
    session.touched = this.now()
    const progress = this.progress(session)
    if (progress.done) this.sessions.delete(session.id)
    return progress
  }

  private progress(session: ImportSession): ImportProgress {
    const total = session.file?.workers.length ?? 0
    return {
      import_id: session.id,
      workspace_sid: session.workspaceSid ?? '',
      friendly_name: session.friendlyName ?? '',
      workers_total: total,
      workers_done: session.workersDone,
      done: session.workersDone >= total,
    }
  }

  /** Puts memory and disk back after a failed start: whatever ran is saved, then the workspace goes. */
  private async undo(steps: Steps): Promise<void> {
    const created = steps.createdWorkspaceSid
    await this.deps.persist(steps.take()).catch(() => undefined)
    if (created) await this.deleteWorkspace(created)
  }

  private async deleteWorkspace(sid: string): Promise<void> {
    try {
      await this.deps.persist(this.deps.engine.execute('workspaces.delete', { sid }))
    } catch (error) {
      console.error(`[routedesk] could not remove the half-imported workspace ${sid}:`, error)
    }
  }

  private session(id: string): ImportSession {
    const session = this.sessions.get(id)
    if (!session) throw new NotFoundError(`Import ${id} is unknown or expired (imports are kept ${SESSION_IDLE_MS / 60_000} minutes); start again`, 'import_id')
    return session
  }

  private forgetIdle(): void {
    const now = this.now()
    for (const [id, session] of this.sessions) if (now - session.touched > SESSION_IDLE_MS) this.sessions.delete(id)
  }
}

/**
 * The workspace as one file: configuration and workers with their channel settings.
 *
 * @example
 * const file = exportWorkspace(engine, 'WS…', '0.1.0', Date.now())
 */
export function exportWorkspace(engine: Engine, workspaceSid: string, routedeskVersion: string, nowMs: number): WorkspaceFile {
  const ws = engine.query('workspaces.get', { sid: workspaceSid })
  const inWs = { workspace_sid: workspaceSid }
  return {
    format: WORKSPACE_FILE_FORMAT,
    version: WORKSPACE_FILE_VERSION,
    exported_at: new Date(nowMs).toISOString(),
    routedesk_version: routedeskVersion,
    workspace: {
      sid: ws.sid,
      friendly_name: ws.friendly_name,
      default_activity_sid: ws.default_activity_sid,
      timeout_activity_sid: ws.timeout_activity_sid,
      multi_task_enabled: ws.multi_task_enabled,
      prioritize_queue_order: ws.prioritize_queue_order,
      event_callback_url: ws.event_callback_url,
      events_filter: ws.events_filter,
    },
    activities: engine.query('activities.list', inWs).map((a) => ({ sid: a.sid, friendly_name: a.friendly_name, available: a.available })),
    channels: engine.query('channels.list', inWs).map((c) => ({ sid: c.sid, friendly_name: c.friendly_name, unique_name: c.unique_name, channel_optimized_routing: c.channel_optimized_routing })),
    queues: engine.query('queues.list', inWs).map((q) => ({
      sid: q.sid,
      friendly_name: q.friendly_name,
      target_workers: q.target_workers,
      task_order: q.task_order,
      max_reserved_workers: q.max_reserved_workers,
      reservation_activity_sid: q.reservation_activity_sid,
      assignment_activity_sid: q.assignment_activity_sid,
      sla_threshold_seconds: q.sla_threshold_seconds,
      short_abandon_seconds: q.short_abandon_seconds,
      sla_reset_time: q.sla_reset_time,
      sla_time_zone: q.sla_time_zone,
    })),
    workflows: engine.query('workflows.list', inWs).map((w) => ({
      sid: w.sid,
      friendly_name: w.friendly_name,
      configuration: w.configuration,
      assignment_callback_url: w.assignment_callback_url,
      fallback_assignment_callback_url: w.fallback_assignment_callback_url,
      task_reservation_timeout: w.task_reservation_timeout,
    })),
    workers: engine.query('workers.list', inWs).map((worker) => ({
      sid: worker.sid,
      friendly_name: worker.friendly_name,
      attributes: worker.attributes,
      activity_sid: worker.activity_sid,
      channels: engine.query('workerChannels.list', { ...inWs, worker_sid: worker.sid }).map((c) => ({ task_channel_sid: c.task_channel_sid, capacity: c.configured_capacity, available: c.available })),
    })),
    documents: engine.documents(workspaceSid, EXPORTED_DOCUMENT_KINDS).map(exportedDocument),
  }
}

function exportedDocument(document: DocumentRecord): WorkspaceFile['documents'][number] {
  return {
    sid: document.sid,
    kind: document.kind,
    name: document.name,
    parent_sid: document.parent_sid,
    body: document.body as WorkspaceFile['documents'][number]['body'],
    date_created: new Date(document.date_created).toISOString(),
    date_updated: new Date(document.date_updated).toISOString(),
    revision: document.revision,
  }
}

/**
 * Parses and validates an export file: JSON syntax, the schema, then the references between
 * its parts. Every problem names where it is (`workers.12.activity_sid`); the first is the
 * error's `param`, up to 20 are in `details.problems`.
 */
export function parseWorkspaceFile(text: string): WorkspaceFile {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new InvalidParameterError(`The file is not valid JSON: ${(error as Error).message}`, 'file')
  }
  const parsed = WorkspaceFileSchema.safeParse(json)
  if (!parsed.success) throw fileError(parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: describeIssue(issue) })))
  const problems = referenceProblems(parsed.data)
  if (problems.length > 0) throw fileError(problems)
  return parsed.data
}

type Problem = { path: string; message: string }

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'is required'
  return issue.message
}

function fileError(problems: Problem[]): InvalidParameterError {
  const first = problems[0]!
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : ''
  return new InvalidParameterError(`The file is not a valid workspace export: ${first.path || 'file'} ${first.message}${more}`, first.path || 'file', { problems: problems.slice(0, PROBLEMS_MAX) })
}

/** Duplicates and dangling references, which the schema alone cannot see. */
function referenceProblems(file: WorkspaceFile): Problem[] {
  const problems: Problem[] = []
  const unique = <T>(list: readonly T[], key: (item: T) => string, where: string, what: string): Set<string> => {
    const seen = new Set<string>()
    list.forEach((item, index) => {
      const value = key(item)
      if (seen.has(value)) problems.push({ path: `${where}.${index}`, message: `repeats the ${what} ${value}` })
      seen.add(value)
    })
    return seen
  }
  const activities = unique(file.activities, (a) => a.sid, 'activities', 'sid')
  unique(file.activities, (a) => a.friendly_name.toLowerCase(), 'activities', 'name')
  const channels = unique(file.channels, (c) => c.sid, 'channels', 'sid')
  unique(file.channels, (c) => c.unique_name, 'channels', 'unique_name')
  unique(file.queues, (q) => q.sid, 'queues', 'sid')
  unique(file.queues, (q) => q.friendly_name.toLowerCase(), 'queues', 'name')
  unique(file.workflows, (w) => w.sid, 'workflows', 'sid')
  unique(file.workflows, (w) => w.friendly_name.toLowerCase(), 'workflows', 'name')
  unique(file.workers, (w) => w.sid, 'workers', 'sid')
  unique(file.workers, (w) => w.friendly_name.toLowerCase(), 'workers', 'name')
  const activity = (sid: string | null, path: string): void => {
    if (sid !== null && !activities.has(sid)) problems.push({ path, message: `names activity ${sid}, which is not in the file's activities` })
  }
  activity(file.workspace.default_activity_sid, 'workspace.default_activity_sid')
  activity(file.workspace.timeout_activity_sid, 'workspace.timeout_activity_sid')
  file.queues.forEach((q, i) => {
    activity(q.reservation_activity_sid, `queues.${i}.reservation_activity_sid`)
    activity(q.assignment_activity_sid, `queues.${i}.assignment_activity_sid`)
  })
  file.workers.forEach((w, i) => {
    activity(w.activity_sid, `workers.${i}.activity_sid`)
    w.channels.forEach((c, j) => {
      if (!channels.has(c.task_channel_sid)) problems.push({ path: `workers.${i}.channels.${j}.task_channel_sid`, message: `names task channel ${c.task_channel_sid}, which is not in the file's channels` })
    })
  })
  file.workflows.forEach((w, i) => {
    try {
      JSON.parse(w.configuration)
    } catch (error) {
      problems.push({ path: `workflows.${i}.configuration`, message: `is not valid JSON: ${(error as Error).message}` })
    }
  })
  unique(file.documents, (d) => d.sid, 'documents', 'sid')
  const owners = new Set([...file.activities, ...file.channels, ...file.queues, ...file.workflows, ...file.workers].map((item) => item.sid))
  file.documents.forEach((d, i) => {
    if (!EXPORTED_DOCUMENT_KINDS.includes(d.kind)) problems.push({ path: `documents.${i}.kind`, message: `is '${d.kind}'; a workspace file carries only ${EXPORTED_DOCUMENT_KINDS.join(', ')}` })
    if (d.parent_sid !== '' && !owners.has(d.parent_sid)) problems.push({ path: `documents.${i}.parent_sid`, message: `names ${d.parent_sid}, which is not in the file` })
  })
  return problems
}

/**
 * Runs engine commands and collects their outcomes for one durable commit. An engine error is
 * re-thrown with the file position it came from, so the admin knows which entry to fix.
 */
class Steps {
  private changes: Change[] = []
  private events: DomainEvent[] = []
  createdWorkspaceSid: string | undefined

  constructor(readonly engine: Engine) {}

  run<M extends MethodName>(method: M, input: MethodParsedInput<M>, where: string): MethodOutput<M> {
    let outcome
    try {
      outcome = this.engine.execute(method, input)
    } catch (error) {
      if (error instanceof EngineError) {
        const field = error.param ? `${where}.${error.param}` : where
        throw new InvalidParameterError(`Import stopped at ${where}: ${error.message}`, field, error.details)
      }
      throw error
    }
    for (const change of outcome.changes) this.changes.push(change)
    for (const event of outcome.events) this.events.push(event)
    return outcome.result
  }

  /** Like run, for cleanup that may fail harmlessly (a default the file does not have, still in use). */
  tryRun<M extends MethodName>(method: M, input: MethodParsedInput<M>): void {
    try {
      this.run(method, input, 'cleanup')
    } catch {
      // kept: harmless, the admin can delete it by hand
    }
  }

  /** Writes the file's documents back, in the same commit as the commands before. */
  restoreDocuments(workspaceSid: string, documents: readonly RestoredDocument[]): void {
    const outcome = this.engine.restoreDocuments(workspaceSid, documents)
    for (const change of outcome.changes) this.changes.push(change)
  }

  take(): Outcome {
    const taken = { changes: this.changes, events: this.events }
    this.changes = []
    this.events = []
    return taken
  }
}

/** The imported name, or "<name> (imported)", "(imported 2)"... when a workspace already has it. */
function freeWorkspaceName(wanted: string, engine: Engine): string {
  const taken = new Set(engine.query('workspaces.list', {}).map((ws) => ws.friendly_name.toLowerCase()))
  if (!taken.has(wanted.toLowerCase())) return wanted
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? ' (imported)' : ` (imported ${n})`
    const candidate = `${wanted.slice(0, 64 - suffix.length)}${suffix}`
    if (!taken.has(candidate.toLowerCase())) return candidate
  }
}

const SID_IN_TEXT = /\b[A-Z]{2}[0-9a-fA-F]{32}\b/g

/**
 * Swaps every old SID inside a text for its new one. Works on JSON text too (workflow
 * configurations and versions name queues), keeping the admin's formatting: a SID is 34
 * characters of which 32 random hex, so it cannot occur by accident.
 */
function remapText(text: string, sidMap: ReadonlyMap<string, string>): string {
  return text.replace(SID_IN_TEXT, (sid) => sidMap.get(sid) ?? sid)
}

/** remapText on every string of a JSON value, at any depth (keys included). */
function remapSids(value: unknown, sidMap: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') return remapText(value, sidMap)
  if (Array.isArray(value)) return value.map((item) => remapSids(item, sidMap))
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [remapText(key, sidMap), remapSids(item, sidMap)]))
  }
  return value
}

/**
 * Creates the workspace, activities, channels, queues and workflows. The new workspace comes
 * with TaskRouter's default activities and channels: same-named ones are reused, the others
 * removed once nothing uses them. The callback URL is set last (finishWorkspace), so the
 * receiver does not get thousands of creation events for an import.
 */
function createConfiguration(steps: Steps, file: WorkspaceFile, friendlyName: string, sidMap: Map<string, string>): void {
  const ws = steps.run('workspaces.create', {
    friendly_name: friendlyName,
    multi_task_enabled: file.workspace.multi_task_enabled,
    prioritize_queue_order: file.workspace.prioritize_queue_order,
  }, 'workspace')
  steps.createdWorkspaceSid = ws.sid
  sidMap.set(file.workspace.sid, ws.sid)
  const inWs = { workspace_sid: ws.sid }

  const defaultActivities = new Map(steps.engine.query('activities.list', inWs).map((a) => [a.friendly_name.toLowerCase(), a]))
  const keptActivities = new Set<string>()
  file.activities.forEach((activity, index) => {
    const existing = defaultActivities.get(activity.friendly_name.toLowerCase())
    if (existing && existing.available === activity.available) {
      if (existing.friendly_name !== activity.friendly_name) steps.run('activities.update', { ...inWs, sid: existing.sid, friendly_name: activity.friendly_name }, `activities.${index}`)
      sidMap.set(activity.sid, existing.sid)
      keptActivities.add(existing.sid)
      return
    }
    // Same name, other availability (immutable): the fresh default goes, unless it is the default activity.
    if (existing) steps.run('activities.delete', { ...inWs, sid: existing.sid }, `activities.${index}`)
    sidMap.set(activity.sid, steps.run('activities.create', { ...inWs, friendly_name: activity.friendly_name, available: activity.available }, `activities.${index}`).sid)
  })
  const mapped = (sid: string | null): string | null => (sid === null ? null : sidMap.get(sid) ?? null)
  const defaultActivity = mapped(file.workspace.default_activity_sid)
  const timeoutActivity = mapped(file.workspace.timeout_activity_sid)
  if (defaultActivity || timeoutActivity) {
    steps.run('workspaces.update', { sid: ws.sid, ...(defaultActivity ? { default_activity_sid: defaultActivity } : {}), ...(timeoutActivity ? { timeout_activity_sid: timeoutActivity } : {}) }, 'workspace')
  }
  for (const activity of defaultActivities.values()) {
    if (!keptActivities.has(activity.sid) && activity.sid !== defaultActivity && activity.sid !== timeoutActivity) steps.tryRun('activities.delete', { ...inWs, sid: activity.sid })
  }

  const defaultChannels = new Map(steps.engine.query('channels.list', inWs).map((c) => [c.unique_name, c]))
  const keptChannels = new Set<string>()
  file.channels.forEach((channel, index) => {
    const existing = defaultChannels.get(channel.unique_name)
    if (existing) {
      if (existing.friendly_name !== channel.friendly_name || existing.channel_optimized_routing !== channel.channel_optimized_routing) {
        steps.run('channels.update', { ...inWs, sid: existing.sid, friendly_name: channel.friendly_name, channel_optimized_routing: channel.channel_optimized_routing }, `channels.${index}`)
      }
      sidMap.set(channel.sid, existing.sid)
      keptChannels.add(existing.sid)
      return
    }
    sidMap.set(channel.sid, steps.run('channels.create', { ...inWs, friendly_name: channel.friendly_name, unique_name: channel.unique_name, channel_optimized_routing: channel.channel_optimized_routing }, `channels.${index}`).sid)
  })
  for (const channel of defaultChannels.values()) if (!keptChannels.has(channel.sid)) steps.tryRun('channels.delete', { ...inWs, sid: channel.sid })

  file.queues.forEach((queue, index) => {
    const { sid, reservation_activity_sid: reservation, assignment_activity_sid: assignment, ...fields } = queue
    const created = steps.run('queues.create', {
      ...inWs,
      ...fields,
      ...(reservation ? { reservation_activity_sid: mapped(reservation)! } : {}),
      ...(assignment ? { assignment_activity_sid: mapped(assignment)! } : {}),
    }, `queues.${index}`)
    sidMap.set(sid, created.sid)
  })

  file.workflows.forEach((workflow, index) => {
    const configuration = remapText(workflow.configuration, sidMap)
    const created = steps.run('workflows.create', {
      ...inWs,
      friendly_name: workflow.friendly_name,
      configuration,
      task_reservation_timeout: workflow.task_reservation_timeout,
      ...(workflow.assignment_callback_url ? { assignment_callback_url: workflow.assignment_callback_url } : {}),
      ...(workflow.fallback_assignment_callback_url ? { fallback_assignment_callback_url: workflow.fallback_assignment_callback_url } : {}),
    }, `workflows.${index}`)
    sidMap.set(workflow.sid, created.sid)
  })

  // Documents refer to the configuration only (workflows, queues, channels), never to workers.
  steps.restoreDocuments(ws.sid, file.documents.map((document) => ({
    kind: document.kind,
    name: document.name,
    parent_sid: document.parent_sid === '' ? '' : sidMap.get(document.parent_sid)!,
    body: remapSids(document.body, sidMap),
    date_created: Date.parse(document.date_created),
    date_updated: Date.parse(document.date_updated),
    revision: document.revision,
  })))
}

/** One worker and the channel settings that differ from a new worker's. */
function createWorker(steps: Steps, file: WorkspaceFile, index: number, workspaceSid: string, sidMap: ReadonlyMap<string, string>): void {
  const worker = file.workers[index]!
  const where = `workers.${index}`
  const created = steps.run('workers.create', { workspace_sid: workspaceSid, friendly_name: worker.friendly_name, attributes: worker.attributes, activity_sid: sidMap.get(worker.activity_sid)! }, where)
  if (worker.channels.length === 0) return
  const current = new Map(steps.engine.query('workerChannels.list', { workspace_sid: workspaceSid, worker_sid: created.sid }).map((c) => [c.task_channel_sid, c]))
  worker.channels.forEach((channel, j) => {
    const taskChannelSid = sidMap.get(channel.task_channel_sid)!
    const now = current.get(taskChannelSid)
    if (now && now.configured_capacity === channel.capacity && now.available === channel.available) return
    steps.run('workerChannels.update', { workspace_sid: workspaceSid, worker_sid: created.sid, sid: taskChannelSid, capacity: channel.capacity, available: channel.available }, `${where}.channels.${j}`)
  })
}

function finishWorkspace(steps: Steps, file: WorkspaceFile, workspaceSid: string): void {
  const { event_callback_url: url, events_filter: filter } = file.workspace
  if (url || filter) steps.run('workspaces.update', { sid: workspaceSid, event_callback_url: url, ...(filter ? { events_filter: filter } : {}) }, 'workspace')
}

function newImportId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return `IM${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`
}
