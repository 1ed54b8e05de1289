import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { TaskChannel } from '@contract'
import { call, errorMessage } from '@renderer/app/api'
import { onResourcesChanged } from '@renderer/app/liveRefresh'
import type { LoadStatus } from '@renderer/features/workspaces/workspaces.store'

/**
 * The task channels of the shown workspace, refetched on `app.changed`. Create, update and
 * delete throw `ApiCallError`; deleting a channel active tasks use is refused with the reason.
 */
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

  function upsert(channel: TaskChannel): void {
    channels.value = channels.value.some((item) => item.sid === channel.sid)
      ? channels.value.map((item) => (item.sid === channel.sid ? channel : item))
      : [...channels.value, channel]
  }

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
    channels.value = channels.value.filter((item) => item.sid !== sid)
  }

  return { workspaceSid, channels, status, loadError, load, show, create, update, remove }
})
