import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Activity } from '@contract'
import { call, errorMessage } from '@renderer/app/api'
import { onResourcesChanged } from '@renderer/app/liveRefresh'
import type { LoadStatus } from '@renderer/features/workspaces/workspaces.store'

/** The activities of the shown workspace (read-only for now), refetched on `app.changed`. */
export const useActivitiesStore = defineStore('activities', () => {
  // state
  const workspaceSid = ref<string | null>(null)
  const activities = ref<Activity[]>([])
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
      const list = await call('activities.list', { workspace_sid: sid })
      if (seq !== loadSeq) return
      activities.value = list
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
      activities.value = []
    }
    stopLive ??= onResourcesChanged(['activity'], (changedSid) => {
      if (changedSid === null || changedSid === workspaceSid.value) void load()
    })
    await load()
  }

  return { workspaceSid, activities, status, loadError, load, show }
})
