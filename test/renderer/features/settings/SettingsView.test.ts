import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { hostFor } from '../../fakes/host'
import { installTransport } from '@renderer/app/api'
import { useConnectionStore } from '@renderer/app/connection.store'
import SettingsView from '@renderer/features/settings/SettingsView.vue'
import { useWorkspacesStore } from '@renderer/features/workspaces/workspaces.store'
import type { Workspace } from '@contract'
import { createWorkspace, createWorkspaceBackend, fail } from '../../fakes/fakeTransport'
import type { FakeTransport } from '../../fakes/fakeTransport'
import { WS, createActivity } from '../../fakes/factories'

const offline = createActivity({ friendly_name: 'Offline', available: false })
const idle = createActivity({ friendly_name: 'Idle', available: true })
let wrapper: VueWrapper | null = null
const byTestId = (id: string): HTMLElement | null => document.body.querySelector(`[data-testid="${id}"]`)
async function type(id: string, value: string): Promise<void> {
  const input = byTestId(id) as HTMLInputElement
  input.value = value
  input.dispatchEvent(new Event('input'))
  await flushPromises()
}
async function click(id: string): Promise<void> {
  const element = byTestId(id)
  expect(element, id).not.toBeNull()
  element!.click()
  await flushPromises()
}

async function mountSettings(overrides: Partial<Workspace> = {}): Promise<{ transport: FakeTransport; rows: Workspace[] }> {
  const backend = createWorkspaceBackend([createWorkspace({ sid: WS, friendly_name: 'Support', default_activity_sid: offline.sid, timeout_activity_sid: offline.sid, ...overrides })])
  backend.transport.handlers['activities.list'] = () => [offline, idle]
  backend.transport.handlers['system.info'] = () => ({ name: 'Routedesk', version: '2.3.4', mode: 'headless', data_dir: '/srv/routedesk' })
  backend.transport.handlers['settings.get'] = () => installationView()
  const update = backend.transport.handlers['workspaces.update']!
  backend.transport.handlers['workspaces.update'] = (input) => {
    if (typeof input.event_callback_url === 'string' && !/^https?:/.test(input.event_callback_url)) throw fail({ message: 'must be an http(s) URL', param: 'event_callback_url' })
    // A copy, as a real transport answers (the fake mutates its row in place).
    return { ...(update(input) as Workspace) }
  }
  installTransport(backend.transport)
  const pinia = createPinia()
  setActivePinia(pinia)
  await useWorkspacesStore().load()
  useConnectionStore().start()
  wrapper = mount(hostFor(SettingsView, { workspaceSid: WS }), { global: { plugins: [pinia] }, attachTo: document.body })
  await flushPromises()
  return backend
}

function installationView(): unknown {
  return {
    saved: { rest_server: { enabled: true, host: '127.0.0.1', port: 4780 }, retention_days: 30 },
    running: { enabled: true, host: '127.0.0.1', port: 4780, origin: 'http://127.0.0.1:4780' },
    restart_reasons: [],
    overrides: [],
    settings_file: '/srv/routedesk/settings.json',
    data_dir: '/srv/routedesk',
  }
}

beforeEach(() => {
  document.body.innerHTML = ''
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
})

describe('SettingsView', () => {
  it('shows the workspace settings and this Routedesk (version, mode, data folder, REST server settings)', async () => {
    await mountSettings()
    expect((byTestId('settings-name') as HTMLInputElement).value).toBe('Support')
    expect(byTestId('settings-version')?.textContent).toBe('2.3.4')
    expect(byTestId('settings-mode')?.textContent).toContain('Headless')
    expect(byTestId('settings-data-dir')?.textContent).toBe('/srv/routedesk')
    expect((byTestId('rest-port') as HTMLInputElement).value).toBe('4780')
    expect(byTestId('settings-file')?.textContent).toBe('/srv/routedesk/settings.json')
    expect(byTestId('workspace-export')?.textContent).toContain('Support')
  })

  it('saves only what changed with workspaces.update; a server error lands next to its field', async () => {
    const { transport, rows } = await mountSettings()
    await type('settings-callback-url', 'ftp://nope')
    await click('settings-save')
    expect(byTestId('settings-event_callback_url-error')?.textContent).toContain('http(s) URL')
    expect(byTestId('settings-form-error')).toBeNull()

    await type('settings-callback-url', 'https://hooks.example.com/tr')
    expect(byTestId('settings-event_callback_url-error')).toBeNull()
    await type('settings-events-filter', 'task.created,task.canceled')
    await type('settings-name', 'Support EU')
    await click('settings-save')
    const saves = transport.calls.filter((c) => c.method === 'workspaces.update')
    expect(saves.at(-1)!.input).toEqual({ sid: WS, friendly_name: 'Support EU', event_callback_url: 'https://hooks.example.com/tr', events_filter: 'task.created,task.canceled' })
    expect(rows[0]!.friendly_name).toBe('Support EU')
    expect(useWorkspacesStore().find(WS)?.event_callback_url).toBe('https://hooks.example.com/tr')
  }, 15_000) // several saves through naive-ui: slow on a loaded 2-core machine

  it('a name is required before calling the server', async () => {
    const { transport } = await mountSettings()
    await type('settings-name', '  ')
    await click('settings-save')
    expect(byTestId('settings-friendly_name-error')?.textContent).toContain('required')
    expect(transport.calls.some((c) => c.method === 'workspaces.update')).toBe(false)
  })

  it('multitasking can be turned on, and once on the switch is locked with the reason', async () => {
    const { transport } = await mountSettings()
    expect(byTestId('settings-multitask-locked')).toBeNull()
    await click('settings-multitask')
    await click('settings-save')
    expect(transport.calls.find((c) => c.method === 'workspaces.update')!.input).toEqual({ sid: WS, multi_task_enabled: true })
    expect(byTestId('settings-multitask-locked')?.textContent).toContain('does not let a workspace turn multitasking off')
    expect(byTestId('settings-multitask')?.className).toContain('disabled')
  })
})
