import { describe, expect, it } from 'vitest'
import { createDispatch, type Dispatch } from '../../src-main/api/dispatch'
import { EventBus } from '../../src-main/api/eventBus'
import type { MethodName, MethodOutput } from '../../src-main/contract/methods'
import { IMPORT_WORKERS_PER_STEP, type WorkspaceFile } from '../../src-main/contract/settings'
import { FakeClock } from '../../src-main/engine/clock'
import { Engine } from '../../src-main/engine/engine'
import { createMemoryStore } from '../../src-main/store/memoryStore'

function setup() {
  const engine = new Engine({ clock: new FakeClock() })
  const store = createMemoryStore()
  const dispatch = createDispatch({ engine, store, bus: new EventBus(), info: { version: '0.0.0-test', mode: 'headless', dataDir: '/tmp/x' } })
  return { engine, store, dispatch }
}

async function ok<M extends MethodName>(dispatch: Dispatch, method: M, input: unknown): Promise<MethodOutput<M>> {
  const result = await dispatch(method, input)
  if (!result.ok) throw new Error(`${method}: ${result.error.message} (${result.error.param ?? ''})`)
  return result.data
}

/** A workspace with every kind of reference an export has to carry over. */
async function seedWorkspace(dispatch: Dispatch, workers = 3) {
  const ws = await ok(dispatch, 'workspaces.create', { friendly_name: 'Support', multi_task_enabled: true })
  const inWs = { workspace_sid: ws.sid }
  const activities = await ok(dispatch, 'activities.list', inWs)
  const available = activities.find((a) => a.available)!
  const busy = await ok(dispatch, 'activities.create', { ...inWs, friendly_name: 'On a call', available: false })
  const email = await ok(dispatch, 'channels.create', { ...inWs, friendly_name: 'E-mail', unique_name: 'email' })
  const queue = await ok(dispatch, 'queues.create', { ...inWs, friendly_name: 'French', target_workers: 'languages HAS "fr"', assignment_activity_sid: busy.sid, sla_threshold_seconds: 45 })
  const fallback = await ok(dispatch, 'queues.create', { ...inWs, friendly_name: 'Everyone', target_workers: '1==1' })
  const configuration = JSON.stringify({ task_routing: { filters: [{ filter_friendly_name: 'fr', expression: 'lang=="fr"', targets: [{ queue: queue.sid, timeout: 30 }, { queue: fallback.sid }] }], default_filter: { queue: fallback.sid } } })
  await ok(dispatch, 'workflows.create', { ...inWs, friendly_name: 'Main', configuration, task_reservation_timeout: 90 })
  await ok(dispatch, 'workspaces.update', { sid: ws.sid, timeout_activity_sid: busy.sid, event_callback_url: 'https://example.com/events', events_filter: 'task.created' })
  for (let i = 0; i < workers; i++) {
    const worker = await ok(dispatch, 'workers.create', { ...inWs, friendly_name: `Agent ${i}`, attributes: JSON.stringify({ languages: i % 2 ? ['fr'] : ['en'] }), activity_sid: available.sid })
    if (i === 0) await ok(dispatch, 'workerChannels.update', { ...inWs, worker_sid: worker.sid, sid: email.sid, capacity: 3, available: false })
  }
  return ws
}

/** The file without SIDs and dates: what must survive a round trip. */
function shape(file: WorkspaceFile) {
  const names = new Map<string, string>()
  for (const a of file.activities) names.set(a.sid, `activity:${a.friendly_name}`)
  for (const c of file.channels) names.set(c.sid, `channel:${c.unique_name}`)
  for (const q of file.queues) names.set(q.sid, `queue:${q.friendly_name}`)
  const name = (sid: string | null): string | null => (sid === null ? null : names.get(sid) ?? `unknown ${sid}`)
  const bySids = (text: string): string => text.replace(/\b(WA|TC|WQ)[0-9a-f]{32}\b/g, (sid) => name(sid)!)
  return {
    workspace: { ...file.workspace, sid: undefined, friendly_name: undefined, default_activity_sid: name(file.workspace.default_activity_sid), timeout_activity_sid: name(file.workspace.timeout_activity_sid) },
    activities: file.activities.map(({ sid: _sid, ...a }) => a),
    channels: file.channels.map(({ sid: _sid, ...c }) => c),
    queues: file.queues.map(({ sid: _sid, ...q }) => ({ ...q, reservation_activity_sid: name(q.reservation_activity_sid), assignment_activity_sid: name(q.assignment_activity_sid) })),
    workflows: file.workflows.map(({ sid: _sid, ...w }) => ({ ...w, configuration: bySids(w.configuration) })),
    workers: file.workers.map(({ sid: _sid, ...w }) => ({ ...w, activity_sid: name(w.activity_sid), channels: w.channels.map((c) => ({ ...c, task_channel_sid: name(c.task_channel_sid) })) })),
  }
}

