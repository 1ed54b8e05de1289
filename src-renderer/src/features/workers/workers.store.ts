import { defineStore } from 'pinia'
import { computed, reactive, ref, shallowRef, triggerRef } from 'vue'
import type { MethodInput, PushPayload, Worker, WorkerChannel } from '@contract'
import { ApiCallError, call, errorMessage, onResync, subscribe } from '@renderer/app/api'
import { parseAttributes } from '@renderer/shared/utils/attributes'
import type { LoadStatus } from '@renderer/features/workspaces/workspaces.store'

const NOT_FOUND_CODE = 20404
/** More changed workers than this in one push: refetch the list rather than one by one. */
const INCREMENTAL_LIMIT = 50
const EXPRESSION_DEBOUNCE_MS = 200
const CHANNEL_BATCH_DELAY_MS = 120
const CHANNEL_CONCURRENCY = 6

export interface WorkerRow extends Worker {
  /** From attributes.skills when it is an array of strings. */
  skills: string[]
  /** Lower-cased name, SID and activity for the text filter. */
  haystack: string
}

export interface BulkFailure {
  sid: string
  name: string
  message: string
}

export interface BulkRun {
  label: string
  total: number
  done: number
  failures: BulkFailure[]
  running: boolean
}

function toRow(worker: Worker): WorkerRow {
  const skills = parseAttributes(worker.attributes).skills
  return {
    ...worker,
    skills: Array.isArray(skills) ? skills.filter((skill): skill is string => typeof skill === 'string') : [],
    haystack: `${worker.friendly_name}\n${worker.sid}\n${worker.activity_name}`.toLowerCase(),
  }
}

/**
 * The workers of the shown workspace (15,000 is a normal day), their text and expression
 * filters, lazily loaded channels, and bulk actions. Live: a pushed `app.changed` naming
 * workers refetches just those (or the list, when many changed at once); `worker_channel`
 * changes refresh the channels already on screen. Actions throw `ApiCallError`.
 */
