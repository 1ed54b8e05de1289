import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { flushPromises, mount } from '@vue/test-utils'
import type { VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { installTransport } from '@renderer/app/api'
import InstallationSettingsCard from '@renderer/features/settings/InstallationSettingsCard.vue'
import { importProblems, importWorkspaceFile, UPLOAD_PART_CHARS } from '@renderer/features/settings/workspaceTransfer'
import type { TransferProgress } from '@renderer/features/settings/workspaceTransfer'
import type { AppSettingsView } from '@contract'
import { createFakeTransport, fail } from '../../fakes/fakeTransport'
import type { FakeTransport } from '../../fakes/fakeTransport'
import { hostFor } from '../../fakes/host'

let wrapper: VueWrapper | null = null
const byTestId = (id: string): HTMLElement | null => document.body.querySelector(`[data-testid="${id}"]`)
async function type(id: string, value: string): Promise<void> {
  const input = byTestId(id) as HTMLInputElement
  input.value = value
  input.dispatchEvent(new Event('input'))
  input.dispatchEvent(new Event('blur'))
  await flushPromises()
}

function view(overrides: Partial<AppSettingsView> = {}): AppSettingsView {
  return {
    saved: { rest_server: { enabled: true, host: '127.0.0.1', port: 4780 }, retention_days: 30 },
    running: { enabled: true, host: '127.0.0.1', port: 4780, origin: 'http://127.0.0.1:4780' },
    restart_reasons: [],
    overrides: [],
    settings_file: '/data/settings.json',
    data_dir: '/data',
    ...overrides,
  }
}

async function mountCard(transport: FakeTransport): Promise<void> {
  installTransport(transport)
  const pinia = createPinia()
  setActivePinia(pinia)
  wrapper = mount(hostFor(InstallationSettingsCard), { global: { plugins: [pinia] }, attachTo: document.body })
  await flushPromises()
}

beforeEach(() => {
  document.body.innerHTML = ''
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
})

describe('REST server and retention settings', () => {
  it('saves the REST server and retention with settings.update and shows what needs a restart', async () => {
    const transport = createFakeTransport({
      'settings.get': () => view(),
      'settings.update': (input) => view({
        saved: { rest_server: { enabled: true, host: '127.0.0.1', port: (input.rest_server as { port: number }).port }, retention_days: input.retention_days as number },
        restart_reasons: ['The REST server listens on 127.0.0.1:4780; 127.0.0.1:4790 takes effect when Routedesk restarts.'],
      }),
    })
    await mountCard(transport)
    expect(byTestId('rest-running')?.textContent).toContain('http://127.0.0.1:4780/v1')
    expect(byTestId('rest-restart-needed')).toBeNull()
    await type('rest-port', '4790')
    await type('retention-days', '7')
    byTestId('installation-save')!.click()
    await flushPromises()
    expect(transport.calls.find((c) => c.method === 'settings.update')?.input).toEqual({ rest_server: { enabled: true, host: '127.0.0.1', port: 4790 }, retention_days: 7 })
    expect(byTestId('rest-restart-needed')?.textContent).toContain('4790 takes effect when Routedesk restarts')
  })

  it('shows a server refusal next to the field it names', async () => {
    const transport = createFakeTransport({
      'settings.get': () => view(),
      'settings.update': () => {
        throw fail({ message: 'rest_server.host must be a host name or an IP address', param: 'rest_server.host' })
      },
    })
    await mountCard(transport)
    await type('rest-host', 'not a host!')
    byTestId('installation-save')!.click()
    await flushPromises()
    expect(byTestId('rest-host-error')?.textContent).toContain('must be a host name')
    expect(byTestId('installation-form-error')).toBeNull()
  })
})

describe('workspace import (client side)', () => {
  it('uploads in parts, then starts and continues until done, reporting progress in order', async () => {
    let received = ''
    let done = 0
    const transport = createFakeTransport({
      'workspaceImports.upload': (input) => {
        received += String(input.text)
        return { import_id: 'IM' + 'a'.repeat(32), received_chars: received.length }
      },
      'workspaceImports.start': () => ({ import_id: 'IM' + 'a'.repeat(32), workspace_sid: 'WS1', friendly_name: 'Support', workers_total: 2000, workers_done: 0, done: false }),
      'workspaceImports.continue': () => {
        done += 1000
        return { import_id: 'IM' + 'a'.repeat(32), workspace_sid: 'WS1', friendly_name: 'Support', workers_total: 2000, workers_done: done, done: done === 2000 }
      },
    })
    installTransport(transport)
    const text = 'x'.repeat(UPLOAD_PART_CHARS * 2 + 10)
    const seen: TransferProgress[] = []
    const result = await importWorkspaceFile(text, (p) => seen.push(p))
    expect(received).toBe(text)
    expect(transport.calls.map((c) => c.method)).toEqual(['workspaceImports.upload', 'workspaceImports.upload', 'workspaceImports.upload', 'workspaceImports.start', 'workspaceImports.continue', 'workspaceImports.continue'])
    expect(transport.calls[1]!.input).toMatchObject({ import_id: 'IM' + 'a'.repeat(32) })
    expect(seen.map((p) => p.phase)).toEqual(['uploading', 'uploading', 'uploading', 'validating', 'creating', 'creating', 'done'])
    expect(seen.map((p) => p.fraction)).toEqual([...seen.map((p) => p.fraction)].sort((a, b) => a - b))
    expect(seen.at(-1)!.fraction).toBe(1)
    expect(result.done).toBe(true)
  })

  it('reads the problems of a refused file, ignoring anything malformed', () => {
    expect(importProblems({ problems: [{ path: 'workers.3.attributes', message: 'is not valid JSON' }, { nope: 1 }] })).toEqual([{ path: 'workers.3.attributes', message: 'is not valid JSON' }])
    expect(importProblems(undefined)).toEqual([])
  })
})
