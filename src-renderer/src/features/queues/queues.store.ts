import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { MethodInput, StatsSnapshot, TaskQueue } from '@contract'
import { call, errorMessage, onResync } from '@renderer/app/api'
import { onLiveStats } from '@renderer/app/liveStats'
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

/** Per queue, from a statistics snapshot (`stats.snapshot`, or the live statistics of app/liveStats). */
export function countsFromSnapshot(snapshot: Pick<StatsSnapshot, 'queues'>): Record<string, QueueCounts> {
  const counts: Record<string, QueueCounts> = {}
  for (const queue of snapshot.queues) {
    counts[queue.task_queue_sid] = {
      waiting: queue.tasks_by_status.pending + queue.tasks_by_status.reserved,
      eligible: queue.total_eligible_workers,
      available: queue.total_available_workers,
    }
  }
  return counts
}

/**
 * The task queues of the shown workspace with live waiting / eligible / available counts.
 * Counts come from the statistics the engine keeps incrementally: one `stats.snapshot` on
 * load, then every live update (app/liveStats: at most once a second, only when something moved).
 * No per-queue list calls, so 15,000 workers cost nothing extra, and never a timer.
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
  /** The whole snapshot, once (on load and after a queue change); pushes keep it current. */
  async function loadCounts(): Promise<void> {
    const sid = workspaceSid.value
    if (!sid) return
    const seq = ++countSeq
    try {
      const snapshot = await call('stats.snapshot', { workspace_sid: sid })
      if (seq === countSeq && sid === workspaceSid.value) counts.value = countsFromSnapshot(snapshot)
    } catch {
      // Counts stay as they were; the next pushed snapshot brings them.
    }
  }
  /** A queue just created or edited: its counts arrive with the next snapshot (or this fetch). */
  function scheduleCounts(): void {
    void loadCounts()
  }

  let stops: Array<() => void> = []
  async function show(sid: string): Promise<void> {
    if (sid !== workspaceSid.value) {
      workspaceSid.value = sid
      queues.value = []
      counts.value = {}
    }
    if (stops.length === 0) {
      stops = [
        onLiveStats((snapshot) => {
          if (snapshot.workspace_sid !== workspaceSid.value) return
          countSeq++
          counts.value = countsFromSnapshot(snapshot)
        }),
        onResourcesChanged(['task_queue'], (changedSid) => {
          if (changedSid === workspaceSid.value) void load()
        }),
        // After a dropped link anything may have changed.
        onResync(() => void load()),
      ]
    }
    await load()
  }

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
