import { defineStore } from 'pinia'
import type { Workflow } from '@contract'
import { call } from '@renderer/app/api'
import { useWorkspaceList } from '@renderer/app/useWorkspaceList'

/**
 * The workflows of the shown workspace (the list the builder opens from), refetched on a
 * pushed `app.changed` touching workflows. Creating one routes everything to a queue through
 * the default filter: the smallest configuration TaskRouter accepts.
 */
export const useWorkflowsStore = defineStore('workflows', () => {
  const list = useWorkspaceList((workspace_sid) => call('workflows.list', { workspace_sid }), ['workflow'])
  const { workspaceSid, items: workflows, status, loadError, load, show, upsert } = list

  /** @throws ApiCallError (`param: 'friendly_name'` for a duplicate name). */
  async function create(friendlyName: string, queueSid: string): Promise<Workflow> {
    const configuration = JSON.stringify({ task_routing: { default_filter: { queue: queueSid } } })
    const created = await call('workflows.create', { workspace_sid: workspaceSid.value!, friendly_name: friendlyName, configuration })
    upsert(created)
    return created
  }

  /** @throws ApiCallError: refused while tasks are still routed by it (the message says so). */
  async function remove(sid: string): Promise<void> {
    await call('workflows.delete', { workspace_sid: workspaceSid.value!, sid })
    list.drop(sid)
  }

  return { workspaceSid, workflows, status, loadError, load, show, create, remove }
})
