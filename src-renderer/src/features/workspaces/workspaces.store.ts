import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { MethodInput, PushPayload, Workspace } from '@contract'
import { ApiCallError, call, errorMessage, onResync, subscribe } from '@renderer/app/api'

const NOT_FOUND_CODE = 20404

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error'

/**
 * Every workspace, kept current by the pushed `app.changed` event (a changed workspace is
 * refetched, a deleted one dropped) rather than by polling. Actions throw `ApiCallError` so a
 * form can show `error.param` next to the field at fault.
 */
export const useWorkspacesStore = defineStore('workspaces', () => {
  // state
  const items = ref<Workspace[]>([])
  const status = ref<LoadStatus>('idle')
  const loadError = ref<string | null>(null)

  // getters
  /** Sorted by name, case-insensitively: how every list shows them. */
  const workspaces = computed(() =>
    [...items.value].sort((a, b) => a.friendly_name.localeCompare(b.friendly_name, undefined, { sensitivity: 'base' })),
  )
  const count = computed(() => items.value.length)

  function find(sid: string): Workspace | undefined {
    return items.value.find((workspace) => workspace.sid === sid)
  }

  // actions
  async function load(): Promise<void> {
    status.value = 'loading'
    try {
      items.value = await call('workspaces.list', {})
      status.value = 'ready'
      loadError.value = null
    } catch (error) {
      status.value = 'error'
      loadError.value = errorMessage(error)
    }
  }

  let stops: Array<() => void> = []
  /** Loads once and follows pushed changes; idempotent. */
  async function start(): Promise<void> {
    if (stops.length > 0) return
    stops = [subscribe('app.changed', (change) => void applyChange(change)), onResync(() => void load())]
    await load()
  }

  function stop(): void {
    for (const unsubscribe of stops) unsubscribe()
    stops = []
  }

  async function applyChange(change: PushPayload<'app.changed'>): Promise<void> {
    const touched = change.changes.filter((item) => item.kind === 'workspace')
    await Promise.all(
      touched.map(async (item) => {
        if (item.op === 'delete') {
          forget(item.sid)
          return
        }
        try {
          upsert(await call('workspaces.get', { sid: item.sid }))
        } catch (error) {
          if (error instanceof ApiCallError && error.code === NOT_FOUND_CODE) forget(item.sid)
        }
      }),
    )
  }

  function upsert(workspace: Workspace): void {
    const index = items.value.findIndex((item) => item.sid === workspace.sid)
    if (index === -1) items.value = [...items.value, workspace]
    else items.value = items.value.map((item, i) => (i === index ? workspace : item))
  }

  function forget(sid: string): void {
    items.value = items.value.filter((item) => item.sid !== sid)
  }

  /** @throws ApiCallError (e.g. `param: 'friendly_name'` for a duplicate name). */
  async function create(input: MethodInput<'workspaces.create'>): Promise<Workspace> {
    const created = await call('workspaces.create', input)
    upsert(created)
    return created
  }

  /** @throws ApiCallError */
  async function rename(sid: string, friendlyName: string): Promise<Workspace> {
    const updated = await call('workspaces.update', { sid, friendly_name: friendlyName })
    upsert(updated)
    return updated
  }

  /** Saves workspace settings. @throws ApiCallError (`param` names the field at fault). */
  async function update(sid: string, patch: Omit<MethodInput<'workspaces.update'>, 'sid'>): Promise<Workspace> {
    const updated = await call('workspaces.update', { sid, ...patch })
    upsert(updated)
    return updated
  }

  /** @throws ApiCallError */
  async function remove(sid: string): Promise<void> {
    await call('workspaces.delete', { sid })
    forget(sid)
  }

  return { items, status, loadError, workspaces, count, find, load, start, stop, create, rename, update, remove }
})
