import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ResourceKind } from '@contract'
import { call, errorMessage } from '@renderer/app/api'
import { onResourcesChanged } from '@renderer/app/liveRefresh'
import type { LoadStatus } from '@renderer/features/workspaces/workspaces.store'

export interface WorkspaceCounts {
  activities: number
  channels: number
  workers: number
  queues: number
  workflows: number
}

const COUNTED_KINDS: readonly ResourceKind[] = ['activity', 'task_channel', 'worker', 'task_queue', 'workflow']

/**
 * How many activities, channels, workers, queues and workflows the shown workspace has (the
 * Overview page and the status bar). Refetched when `app.changed` touches one of them there.
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
      counts.value = {
        activities: activities.length,
        channels: channels.length,
        workers: workers.length,
        queues: queues.length,
        workflows: workflows.length,
      }
      status.value = 'ready'
      loadError.value = null
    } catch (error) {
      if (seq !== loadSeq) return
      status.value = 'error'
      loadError.value = errorMessage(error)
    }
  }

  let stopLive: (() => void) | null = null
  /** Shows `sid` (or nothing); follows its changes until another workspace is shown. */
  async function show(sid: string | null): Promise<void> {
    if (sid === workspaceSid.value && status.value !== 'idle') return
    workspaceSid.value = sid
    counts.value = null
    status.value = 'idle'
    stopLive ??= onResourcesChanged(COUNTED_KINDS, (changedSid) => {
      if (changedSid === null || changedSid === workspaceSid.value) void load()
    })
    await load()
  }

  return { workspaceSid, counts, status, loadError, load, show }
})
