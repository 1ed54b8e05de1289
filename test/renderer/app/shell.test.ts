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
    transport.handlers['workers.list'] = () => [{ sid: 'WK1' }, { sid: 'WK2' }, { sid: 'WK3' }]
    transport.handlers['queues.list'] = () => [{ sid: 'WQ1' }]
    await mountAt(`/workspaces/${support.sid}/overview`)
    const text = (id: string): string => document.body.querySelector(`[data-testid="${id}"]`)!.textContent!
    expect(text('count-workers')).toContain('3')
    expect(text('count-queues')).toContain('1')
    expect(text('count-workflows')).toContain('0')
    expect(text('overview-settings')).toContain('Support')
    expect(text('overview-settings')).toContain(support.sid)
    expect(text('status-counts')).toBe('3 workers · 1 queue · 0 workflows')
  })

  it('the overview recounts from app.changed without refetching every list', async () => {
    transport.handlers['workers.list'] = () => [{ sid: 'WK1' }]
    await mountAt(`/workspaces/${support.sid}/overview`)
    const lists = (): number => transport.calls.filter((c) => c.method === 'workers.list').length
    const before = lists()
    const count = (): string => document.body.querySelector('[data-testid="count-workers"]')!.textContent!
    // An update of a known worker changes nothing; a new one adds one; a delete removes one.
    transport.emit('app.changed', { workspace_sid: support.sid, changes: [{ kind: 'worker', sid: 'WK1', op: 'put' }] })
    await flushPromises()
    expect(count()).toContain('1')
    transport.emit('app.changed', { workspace_sid: support.sid, changes: [{ kind: 'worker', sid: 'WK2', op: 'put' }, { kind: 'worker', sid: 'WK3', op: 'put' }] })
    await flushPromises()
    expect(count()).toContain('3')
    transport.emit('app.changed', { workspace_sid: support.sid, changes: [{ kind: 'worker', sid: 'WK1', op: 'delete' }] })
    await flushPromises()
    expect(count()).toContain('2')
    expect(lists()).toBe(before)
  })
})
