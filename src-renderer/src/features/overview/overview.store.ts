import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { PushPayload, ResourceKind } from '@contract'
import { call, errorMessage, onResync, subscribe } from '@renderer/app/api'
import type { LoadStatus } from '@renderer/features/workspaces/workspaces.store'

export interface WorkspaceCounts {
  activities: number
  channels: number
  workers: number
  queues: number
  workflows: number
}

const COUNTED_KINDS: readonly ResourceKind[] = ['activity', 'task_channel', 'worker', 'task_queue', 'workflow']
const COUNT_KEY: Partial<Record<ResourceKind, keyof WorkspaceCounts>> = {
  activity: 'activities',
  task_channel: 'channels',
  worker: 'workers',
  task_queue: 'queues',
  workflow: 'workflows',
}

/**
 * How many activities, channels, workers, queues and workflows the shown workspace has (the
 * Overview page and the status bar). Loaded once, then kept by pushed `app.changed` (a put of
 * an unknown SID adds one, a delete removes one); refetched after a dropped link.
 */
export const useOverviewStore = defineStore('overview', () => {
  // state
  const workspaceSid = ref<string | null>(null)
  const counts = ref<WorkspaceCounts | null>(null)
  const status = ref<LoadStatus>('idle')
  const loadError = ref<string | null>(null)

  // actions
  let loadSeq = 0
  async function load(): Promise<void> {
    const sid = workspaceSid.value
    if (!sid) return
    const seq = ++loadSeq
    status.value = 'loading'
    try {
      const input = { workspace_sid: sid }
      const [activities, channels, workers, queues, workflows] = await Promise.all([
        call('activities.list', input),
        call('channels.list', input),
        call('workers.list', input),
        call('queues.list', input),
        call('workflows.list', input),
      ])
      if (seq !== loadSeq) return
      known = {
        activities: new Set(activities.map((item) => item.sid)),
        channels: new Set(channels.map((item) => item.sid)),
        workers: new Set(workers.map((item) => item.sid)),
        queues: new Set(queues.map((item) => item.sid)),
        workflows: new Set(workflows.map((item) => item.sid)),
      }
      recount()
      status.value = 'ready'
      loadError.value = null
    } catch (error) {
      if (seq !== loadSeq) return
      status.value = 'error'
      loadError.value = errorMessage(error)
    }
  }

  // The SIDs behind each count: a pushed change adds or removes one instead of refetching
  // every list (with 15,000 workers, each activity change would otherwise cost a full list).
  let known: Record<keyof WorkspaceCounts, Set<string>> | null = null
  function recount(): void {
    if (!known) return
    counts.value = {
      activities: known.activities.size,
      channels: known.channels.size,
      workers: known.workers.size,
      queues: known.queues.size,
      workflows: known.workflows.size,
    }
  }
  function applyChange(change: PushPayload<'app.changed'>): void {
    if (change.workspace_sid !== workspaceSid.value) return
    const relevant = change.changes.filter((item) => COUNTED_KINDS.includes(item.kind))
    if (relevant.length === 0) return
    if (!known || status.value !== 'ready') return void load()
    for (const item of relevant) {
      const set = known[COUNT_KEY[item.kind]!]
      if (item.op === 'delete') set.delete(item.sid)
      else set.add(item.sid)
    }
    recount()
  }

  let stopLive: (() => void) | null = null
  /** Shows `sid` (or nothing); follows its changes until another workspace is shown. */
  async function show(sid: string | null): Promise<void> {
    if (sid === workspaceSid.value && status.value !== 'idle') return
    workspaceSid.value = sid
    known = null
    counts.value = null
    status.value = 'idle'
    stopLive ??= (() => {
      const stops = [subscribe('app.changed', applyChange), onResync(() => void load())]
      return () => stops.forEach((stop) => stop())
    })()
    await load()
  }

  return { workspaceSid, counts, status, loadError, load, show }
})
