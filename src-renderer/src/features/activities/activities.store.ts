import { defineStore } from 'pinia'
import type { Activity } from '@contract'
import { call } from '@renderer/app/api'
import { useWorkspaceList } from '@renderer/app/useWorkspaceList'

/**
 * The activities of the shown workspace, refetched on `app.changed`. Create, rename and delete
 * throw `ApiCallError`; the server refuses deleting an activity that is in use and says by what.
 * Availability is fixed at creation (TaskRouter's rule): there is no action to change it.
 */
export const useActivitiesStore = defineStore('activities', () => {
  const list = useWorkspaceList((workspace_sid) => call('activities.list', { workspace_sid }), ['activity'])
  const { workspaceSid, items: activities, status, loadError, load, show, upsert } = list

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
    list.drop(sid)
  }

  return { workspaceSid, activities, status, loadError, load, show, create, rename, remove }
})
