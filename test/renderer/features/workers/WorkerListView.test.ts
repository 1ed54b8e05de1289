import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { hostFor } from '../../fakes/host'
import { installTransport } from '@renderer/app/api'
import WorkerListView from '@renderer/features/workers/WorkerListView.vue'
import WorkerDrawer from '@renderer/features/workers/WorkerDrawer.vue'
import { useWorkersStore } from '@renderer/features/workers/workers.store'
import { useActivitiesStore } from '@renderer/features/activities/activities.store'
import { FakeFailure } from '../../fakes/fakeTransport'
import type { Worker } from '@contract'
import { WS, createWorker } from '../../fakes/factories'
import { createWorkerBackend } from '../../fakes/workerBackend'

let wrapper: VueWrapper | null = null
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

async function mountView(workers: Worker[]) {
  const backend = createWorkerBackend(workers)
  installTransport(backend.transport)
  const pinia = createPinia()
  setActivePinia(pinia)
  const Host = hostFor(WorkerListView, { workspaceSid: WS })
  wrapper = mount(Host, { global: { plugins: [pinia] }, attachTo: document.body })
  await flushPromises()
  return backend
}
const byTestId = (id: string): HTMLElement | null => document.body.querySelector(`[data-testid="${id}"]`)
const allByTestId = (id: string): HTMLElement[] => [...document.body.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)]

beforeEach(() => {
  document.body.innerHTML = ''
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
})

describe('WorkerListView', () => {
  it('15,000 workers: the count says so, and only a window of rows exists in the DOM', async () => {
    const workers = Array.from({ length: 15_000 }, (_, i) => createWorker({ friendly_name: `Agent ${String(i).padStart(5, '0')}`, skills: i % 2 ? ['support'] : ['sales'] }))
    await mountView(workers)
    expect(byTestId('worker-count')?.textContent).toBe(`${(15_000).toLocaleString()} workers`)
    // happy-dom has no layout, so the virtual list shows no window here; the point is that it
    // does not render 15,000 rows. test/e2e/workers.e2e.test.ts scrolls the real thing.
    expect(allByTestId('worker-row').length).toBeLessThan(200)
    expect(byTestId('worker-table')).not.toBeNull()
  })

  it('explains an empty workspace', async () => {
    await mountView([])
    expect(byTestId('worker-empty')?.textContent).toContain('No workers yet')
  })

  it('opens a worker in the drawer and saves attributes with if_match; a server error lands next to the field', async () => {
    const ann = createWorker({ friendly_name: 'Ann', attributes: '{"skills":["a"]}' })
    const backend = createWorkerBackend([ann])
    const transport = backend.transport
    installTransport(transport)
    const pinia = createPinia()
    setActivePinia(pinia)
    await useWorkersStore().show(WS)
    await useActivitiesStore().show(WS)
    const Host = hostFor(WorkerDrawer, { workerSid: ann.sid })
    wrapper = mount(Host, { global: { plugins: [pinia] }, attachTo: document.body })
    await flushPromises()
    expect(byTestId('worker-drawer')?.textContent).toContain(ann.sid)
    expect(byTestId('json-counter')?.textContent).toMatch(/\d+ \/ 4,?096 characters/)
    // Channels of the worker are listed with capacity and availability.
    await sleep(200)
    await flushPromises()
    expect(allByTestId('worker-channel-row')).toHaveLength(2)

    transport.handlers['workers.update'] = () => {
      throw new FakeFailure({ code: 20001, status: 400, message: 'attributes must be at most 4096 characters', param: 'attributes' })
    }
    const input = byTestId('worker-name-input') as HTMLInputElement
    input.value = 'Ann B'
    input.dispatchEvent(new Event('input'))
    await flushPromises()
    byTestId('worker-save')!.click()
    await flushPromises()
    expect(byTestId('worker-drawer')?.querySelector('[data-testid="json-problem"]')?.textContent).toContain('at most 4096')
    const update = transport.calls.find((c) => c.method === 'workers.update')!.input as Record<string, unknown>
    expect(update).toMatchObject({ sid: ann.sid, friendly_name: 'Ann B', if_match: '1' })
  })
})
