import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import { installTransport } from '@renderer/app/api'
import { AREAS } from '@renderer/app/areas'
import { createAppRouter } from '@renderer/app/router'
import AreaNotBuilt from '@renderer/app/AreaNotBuilt.vue'
import App from '@renderer/App.vue'
import { createEvent } from '../fakes/factories'
import { createWorkspace, createWorkspaceBackend } from '../fakes/fakeTransport'
import type { FakeTransport } from '../fakes/fakeTransport'

const support = createWorkspace({ friendly_name: 'Support' })
let wrapper: VueWrapper | null = null
let transport: FakeTransport

async function mountAt(path: string): Promise<void> {
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createAppRouter(createMemoryHistory())
  await router.push(path)
  wrapper = mount(App, { global: { plugins: [pinia, router] }, attachTo: document.body })
  await flushPromises()
}

beforeEach(() => {
  document.body.innerHTML = ''
  ;({ transport } = createWorkspaceBackend([support]))
  transport.handlers['system.info'] = () => ({ name: 'Routedesk', version: '9.9.9', mode: 'headless', data_dir: '/d' })
  for (const method of ['activities.list', 'channels.list', 'workers.list', 'queues.list', 'workflows.list'] as const) transport.handlers[method] = () => []
  transport.handlers['workspaceCounts.get'] = () => ({ activities: 0, channels: 0, workers: 0, queues: 0, workflows: 0 })
  installTransport(transport)
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
})

describe('app shell', () => {
  it('the sidebar menu names exactly the ten areas, in order', async () => {
    await mountAt(`/workspaces/${support.sid}/overview`)
    const labels = [...document.body.querySelectorAll('[data-testid="area-menu"] .n-menu-item-content-header')].map((item) => item.textContent!.trim())
    expect(labels).toEqual(['Workers', 'Queues', 'Workflows', 'Tasks', 'Events', 'Activities', 'Channels', 'Wallboard', 'Simulate', 'Settings'])
  })

  it('every area is built: the router maps each to its own view, none to the placeholder', () => {
    expect(AREAS.filter((area) => !area.built).map((area) => area.name)).toEqual([])
    const routes = createAppRouter(createMemoryHistory()).getRoutes()
    for (const area of AREAS) {
      const component = routes.find((route) => route.name === area.name)?.components?.default
      expect(component, area.name).toBeDefined()
      expect(component, area.name).not.toBe(AreaNotBuilt)
    }
  })

  it('the status bar shows the connection state and counts, and follows changes', async () => {
    await mountAt('/')
    const bar = (): string => document.body.querySelector('[data-testid="status-bar"]')!.textContent!
    expect(bar()).toContain('Connected')
    expect(bar()).toContain('1 workspace')
    expect(bar()).toContain('Routedesk 9.9.9')
    transport.setState('reconnecting')
    await flushPromises()
    expect(bar()).toContain('Reconnecting')
    transport.emit('app.health', { store: 'read-only', message: 'disk full' })
    await flushPromises()
    expect(bar()).toContain('Storage is read-only')
  })

  it('a 401 shows the signed-out screen instead of the app', async () => {
    transport.handlers['workspaces.list'] = undefined
    transport.setState('signed-out')
    await mountAt('/')
    const screen = document.body.querySelector('[data-testid="signed-out"]')
    expect(screen?.textContent).toContain('You are signed out')
    expect(screen?.textContent).toContain('npm run serve')
    expect(document.body.querySelector('[data-testid="workspace-list"]')).toBeNull()
  })

  it('the overview shows the settings and the counts of each resource', async () => {
    transport.handlers['workspaceCounts.get'] = () => ({ activities: 4, channels: 5, workers: 3, queues: 1, workflows: 0 })
    await mountAt(`/workspaces/${support.sid}/overview`)
    const text = (id: string): string => document.body.querySelector(`[data-testid="${id}"]`)!.textContent!
    expect(text('count-workers')).toContain('3')
    expect(text('count-queues')).toContain('1')
    expect(text('count-workflows')).toContain('0')
    expect(text('overview-settings')).toContain('Support')
    expect(text('overview-settings')).toContain(support.sid)
    expect(text('status-counts')).toBe('3 workers · 1 queue · 0 workflows')
    // Counting never lists: 15,000 workers would be listed on every workspace opened.
    expect(transport.calls.filter((c) => c.method === 'workers.list')).toEqual([])
  })

  it.each([
    ['worker.created', support.sid, 1],
    ['task-queue.deleted', support.sid, 1],
    ['worker.activity.update', support.sid, 0],
    ['task.created', support.sid, 0],
    ['worker.created', 'WS' + 'f'.repeat(32), 0],
  ])('the overview counts again after %s in %s: %i more call(s)', async (eventType, workspaceSid, expectedCalls) => {
    let workers = 1
    transport.handlers['workspaceCounts.get'] = () => ({ activities: 4, channels: 5, workers, queues: 1, workflows: 1 })
    await mountAt(`/workspaces/${support.sid}/overview`)
    const countCalls = (): number => transport.calls.filter((c) => c.method === 'workspaceCounts.get').length
    const before = countCalls()
    workers = 2
    transport.emit('app.event', { ...createEvent({ event_type: eventType }), workspace_sid: workspaceSid })
    await flushPromises()
    expect(countCalls() - before).toBe(expectedCalls)
    expect(document.body.querySelector('[data-testid="count-workers"]')!.textContent).toContain(expectedCalls ? '2' : '1')
  })

  it('the overview asks once more, not once per event, after a burst of creations', async () => {
    transport.handlers['workspaceCounts.get'] = () => ({ activities: 4, channels: 5, workers: 9, queues: 1, workflows: 1 })
    await mountAt(`/workspaces/${support.sid}/overview`)
    const before = transport.calls.length
    for (let i = 0; i < 20; i++) transport.emit('app.event', { ...createEvent({ event_type: 'worker.created' }), workspace_sid: support.sid })
    await flushPromises()
    expect(transport.calls.slice(before).map((c) => c.method)).toEqual(['workspaceCounts.get', 'workspaceCounts.get'])
  })
})
