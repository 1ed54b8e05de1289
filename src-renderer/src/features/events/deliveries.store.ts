import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { AUTH_TOKEN_NEEDED, type Delivery, type PushPayload } from '@contract'
import { call, errorMessage, onResync, subscribe } from '@renderer/app/api'
import type { LoadStatus } from '@renderer/features/workspaces/workspaces.store'

/** The newest deliveries kept (webhooks.deliveries allows up to 1,000 per call). */
export const DELIVERIES_MAX = 1000
/** An unknown delivery in a push means new rows: one refetch for a burst of them. */
export const DELIVERIES_REFETCH_MS = 300

/**
 * Applies a pushed `app.webhook` notice to the list: the row it names gets its new status and
 * attempts (and the notice's message as its last error when it failed). Returns null when the
 * row is not in the list (it is new: refetch).
 */
export function applyNotice(list: readonly Delivery[], notice: PushPayload<'app.webhook'>): Delivery[] | null {
  const index = list.findIndex((delivery) => delivery.sid === notice.delivery_sid)
  if (index < 0) return null
  const current = list[index]!
  const next: Delivery = {
    ...current,
    status: notice.status,
    attempts: notice.attempts,
    last_error: notice.status === 'delivered' ? null : notice.message ?? current.last_error,
    next_attempt_date: notice.status === 'pending' ? current.next_attempt_date : null,
    date_updated: new Date().toISOString(),
  }
  return [...list.slice(0, index), next, ...list.slice(index + 1)]
}

/**
 * The webhook outbox of the shown workspace (event callbacks and assignment callbacks) for the
 * Events area: the deliveries view, and per event its delivery status. Live from pushed
 * `app.webhook` notices; new deliveries are fetched once per burst.
 */
export const useDeliveriesStore = defineStore('deliveries', () => {
  // state
  const workspaceSid = ref<string | null>(null)
  const deliveries = shallowRef<Delivery[]>([])
  const status = ref<LoadStatus>('idle')
  const loadError = ref<string | null>(null)

  // getters
  /** Event SID -> its deliveries (event callback first, then an assignment callback). */
  const byEvent = computed(() => {
    const map = new Map<string, Delivery[]>()
    for (const delivery of deliveries.value) {
      const list = map.get(delivery.event_sid)
      if (list) list.push(delivery)
      else map.set(delivery.event_sid, [delivery])
    }
    return map
  })
  const failedCount = computed(() => deliveries.value.filter((d) => d.status === 'failed').length)
  const pendingCount = computed(() => deliveries.value.filter((d) => d.status === 'pending').length)
  /** Pending deliveries that cannot be signed until the Auth Token is proven again (after a restart). */
  const waitingForTokenCount = computed(() => deliveries.value.filter((d) => d.status === 'pending' && d.last_error?.startsWith(AUTH_TOKEN_NEEDED)).length)

  // actions
  let seq = 0
  async function load(): Promise<void> {
    const sid = workspaceSid.value
    if (!sid) return
    const mine = ++seq
    if (status.value !== 'ready') status.value = 'loading'
    try {
      const list = await call('webhooks.deliveries', { workspace_sid: sid, limit: DELIVERIES_MAX })
      if (mine !== seq) return
      deliveries.value = list
      status.value = 'ready'
      loadError.value = null
    } catch (error) {
      if (mine !== seq) return
      status.value = 'error'
      loadError.value = errorMessage(error)
    }
  }

  let timer: ReturnType<typeof setTimeout> | null = null
  function scheduleLoad(): void {
    timer ??= setTimeout(() => {
      timer = null
      void load()
    }, DELIVERIES_REFETCH_MS)
  }

  function receive(notice: PushPayload<'app.webhook'>): void {
    if (notice.workspace_sid !== workspaceSid.value) return
    const next = applyNotice(deliveries.value, notice)
    if (next) deliveries.value = next
    else scheduleLoad()
  }

  let stops: Array<() => void> = []
  async function show(sid: string): Promise<void> {
    if (sid !== workspaceSid.value) {
      workspaceSid.value = sid
      deliveries.value = []
      status.value = 'idle'
    }
    if (stops.length === 0) stops = [subscribe('app.webhook', receive), onResync(() => void load())]
    await load()
  }

  return { workspaceSid, deliveries, status, loadError, byEvent, failedCount, pendingCount, waitingForTokenCount, load, show }
})