export const useWorkersStore = defineStore('workers', () => {
  // state
  const workspaceSid = ref<string | null>(null)
  /** Shallow: 15,000 rows are replaced or patched as a whole, never deeply observed. */
  const rows = shallowRef<WorkerRow[]>([])
  const status = ref<LoadStatus>('idle')
  const loadError = ref<string | null>(null)

  const textFilter = ref('')
  const expression = ref('')
  /** SIDs matching `expression`, null when no expression filter applies. */
  const expressionMatches = shallowRef<Set<string> | null>(null)
  const expressionError = ref<string | null>(null)
  const expressionBusy = ref(false)

  /** worker SID -> its channels; only for workers that were on screen. */
  const channels = shallowRef(new Map<string, WorkerChannel[]>())
  const bulk = ref<BulkRun | null>(null)

  // getters
  const count = computed(() => rows.value.length)
  const filtered = computed(() => {
    const text = textFilter.value.trim().toLowerCase()
    const matches = expressionMatches.value
    if (!text && !matches) return rows.value
    return rows.value.filter((row) => (!text || row.haystack.includes(text)) && (!matches || matches.has(row.sid)))
  })
  const expressionCount = computed(() => expressionMatches.value?.size ?? null)

  function find(sid: string): WorkerRow | undefined {
    return rows.value.find((row) => row.sid === sid)
  }

  // actions
  let loadSeq = 0
  async function load(): Promise<void> {
    const sid = workspaceSid.value
    if (!sid) return
    const seq = ++loadSeq
    status.value = 'loading'
    try {
      const list = await call('workers.list', { workspace_sid: sid })
      if (seq !== loadSeq) return
      rows.value = list.map(toRow).sort((a, b) => a.friendly_name.localeCompare(b.friendly_name, undefined, { sensitivity: 'base', numeric: true }))
      status.value = 'ready'
      loadError.value = null
    } catch (error) {
      if (seq !== loadSeq) return
      status.value = 'error'
      loadError.value = errorMessage(error)
    }
  }

  let stops: Array<() => void> = []
  /** Shows a workspace's workers and follows its pushed changes; idempotent per workspace. */
  async function show(sid: string): Promise<void> {
    if (sid !== workspaceSid.value) {
      workspaceSid.value = sid
      rows.value = []
      channels.value = new Map()
      expression.value = ''
      expressionMatches.value = null
      expressionError.value = null
      textFilter.value = ''
      bulk.value = null
    }
    if (stops.length === 0) {
      stops = [
        subscribe('app.changed', (change) => void applyChange(change)),
        onResync(() => {
          void load()
          refreshExpression()
        }),
      ]
    }
    await load()
  }

  function stop(): void {
    for (const unsubscribe of stops) unsubscribe()
    stops = []
  }

  async function applyChange(change: PushPayload<'app.changed'>): Promise<void> {
    if (change.workspace_sid !== workspaceSid.value) return
    const workers = change.changes.filter((item) => item.kind === 'worker')
    const workerChannels = change.changes.filter((item) => item.kind === 'worker_channel')
    if (workers.length > INCREMENTAL_LIMIT) await load()
    else if (workers.length > 0) await Promise.all(workers.map((item) => (item.op === 'delete' ? forget(item.sid) : refetch(item.sid))))
    if (workers.length > 0) refreshExpression()
    if (workerChannels.length > 0) {
      const changed = new Set(workerChannels.map((item) => item.sid))
      for (const [workerSid, list] of channels.value) {
        if (list.some((channel) => changed.has(channel.sid)) || list.length === 0) void fetchChannels(workerSid)
      }
    }
  }

  async function refetch(sid: string): Promise<void> {
    const ws = workspaceSid.value
    if (!ws) return
    try {
      upsert(await call('workers.get', { workspace_sid: ws, sid }))
    } catch (error) {
      if (error instanceof ApiCallError && error.code === NOT_FOUND_CODE) forget(sid)
    }
  }

  function upsert(worker: Worker): void {
    const row = toRow(worker)
    const index = rows.value.findIndex((item) => item.sid === worker.sid)
    if (index === -1) {
      const next = [...rows.value, row]
      next.sort((a, b) => a.friendly_name.localeCompare(b.friendly_name, undefined, { sensitivity: 'base', numeric: true }))
      rows.value = next
    } else {
      const existing = rows.value[index]!
      if (existing.version > worker.version) return // an older answer overtaken by a newer one
      const next = rows.value.slice()
      next[index] = row
      rows.value = next
    }
  }

  function forget(sid: string): void {
    rows.value = rows.value.filter((row) => row.sid !== sid)
    if (channels.value.delete(sid)) triggerRef(channels)
  }

  // Expression filter: workers.list with target_workers_expression, debounced while typing.
  let expressionTimer: ReturnType<typeof setTimeout> | null = null
  let expressionSeq = 0
  function setExpression(text: string): void {
    expression.value = text
    if (expressionTimer) clearTimeout(expressionTimer)
    if (text.trim() === '') {
      expressionSeq++
      expressionMatches.value = null
      expressionError.value = null
      expressionBusy.value = false
      return
    }
    expressionBusy.value = true
    expressionTimer = setTimeout(() => void runExpression(), EXPRESSION_DEBOUNCE_MS)
  }

  function refreshExpression(): void {
    if (expression.value.trim() !== '') setExpression(expression.value)
  }

  async function runExpression(): Promise<void> {
    const ws = workspaceSid.value
    const text = expression.value
    if (!ws || text.trim() === '') return
    const seq = ++expressionSeq
    try {
      const matching = await call('workers.list', { workspace_sid: ws, target_workers_expression: text })
      if (seq !== expressionSeq) return
      expressionMatches.value = new Set(matching.map((worker) => worker.sid))
      expressionError.value = null
    } catch (error) {
      if (seq !== expressionSeq) return
      // Keep the last good matches on screen; say what is wrong next to the field.
      expressionError.value = errorMessage(error)
    } finally {
      if (seq === expressionSeq) expressionBusy.value = false
    }
  }

  // Channels: loaded for the rows on screen only, in small batches.
  const wanted = new Map<string, number>()
  const queued = new Set<string>()
  let batchTimer: ReturnType<typeof setTimeout> | null = null

  /** A table cell showing `sid` wants its channels; returns the release function. */
  function watchChannels(sid: string): () => void {
    wanted.set(sid, (wanted.get(sid) ?? 0) + 1)
    if (!channels.value.has(sid)) {
      queued.add(sid)
      batchTimer ??= setTimeout(() => void flushChannelQueue(), CHANNEL_BATCH_DELAY_MS)
    }
    return () => {
      const left = (wanted.get(sid) ?? 1) - 1
      if (left <= 0) wanted.delete(sid)
      else wanted.set(sid, left)
    }
  }

  async function flushChannelQueue(): Promise<void> {
    batchTimer = null
    // Rows scrolled past before the batch ran are skipped: fast scrolling costs nothing.
    const sids = [...queued].filter((sid) => wanted.has(sid) && !channels.value.has(sid))
    queued.clear()
    let next = 0
    const worker = async (): Promise<void> => {
      while (next < sids.length) await fetchChannels(sids[next++]!)
    }
    await Promise.all(Array.from({ length: Math.min(CHANNEL_CONCURRENCY, sids.length) }, worker))
  }

  async function fetchChannels(sid: string): Promise<WorkerChannel[]> {
    const ws = workspaceSid.value
    if (!ws) return []
    try {
      const list = await call('workerChannels.list', { workspace_sid: ws, worker_sid: sid })
      if (ws !== workspaceSid.value) return list
      channels.value.set(sid, list)
      triggerRef(channels)
      return list
    } catch {
      return channels.value.get(sid) ?? []
    }
  }

  /** @throws ApiCallError (`param: 'capacity'` for an out-of-range capacity). */
  async function updateChannel(workerSid: string, channelSid: string, patch: { capacity?: number; available?: boolean }): Promise<WorkerChannel> {
    const updated = await call('workerChannels.update', { workspace_sid: workspaceSid.value!, worker_sid: workerSid, sid: channelSid, ...patch })
    const list = channels.value.get(workerSid) ?? []
    channels.value.set(
      workerSid,
      list.some((item) => item.sid === updated.sid) ? list.map((item) => (item.sid === updated.sid ? updated : item)) : [...list, updated],
    )
    triggerRef(channels)
    return updated
  }

  type WorkerPatch = Omit<MethodInput<'workers.update'>, 'workspace_sid' | 'sid'>

  /** @throws ApiCallError (`param` names the field at fault; 20412 when someone else saved first). */
  async function update(sid: string, patch: WorkerPatch): Promise<Worker> {
    const updated = await call('workers.update', { workspace_sid: workspaceSid.value!, sid, ...patch })
    upsert(updated)
    return updated
  }

  /** @throws ApiCallError */
  async function create(input: Omit<MethodInput<'workers.create'>, 'workspace_sid'>): Promise<Worker> {
    const created = await call('workers.create', { workspace_sid: workspaceSid.value!, ...input })
    upsert(created)
    return created
  }

  /** @throws ApiCallError */
  async function remove(sid: string): Promise<void> {
    await call('workers.delete', { workspace_sid: workspaceSid.value!, sid })
    forget(sid)
  }

  /**
   * Runs `action` on each worker in turn (sequential: the server's order of events stays the
   * admin's order, and a refusal does not stop the rest). Progress and failures are in `bulk`.
   */
  async function runBulk(label: string, sids: readonly string[], action: (row: WorkerRow) => Promise<unknown>): Promise<BulkRun> {
    const run = reactive<BulkRun>({ label, total: sids.length, done: 0, failures: [], running: true })
    bulk.value = run
    for (const sid of sids) {
      const row = find(sid)
      try {
        if (!row) throw new Error('This worker no longer exists.')
        await action(row)
      } catch (error) {
        run.failures.push({ sid, name: row?.friendly_name ?? sid, message: errorMessage(error) })
      }
      run.done += 1
    }
    run.running = false
    return run
  }

  function bulkChangeActivity(sids: readonly string[], activitySid: string, activityName: string): Promise<BulkRun> {
    return runBulk(`Change activity to ${activityName}`, sids, (row) => update(row.sid, { activity_sid: activitySid }))
  }

  /** Adds (or removes) `skill` in each worker's `attributes.skills` array, keeping the rest. */
  function bulkSkill(sids: readonly string[], skill: string, mode: 'add' | 'remove'): Promise<BulkRun> {
    return runBulk(`${mode === 'add' ? 'Add' : 'Remove'} skill “${skill}”`, sids, async (row) => {
      const attributes = parseAttributes(row.attributes)
      const current = Array.isArray(attributes.skills) ? (attributes.skills as unknown[]) : []
      const has = current.includes(skill)
      if ((mode === 'add' && has) || (mode === 'remove' && !has)) return
      attributes.skills = mode === 'add' ? [...current, skill] : current.filter((item) => item !== skill)
      // if_match: a concurrent edit of the same worker fails this one instead of being lost.
      await update(row.sid, { attributes: JSON.stringify(attributes), if_match: String(row.version) })
    })
  }

  function dismissBulk(): void {
    if (!bulk.value?.running) bulk.value = null
  }

  return {
    workspaceSid, rows, status, loadError, textFilter, expression, expressionMatches, expressionError, expressionBusy, channels, bulk,
    count, filtered, expressionCount, find,
    load, show, stop, setExpression, watchChannels, fetchChannels, updateChannel, update, create, remove, bulkChangeActivity, bulkSkill, dismissBulk,
  }
})
