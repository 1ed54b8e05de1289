import { ref, type Ref } from 'vue'
import type { ResourceKind } from '@contract'
import { errorMessage } from '@renderer/app/api'
import { onResourcesChanged } from '@renderer/app/liveRefresh'
import type { LoadStatus } from '@renderer/features/workspaces/workspaces.store'

/**
 * One list of a workspace's resources for a feature store: loaded for the shown workspace,
 * refetched when a pushed `app.changed` touches `kinds` in that workspace (no polling), with
 * out-of-order answers of earlier loads ignored. Stores add their own actions around it.
 */
export function useWorkspaceList<T extends { sid: string }>(fetch: (workspaceSid: string) => Promise<T[]>, kinds: readonly ResourceKind[]) {
  const workspaceSid = ref<string | null>(null)
  const items = ref<T[]>([]) as Ref<T[]>
  const status = ref<LoadStatus>('idle')
  const loadError = ref<string | null>(null)

  let loadSeq = 0
  async function load(): Promise<void> {
    const sid = workspaceSid.value
    if (!sid) return
    const seq = ++loadSeq
    status.value = 'loading'
    try {
      const list = await fetch(sid)
      if (seq !== loadSeq) return
      items.value = list
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
      items.value = []
    }
    stopLive ??= onResourcesChanged(kinds, (changedSid) => {
      if (changedSid === null || changedSid === workspaceSid.value) void load()
    })
    await load()
  }

  /** Puts a created or updated item in place (or at the end). */
  function upsert(item: T): void {
    items.value = items.value.some((existing) => existing.sid === item.sid)
      ? items.value.map((existing) => (existing.sid === item.sid ? item : existing))
      : [...items.value, item]
  }

  function drop(sid: string): void {
    items.value = items.value.filter((item) => item.sid !== sid)
  }

  return { workspaceSid, items, status, loadError, load, show, upsert, drop }
}
