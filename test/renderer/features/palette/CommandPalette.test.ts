import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import type { Router } from 'vue-router'
import { installTransport } from '@renderer/app/api'
import { createAppRouter } from '@renderer/app/router'
import App from '@renderer/App.vue'
import { usePaletteStore } from '@renderer/features/palette/palette.store'
import { searchPalette } from '@renderer/features/palette/paletteSearch'
import type { PaletteItem } from '@renderer/features/palette/paletteSearch'
import { createWorkspace, createWorkspaceBackend } from '../../fakes/fakeTransport'
import { WS, createQueue, createTask, createWorker, createWorkflow } from '../../fakes/factories'

const ws = createWorkspace({ sid: WS, friendly_name: 'Support desk' })
const alice = createWorker({ friendly_name: 'Alice Martin', activity_name: 'Available' })
const bob = createWorker({ friendly_name: 'Bob Alison' })
const billing = createQueue({ friendly_name: 'Billing' })
const flow = createWorkflow({ friendly_name: 'Main routing' })
const task = createTask({ attributes: '{"type":"refund","customer":"Acme"}', task_queue_friendly_name: 'Billing' })

let wrapper: VueWrapper | null = null
let router: Router
const byTestId = (id: string): HTMLElement | null => document.body.querySelector(`[data-testid="${id}"]`)
const options = (): HTMLElement[] => [...document.body.querySelectorAll<HTMLElement>('[data-testid="palette-option"]')]
const key = (target: EventTarget, init: KeyboardEventInit): void => void target.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }))
async function type(value: string): Promise<void> {
  const input = byTestId('palette-input') as HTMLInputElement
  input.value = value
  input.dispatchEvent(new Event('input'))
  await flushPromises()
}

beforeEach(async () => {
  document.body.innerHTML = ''
  const { transport } = createWorkspaceBackend([ws, createWorkspace({ friendly_name: 'Sales floor' })])
  transport.handlers['system.info'] = () => ({ name: 'Routedesk', version: '1.0.0', mode: 'headless', data_dir: '/d' })
  transport.handlers['workers.list'] = () => [alice, bob]
  transport.handlers['queues.list'] = () => [billing]
  transport.handlers['workflows.list'] = () => [flow]
  transport.handlers['tasks.list'] = () => [task]
  for (const method of ['activities.list', 'channels.list', 'reservations.list', 'workerChannels.list'] as const) transport.handlers[method] = () => []
  installTransport(transport)
  const pinia = createPinia()
  setActivePinia(pinia)
  router = createAppRouter(createMemoryHistory())
  await router.push(`/workspaces/${WS}/overview`)
  wrapper = mount(App, { global: { plugins: [pinia, router] }, attachTo: document.body })
  await flushPromises()
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
})

describe('command palette', () => {
  it('Ctrl+K opens it; typing finds workers by name, arrows + Enter open the worker’s drawer', async () => {
    expect(byTestId('palette')).toBeNull()
    key(window, { key: 'k', ctrlKey: true })
    await flushPromises()
    expect(byTestId('palette')).not.toBeNull()
    // Everything of the workspace (and the workspaces) is listed before typing.
    expect(options().map((o) => o.dataset.kind)).toEqual(expect.arrayContaining(['worker', 'queue', 'workflow', 'task', 'workspace']))

    await type('ali')
    expect(options().map((o) => o.textContent)).toEqual([expect.stringContaining('Alice Martin'), expect.stringContaining('Bob Alison')])
    expect(options()[0]!.getAttribute('aria-selected')).toBe('true')
    const input = byTestId('palette-input')!
    key(input, { key: 'ArrowDown' })
    await flushPromises()
    expect(options()[1]!.getAttribute('aria-selected')).toBe('true')
    key(input, { key: 'ArrowUp' })
    await flushPromises()
    key(input, { key: 'Enter' })
    await flushPromises()
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('workers')
    // The area consumed ?select= and opened the drawer.
    expect(router.currentRoute.value.query.select).toBeUndefined()
    expect(byTestId('worker-drawer')?.textContent).toContain('Alice Martin')
  })

  it('finds a queue by SID and a task by its attributes; Enter opens the task drawer; Escape closes', async () => {
    key(window, { key: 'k', metaKey: true })
    await flushPromises()
    await type(billing.sid.slice(0, 20))
    expect(options().map((o) => o.dataset.sid)).toEqual([billing.sid])
    await type('refund')
    expect(options().map((o) => o.dataset.kind)).toEqual(['task'])
    key(byTestId('palette-input')!, { key: 'Enter' })
    await flushPromises()
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('tasks')
    expect(byTestId('task-drawer')).not.toBeNull()

    key(window, { key: 'k', ctrlKey: true })
    await flushPromises()
    await type('zzz')
    expect(byTestId('palette-empty')?.textContent).toContain('Nothing matches')
    key(byTestId('palette-input')!, { key: 'Escape' })
    await flushPromises()
    // happy-dom runs no CSS transitions, so the modal's leave animation never ends here: check the state.
    expect(usePaletteStore().isOpen).toBe(false)
  })

  it('lists workspaces by name and jumps to their overview', async () => {
    key(window, { key: 'k', ctrlKey: true })
    await flushPromises()
    await type('sales')
    expect(options().map((o) => o.dataset.kind)).toEqual(['workspace'])
    options()[0]!.click()
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('overview')
    expect(router.currentRoute.value.params.workspaceSid).not.toBe(WS)
  })
})

describe('searchPalette', () => {
  const item = (kind: PaletteItem['kind'], sid: string, label: string): PaletteItem => ({ kind, sid, label, detail: '', to: '/' })
  it('ranks an exact SID, then name prefixes, then substrings', () => {
    const items = [item('worker', 'WK1', 'Mary Ann'), item('queue', 'WQ2', 'Annex'), item('worker', 'WKANN', 'Zed')]
    expect(searchPalette(items, 'ann').map((i) => i.label)).toEqual(['Annex', 'Mary Ann', 'Zed'])
    expect(searchPalette(items, 'wkann').map((i) => i.label)).toEqual(['Zed'])
    expect(searchPalette(items, '', 2)).toHaveLength(2)
  })
})
