import { defineStore } from 'pinia'
import type { TaskChannel } from '@contract'
import { call } from '@renderer/app/api'
import { useWorkspaceList } from '@renderer/app/useWorkspaceList'

/**
 * The task channels of the shown workspace, refetched on `app.changed`. Create, update and
 * delete throw `ApiCallError`; deleting a channel active tasks use is refused with the reason.
 */
export const useChannelsStore = defineStore('channels', () => {
  const list = useWorkspaceList((workspace_sid) => call('channels.list', { workspace_sid }), ['task_channel'])
  const { workspaceSid, items: channels, status, loadError, load, show, upsert } = list

  /** @throws ApiCallError (`param` is `friendly_name` or `unique_name` for a duplicate or bad name). */
  async function create(input: { friendly_name: string; unique_name: string; channel_optimized_routing: boolean }): Promise<TaskChannel> {
    const created = await call('channels.create', { workspace_sid: workspaceSid.value!, ...input })
    upsert(created)
    return created
  }

  /** @throws ApiCallError */
  async function update(sid: string, patch: { friendly_name?: string; channel_optimized_routing?: boolean }): Promise<TaskChannel> {
    const updated = await call('channels.update', { workspace_sid: workspaceSid.value!, sid, ...patch })
    upsert(updated)
    return updated
  }

  /** @throws ApiCallError */
  async function remove(sid: string): Promise<void> {
    await call('channels.delete', { workspace_sid: workspaceSid.value!, sid })
    list.drop(sid)
  }

  return { workspaceSid, channels, status, loadError, load, show, create, update, remove }
})
