import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Activity } from '@contract'
import { call, errorMessage } from '@renderer/app/api'
import { onResourcesChanged } from '@renderer/app/liveRefresh'
import type { LoadStatus } from '@renderer/features/workspaces/workspaces.store'

/**
 * The activities of the shown workspace, refetched on `app.changed`. Create, rename and delete
 * throw `ApiCallError`; the server refuses deleting an activity that is in use and says by what.
 * Availability is fixed at creation (TaskRouter's rule): there is no action to change it.
 */
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

  function upsert(activity: Activity): void {
    activities.value = activities.value.some((item) => item.sid === activity.sid)
      ? activities.value.map((item) => (item.sid === activity.sid ? activity : item))
      : [...activities.value, activity]
  }

  /** @throws ApiCallError (`param: 'friendly_name'` for a duplicate). */
  async function create(friendlyName: string, available: boolean): Promise<Activity> {
    const created = await call('activities.create', { workspace_sid: workspaceSid.value!, friendly_name: friendlyName, available })
    upsert(created)
    return created
  }

  /** @throws ApiCallError */
  async function rename(sid: string, friendlyName: string): Promise<Activity> {
    const updated = await call('activities.update', { workspace_sid: workspaceSid.value!, sid, friendly_name: friendlyName })
    upsert(updated)
    return updated
  }

  /** @throws ApiCallError: refused for the default/timeout activity, a queue's activity, or one workers are in. */
  async function remove(sid: string): Promise<void> {
    await call('activities.delete', { workspace_sid: workspaceSid.value!, sid })
    activities.value = activities.value.filter((item) => item.sid !== sid)
  }

  return { workspaceSid, activities, status, loadError, load, show, create, rename, remove }
})
