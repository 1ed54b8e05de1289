import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { AUTH_TOKEN_NEEDED, type Delivery } from '@contract'
import { installTransport } from '@renderer/app/api'
import { useDeliveriesStore } from '@renderer/features/events/deliveries.store'
import { createFakeTransport } from '../../fakes/fakeTransport'
import { WS } from '../../fakes/factories'

beforeEach(() => setActivePinia(createPinia()))

function delivery(sid: string, status: Delivery['status'], lastError: string | null): Delivery {
  return {
    sid, workspace_sid: WS, kind: 'event', event_sid: 'EV' + sid.slice(2), event_type: 'task.created', url: 'http://receiver.test/events', fallback_url: null,
    params: {}, status, attempts: 0, next_attempt_date: null, last_status_code: null, last_error: lastError, response: null,
    date_created: '2026-11-22T10:00:00Z', date_updated: '2026-11-22T10:00:00Z',
  }
}

describe('deliveries store', () => {
  it('counts the pending callbacks that wait for the Auth Token apart from other retries (the Events banner)', async () => {
    const waiting = `${AUTH_TOKEN_NEEDED}: it is stored only as a hash, ...`
    installTransport(createFakeTransport({
      'webhooks.deliveries': () => [
        delivery('WD1', 'pending', waiting),
        delivery('WD2', 'pending', waiting),
        delivery('WD3', 'pending', 'HTTP 500'),
        delivery('WD4', 'failed', waiting),
        delivery('WD5', 'delivered', null),
      ],
    }))
    const store = useDeliveriesStore()
    await store.show(WS)
    expect({ waiting: store.waitingForTokenCount, pending: store.pendingCount, failed: store.failedCount }).toEqual({ waiting: 2, pending: 3, failed: 1 })
  })
})
