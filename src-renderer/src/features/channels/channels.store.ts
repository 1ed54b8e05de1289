import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { TaskChannel } from '@contract'
import { call, errorMessage } from '@renderer/app/api'
import { onResourcesChanged } from '@renderer/app/liveRefresh'
import type { LoadStatus } from '@renderer/features/workspaces/workspaces.store'

/** The task channels of the shown workspace (read-only for now), refetched on `app.changed`. */
export const useChannelsStore = defineStore('channels', () => {
  // state
  const workspaceSid = ref<string | null>(null)
  const channels = ref<TaskChannel[]>([])
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
      const list = await call('channels.list', { workspace_sid: sid })
      if (seq !== loadSeq) return
      channels.value = list
      status.value = 'ready'
      loadError.value = null
    } catch (error) {
      if (seq !== loadSeq) return
      status.value = 'error'
      loadError.value = errorMessage(error)
    }
  }

  let stopLive: (() => void) | null = null
  async function show(sid: string): Promise<void> {
    if (sid !== workspaceSid.value) {
      workspaceSid.value = sid
      channels.value = []
    }
    stopLive ??= onResourcesChanged(['task_channel'], (changedSid) => {
      if (changedSid === null || changedSid === workspaceSid.value) void load()
    })
    await load()
  }

  return { workspaceSid, channels, status, loadError, load, show }
})