/** Uploads `text` in parts of `partSize`, starts, and continues until done. */
async function importText(dispatch: Dispatch, text: string, partSize = 50_000, friendlyName?: string) {
  let importId: string | undefined
  for (let at = 0; at < text.length; at += partSize) {
    const part = await ok(dispatch, 'workspaceImports.upload', { ...(importId ? { import_id: importId } : {}), text: text.slice(at, at + partSize) })
    importId = part.import_id
  }
  const steps = [await ok(dispatch, 'workspaceImports.start', { import_id: importId, ...(friendlyName ? { friendly_name: friendlyName } : {}) })]
  while (!steps.at(-1)!.done) steps.push(await ok(dispatch, 'workspaceImports.continue', { import_id: importId }))
  return steps
}

describe('workspace export and import', () => {
  it('round-trips a workspace: same configuration and workers, every SID fresh and every reference remapped', async () => {
    const { dispatch } = setup()
    const ws = await seedWorkspace(dispatch)
    const exported = await ok(dispatch, 'workspaces.export', { workspace_sid: ws.sid })
    expect(exported).toMatchObject({ format: 'routedesk-workspace', version: 1 })

    const steps = await importText(dispatch, JSON.stringify(exported), 700)
    const imported = steps.at(-1)!
    expect(imported).toMatchObject({ friendly_name: 'Support (imported)', workers_total: 3, workers_done: 3, done: true })
    const again = await ok(dispatch, 'workspaces.export', { workspace_sid: imported.workspace_sid })

    expect(shape(again)).toEqual(shape(exported))
    const oldSids = JSON.stringify(exported).match(/\b(WS|WA|TC|WQ|WW|WK)[0-9a-f]{32}\b/g)!
    const newText = JSON.stringify(again)
    expect(oldSids.filter((sid) => newText.includes(sid))).toEqual([])
  })

  it('carries the Routedesk documents: workflow history, draft and samples, wallboard layouts; not share links, wallboard settings or simulation runs', async () => {
    const { dispatch } = setup()
    const ws = await seedWorkspace(dispatch, 1)
    const inWs = { workspace_sid: ws.sid }
    const [workflow] = await ok(dispatch, 'workflows.list', inWs)
    const [french, everyone] = await ok(dispatch, 'queues.list', inWs)
    const [voice] = await ok(dispatch, 'channels.list', inWs)
    const flipped = JSON.stringify({ task_routing: { filters: [], default_filter: { queue: french!.sid } } }, null, 2)
    await ok(dispatch, 'workflowVersions.publish', { ...inWs, workflow_sid: workflow!.sid, configuration: flipped, message: 'French first' })
    await ok(dispatch, 'workflowVersions.rollback', { ...inWs, workflow_sid: workflow!.sid, version: 1 })
    await ok(dispatch, 'workflowDrafts.save', { ...inWs, workflow_sid: workflow!.sid, configuration: flipped })
    await ok(dispatch, 'workflowSamples.save', { ...inWs, workflow_sid: workflow!.sid, name: 'French caller', attributes: '{"lang":"fr"}' })
    const layout = await ok(dispatch, 'wallboardLayouts.create', { ...inWs, name: 'Floor', queue_sids: [everyone!.sid, french!.sid], channel_sids: [voice!.sid], thresholds: [{ metric: 'longest_wait', queue_sid: french!.sid, warning: 30, critical: 60 }] })
    await ok(dispatch, 'wallboardSettings.update', { ...inWs, sharing_enabled: true })
    await ok(dispatch, 'shareLinks.create', { ...inWs, name: 'Lobby TV', layout_sid: layout.sid })

    const exported = await ok(dispatch, 'workspaces.export', inWs)
    expect(exported.documents.map((d) => d.kind).sort()).toEqual(['wallboard_layout', 'workflow_draft', 'workflow_sample', 'workflow_version', 'workflow_version', 'workflow_version'])
    const imported = (await importText(dispatch, JSON.stringify(exported))).at(-1)!
    const newWs = { workspace_sid: imported.workspace_sid }
    const [newWorkflow] = await ok(dispatch, 'workflows.list', newWs)
    const [newFrench, newEveryone] = await ok(dispatch, 'queues.list', newWs)
    const [newVoice] = await ok(dispatch, 'channels.list', newWs)
    const inNew = { ...newWs, workflow_sid: newWorkflow!.sid }

    const history = (versions: MethodOutput<'workflowVersions.list'>) => versions.map((v) => ({ version: v.version, message: v.message, source: v.source, rolled_back_from: v.rolled_back_from, date_created: v.date_created }))
    expect(history(await ok(dispatch, 'workflowVersions.list', inNew))).toEqual(history(await ok(dispatch, 'workflowVersions.list', { ...inWs, workflow_sid: workflow!.sid })))
    const version2 = await ok(dispatch, 'workflowVersions.get', { ...inNew, version: 2 })
    expect(version2.configuration).toBe(flipped.replace(french!.sid, newFrench!.sid))
    expect(await ok(dispatch, 'workflowDrafts.get', inNew)).toMatchObject({ configuration: version2.configuration, based_on_version: 3, changed: true })
    expect((await ok(dispatch, 'workflowSamples.list', inNew)).map((sample) => [sample.name, sample.attributes])).toEqual([['French caller', '{"lang":"fr"}']])
    expect(await ok(dispatch, 'wallboardLayouts.list', newWs)).toEqual([expect.objectContaining({
      name: 'Floor',
      queue_sids: [newEveryone!.sid, newFrench!.sid],
      channel_sids: [newVoice!.sid],
      thresholds: [expect.objectContaining({ queue_sid: newFrench!.sid })],
    })])
    expect(await ok(dispatch, 'shareLinks.list', newWs)).toEqual([])
    expect(await ok(dispatch, 'wallboardSettings.get', newWs)).toMatchObject({ sharing_enabled: false })

    const again = await ok(dispatch, 'workspaces.export', newWs)
    const oldSids = new Set(JSON.stringify(exported).match(/\b[A-Z]{2}[0-9a-f]{32}\b/g))
    expect(JSON.stringify(again.documents).match(/\b[A-Z]{2}[0-9a-f]{32}\b/g)!.filter((sid) => oldSids.has(sid))).toEqual([])
  })

  it('imports a file from before documents were exported (no documents field)', async () => {
    const { dispatch } = setup()
    const ws = await seedWorkspace(dispatch, 0)
    const { documents: _left, ...older } = await ok(dispatch, 'workspaces.export', { workspace_sid: ws.sid })
    const imported = (await importText(dispatch, JSON.stringify(older))).at(-1)!
    const [workflow] = await ok(dispatch, 'workflows.list', { workspace_sid: imported.workspace_sid })
    expect((await ok(dispatch, 'workflowVersions.list', { workspace_sid: imported.workspace_sid, workflow_sid: workflow!.sid })).map((v) => v.source)).toEqual(['created'])
  })

  it('creates workers in steps of 1,000 and reports progress after each', async () => {
    const { dispatch } = setup()
    const ws = await seedWorkspace(dispatch, 0)
    const file = await ok(dispatch, 'workspaces.export', { workspace_sid: ws.sid })
    const activity = file.activities[0]!.sid
    file.workers = Array.from({ length: 2500 }, (_, i) => ({ sid: `WK${i.toString(16).padStart(32, '0')}`, friendly_name: `W${i}`, attributes: '{}', activity_sid: activity, channels: [] }))
    const steps = await importText(dispatch, JSON.stringify(file), 200_000, 'Big')
    expect(steps.map((s) => s.workers_done)).toEqual([0, IMPORT_WORKERS_PER_STEP, 2 * IMPORT_WORKERS_PER_STEP, 2500])
    expect(await ok(dispatch, 'workers.list', { workspace_sid: steps[0]!.workspace_sid })).toHaveLength(2500)
  })

  const WS = `WS${'a'.repeat(32)}`
  const WA = `WA${'b'.repeat(32)}`
  const base = (): WorkspaceFile => ({
    format: 'routedesk-workspace',
    version: 1,
    exported_at: '2026-01-01T00:00:00.000Z',
    routedesk_version: '0.1.0',
    workspace: { sid: WS, friendly_name: 'Bad', default_activity_sid: WA, timeout_activity_sid: WA, multi_task_enabled: false, prioritize_queue_order: 'FIFO', event_callback_url: '', events_filter: null },
    activities: [{ sid: WA, friendly_name: 'Offline', available: false }],
    channels: [],
    queues: [],
    workflows: [],
    workers: [],
    documents: [],
  })
  it.each([
    ['text that is not JSON', () => '{"format": ', 'file', /not valid JSON/],
    ['another kind of file', () => JSON.stringify({ ...base(), format: 'something-else' }), 'format', /routedesk-workspace/],
    ['a newer version', () => JSON.stringify({ ...base(), version: 2 }), 'version', /version 1/],
    ['a worker with bad attributes', () => JSON.stringify({ ...base(), workers: [{ sid: `WK${'c'.repeat(32)}`, friendly_name: 'A', attributes: '[1]', activity_sid: WA, channels: [] }] }), 'workers.0.attributes', /JSON object/],
    ['a worker in an activity the file lacks', () => JSON.stringify({ ...base(), workers: [{ sid: `WK${'c'.repeat(32)}`, friendly_name: 'A', attributes: '{}', activity_sid: `WA${'d'.repeat(32)}`, channels: [] }] }), 'workers.0.activity_sid', /not in the file's activities/],
    ['a document of a kind the file may not carry', () => JSON.stringify({ ...base(), documents: [{ sid: `RD${'1'.repeat(32)}`, kind: 'share_link', name: 'TV', parent_sid: '', body: { token: 'x' }, date_created: '2026-01-01T00:00:00Z', date_updated: '2026-01-01T00:00:00Z', revision: 1 }] }), 'documents.0.kind', /carries only/],
    ['a document of a workflow the file lacks', () => JSON.stringify({ ...base(), documents: [{ sid: `RD${'1'.repeat(32)}`, kind: 'workflow_sample', name: 'S', parent_sid: `WW${'9'.repeat(32)}`, body: { attributes: '{}' }, date_created: '2026-01-01T00:00:00Z', date_updated: '2026-01-01T00:00:00Z', revision: 1 }] }), 'documents.0.parent_sid', /not in the file/],
    ['two queues with one name', () => JSON.stringify({ ...base(), queues: [1, 2].map((n) => ({ sid: `WQ${String(n).repeat(32)}`, friendly_name: 'Q', target_workers: '1==1', task_order: 'FIFO', max_reserved_workers: 1, reservation_activity_sid: null, assignment_activity_sid: null })) }), 'queues.1', /repeats the name/],
  ])('refuses %s, saying where the problem is, and creates nothing', async (_label, text, param, message) => {
    const { dispatch, engine } = setup()
    const upload = await ok(dispatch, 'workspaceImports.upload', { text: text() })
    const result = await dispatch('workspaceImports.start', { import_id: upload.import_id })
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.param).toBe(param)
      expect(result.error.message).toMatch(message)
    }
    expect(engine.workspaceSids()).toEqual([])
  })

  it('removes the half-made workspace when the engine refuses an entry, and names the entry', async () => {
    const { dispatch, engine } = setup()
    const file = base()
    file.workflows = [{ sid: `WW${'e'.repeat(32)}`, friendly_name: 'Broken', configuration: JSON.stringify({ task_routing: { filters: [], default_filter: { queue: `WQ${'f'.repeat(32)}` } } }), assignment_callback_url: null, fallback_assignment_callback_url: null, task_reservation_timeout: 120 }]
    const upload = await ok(dispatch, 'workspaceImports.upload', { text: JSON.stringify(file) })
    const result = await dispatch('workspaceImports.start', { import_id: upload.import_id })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.param).toMatch(/^workflows\.0/)
    expect(engine.workspaceSids()).toEqual([])
  })

  it('forgets an import after use: a second start is refused', async () => {
    const { dispatch } = setup()
    const upload = await ok(dispatch, 'workspaceImports.upload', { text: JSON.stringify(base()) })
    await ok(dispatch, 'workspaceImports.start', { import_id: upload.import_id })
    const again = await dispatch('workspaceImports.continue', { import_id: upload.import_id })
    expect(again.ok).toBe(false)
    if (!again.ok) expect(again.error).toMatchObject({ status: 404, param: 'import_id' })
  })
})
