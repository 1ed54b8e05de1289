import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { MethodInput, ResourceKind, TaskQueue } from '@contract'
import { call, errorMessage } from '@renderer/app/api'
import { onResourcesChanged } from '@renderer/app/liveRefresh'
import type { LoadStatus } from '@renderer/features/workspaces/workspaces.store'

export interface QueueCounts {
  /** Tasks pending or reserved in the queue. */
  waiting: number
  /** Workers its target_workers selects. */
  eligible: number
  /** Of those, the ones in an available activity. */
  available: number
}

/** What moves the counts: tasks entering/leaving, workers changing activity or attributes. */
const COUNT_KINDS: readonly ResourceKind[] = ['task', 'worker', 'reservation']
const COUNTS_COALESCE_MS = 500

/**
 * The task queues of the shown workspace with live waiting / eligible / available counts.
 * Counts are recomputed when a pushed `app.changed` touches tasks, workers, reservations or
 * queues (coalesced over 500 ms so a burst of events costs one refresh), never on a timer.
 */
export const useQueuesStore = defineStore('queues', () => {
  // state
  const workspaceSid = ref<string | null>(null)
  const queues = ref<TaskQueue[]>([])
  const counts = ref<Record<string, QueueCounts>>({})
  const status = ref<LoadStatus>('idle')
  const loadError = ref<string | null>(null)

  // getters
  function find(sid: string): TaskQueue | undefined {
    return queues.value.find((queue) => queue.sid === sid)
  }

  // actions
  let loadSeq = 0
  async function load(): Promise<void> {
    const sid = workspaceSid.value
    if (!sid) return
    const seq = ++loadSeq
    status.value = 'loading'
    try {
      const list = await call('queues.list', { workspace_sid: sid })
      if (seq !== loadSeq) return
      queues.value = list.sort((a, b) => a.friendly_name.localeCompare(b.friendly_name, undefined, { sensitivity: 'base' }))
      status.value = 'ready'
      loadError.value = null
      await loadCounts()
    } catch (error) {
      if (seq !== loadSeq) return
      status.value = 'error'
      loadError.value = errorMessage(error)
    }
  }

  let countSeq = 0
  async function loadCounts(): Promise<void> {
    const sid = workspaceSid.value
    if (!sid) return
    const seq = ++countSeq
    const entries = await Promise.all(
      queues.value.map(async (queue): Promise<[string, QueueCounts] | null> => {
        try {
          const [tasks, workers] = await Promise.all([
            call('tasks.list', { workspace_sid: sid, task_queue_sid: queue.sid, assignment_status: ['pending', 'reserved'] }),
            call('workers.list', { workspace_sid: sid, task_queue_sid: queue.sid }),
          ])
          return [queue.sid, { waiting: tasks.length, eligible: workers.length, available: workers.filter((worker) => worker.available).length }]
        } catch {
          return null
        }
      }),
    )
    if (seq !== countSeq) return
    const next: Record<string, QueueCounts> = {}
    for (const entry of entries) if (entry) next[entry[0]] = entry[1]
    counts.value = next
  }

  let countTimer: ReturnType<typeof setTimeout> | null = null
  function scheduleCounts(): void {
    countTimer ??= setTimeout(() => {
      countTimer = null
      void loadCounts()
    }, COUNTS_COALESCE_MS)
  }

  let stopLive: (() => void) | null = null
  async function show(sid: string): Promise<void> {
    if (sid !== workspaceSid.value) {
      workspaceSid.value = sid
      queues.value = []
      counts.value = {}
    }
    stopLive ??= onResourcesChanged(COUNT_KINDS, (changedSid) => {
      if (changedSid !== null && changedSid !== workspaceSid.value) return
      // After a dropped link anything may have changed: reload all; otherwise only the counts.
      void (changedSid === null ? load() : scheduleCounts())
    })
    stopQueues ??= onResourcesChanged(['task_queue'], (changedSid) => {
      if (changedSid === workspaceSid.value) void load()
    })
    await load()
  }
  let stopQueues: (() => void) | null = null

  type QueueFields = Omit<MethodInput<'queues.create'>, 'workspace_sid'>

  /** @throws ApiCallError (`param` names the field at fault). */
  async function create(input: QueueFields): Promise<TaskQueue> {
    const created = await call('queues.create', { workspace_sid: workspaceSid.value!, ...input })
    queues.value = [...queues.value.filter((queue) => queue.sid !== created.sid), created].sort((a, b) => a.friendly_name.localeCompare(b.friendly_name))
    scheduleCounts()
    return created
  }

  /** @throws ApiCallError */
  async function update(sid: string, patch: Omit<MethodInput<'queues.update'>, 'workspace_sid' | 'sid'>): Promise<TaskQueue> {
    const updated = await call('queues.update', { workspace_sid: workspaceSid.value!, sid, ...patch })
    queues.value = queues.value.map((queue) => (queue.sid === sid ? updated : queue))
    scheduleCounts()
    return updated
  }

  /** @throws ApiCallError: refused while a workflow routes to the queue (the message names it). */
  async function remove(sid: string): Promise<void> {
    await call('queues.delete', { workspace_sid: workspaceSid.value!, sid })
    queues.value = queues.value.filter((queue) => queue.sid !== sid)
  }

  return { workspaceSid, queues, counts, status, loadError, find, load, loadCounts, show, create, update, remove }
})
