import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { PushPayload } from '@contract'
import { call, errorMessage, onResync, subscribe } from '@renderer/app/api'
import type { LoadStatus } from '@renderer/features/workspaces/workspaces.store'

export interface WorkspaceCounts {
  activities: number
  channels: number
  workers: number
  queues: number
  workflows: number
}

/** The events after which a count may differ (updates, by far the most frequent pushes, cannot change one). */
const COUNT_CHANGING_EVENTS = new Set(
  ['activity', 'task-channel', 'worker', 'task-queue', 'workflow'].flatMap((resource) => [`${resource}.created`, `${resource}.deleted`]),
)

/**
 * How many activities, channels, workers, queues and workflows the shown workspace has (the
 * Overview page and the status bar): one small `workspaceCounts.get` call, asked again when a
 * pushed event creates or deletes one of them (at most one call in flight; events arriving
 * meanwhile ask once more after it), and after a dropped link. Listing every resource to count
 * it cost a 15,000-worker list per workspace opened.
 */
export const useOverviewStore = defineStore('overview', () => {
  // state
  const workspaceSid = ref<string | null>(null)
  const counts = ref<WorkspaceCounts | null>(null)
  const status = ref<LoadStatus>('idle')
  const loadError = ref<string | null>(null)

  // actions
  let loadSeq = 0
  let inFlight: Promise<void> | null = null
  let askAgain = false
  async function load(): Promise<void> {
    const sid = workspaceSid.value
    if (!sid) return
    const seq = ++loadSeq
    if (counts.value === null) status.value = 'loading'
    try {
      const fresh = await call('workspaceCounts.get', { workspace_sid: sid })
      if (seq !== loadSeq) return
      counts.value = fresh
      status.value = 'ready'
      loadError.value = null
    } catch (error) {
      if (seq !== loadSeq) return
      status.value = 'error'
      loadError.value = errorMessage(error)
    }
  }

  /** A burst of changes costs one call now and at most one more when it answers. */
  function refresh(): void {
    if (inFlight) {
      askAgain = true
      return
    }
    inFlight = load().finally(() => {
      inFlight = null
      if (askAgain) {
        askAgain = false
        refresh()
      }
    })
  }

  function applyEvent(event: PushPayload<'app.event'>): void {
    if (event.workspace_sid === workspaceSid.value && COUNT_CHANGING_EVENTS.has(event.event_type)) refresh()
  }

  let stopLive: (() => void) | null = null
  /** Shows `sid` (or nothing); follows its changes until another workspace is shown. */
  async function show(sid: string | null): Promise<void> {
    if (sid === workspaceSid.value && status.value !== 'idle') return
    workspaceSid.value = sid
    counts.value = null
    status.value = 'idle'
    stopLive ??= (() => {
      const stops = [subscribe('app.event', applyEvent), onResync(() => refresh())]
      return () => stops.forEach((stop) => stop())
    })()
    await load()
  }

  return { workspaceSid, counts, status, loadError, load, show }
})
